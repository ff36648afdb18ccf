/**
 * `--pr-body FILE|-` and `--pr-author LOGIN`: the pull request's description
 * and author, so PR-level attribution can be seen and tested locally.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PullRequestClaim } from '../attribution/attribute.js';
import { CliError, readAll, type CliIo } from './io.js';

export const PULL_REQUEST_OPTIONS = {
  'pr-body': { type: 'string' },
  'pr-author': { type: 'string' },
} as const;

/** Help lines for the two flags, the descriptions starting at column `width`. */
export function pullRequestHelp(width: number, stdin: boolean): string {
  const row = (flag: string, lines: string[]) => lines.map((l, i) => (i === 0 ? `  ${flag}`.padEnd(width) : ' '.repeat(width)) + l).join('\n');
  return (
    [
      row(stdin ? '--pr-body FILE|-' : '--pr-body FILE', [
        `the pull request's description${stdin ? ' (`-`: stdin)' : ''}; agent footers and`,
        'session links in it attribute commits that carry no evidence',
        'of their own (PR-level evidence, never a model)',
      ]),
      row('--pr-author LOGIN', ["the pull request's author; an agent's bot account such as", '`copilot-swe-agent[bot]` is PR-level evidence too']),
    ].join('\n') + '\n'
  );
}

/** GitHub logins: alphanumerics and single hyphens, up to 39 characters; Apps add `[bot]`. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/;

export async function readPullRequestClaim(
  values: { 'pr-body'?: string | undefined; 'pr-author'?: string | undefined },
  io: CliIo,
  opts: { stdinTaken: string | null },
): Promise<PullRequestClaim | null> {
  const bodyFlag = values['pr-body'];
  const authorFlag = values['pr-author'];
  if (bodyFlag === undefined && authorFlag === undefined) return null;
  let author: PullRequestClaim['author'] = null;
  if (authorFlag !== undefined) {
    const login = authorFlag.trim().replace(/^@/, '');
    const match = LOGIN.exec(login);
    if (!match) throw new CliError(`--pr-author must be a GitHub login such as octocat or copilot-swe-agent[bot], got ${JSON.stringify(authorFlag)}`);
    author = { login, isBot: match[1] !== undefined, id: null };
  }
  let body: string | null = null;
  if (bodyFlag === '-') {
    if (opts.stdinTaken)
      throw new CliError(`--pr-body - cannot read stdin: it carries ${opts.stdinTaken}`, 'write the description to a file and pass --pr-body FILE');
    if (io.stdin.isTTY) throw new CliError('--pr-body - reads the description on stdin', 'pipe one in, or pass --pr-body FILE');
    body = await readAll(io.stdin);
  } else if (bodyFlag !== undefined) {
    body = await readBodyFile(io.cwd, bodyFlag);
  }
  return { author, body };
}

async function readBodyFile(cwd: string, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`cannot read --pr-body ${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`cannot read --pr-body ${file}: it is a directory`);
    throw new CliError(`cannot read --pr-body ${file}: ${(err as Error).message}`);
  }
}
