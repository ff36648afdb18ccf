/**
 * `proofgate validate [FILE] [--repo DIR [--rev REV]]`: check a policy file and
 * report every problem with its position; with `--repo`, also every route glob
 * that matches no file of the repository at REV.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_POLICY_PATH } from '../policy/default.js';
import { readTreeAt } from '../local/git.js';
import { deadGlobIssues } from '../policy/dead-globs.js';
import { loadPolicy, positionIssues } from '../policy/load.js';
import { formatPolicyError } from '../policy/types.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';

export const VALIDATE_HELP = `Usage: proofgate validate [FILE] [--repo DIR [--rev REV]]

Checks a routing policy: YAML syntax, unknown keys, unknown proof or tier
names, globs that do not compile, duplicate routes. With --repo, also warns
about every route glob or exclusion that matches no file of the repository.

  FILE          the policy file (default: ${DEFAULT_POLICY_PATH}; with --repo
                and no FILE, that file at REV in the repository)
  --repo DIR    check the globs against the files of this git repository
  --rev REV     the revision whose files count (default: HEAD)
  -h, --help    show this help

Exit codes: 0 valid, 1 valid but some glob matches no file (--repo),
2 invalid (one "file:line:col: message" line per problem on stderr).
`;

export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv, { repo: { type: 'string' }, rev: { type: 'string' } }, 1);
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return EXIT.success;
  }
  if (values.rev !== undefined && values.repo === undefined) {
    throw new CliError('--rev needs --repo', 'pass --repo DIR, the repository whose files the globs are checked against');
  }
  const tree = values.repo === undefined ? null : await readTreeAt(path.resolve(io.cwd, values.repo), values.rev ?? 'HEAD', '--rev');
  const file = positionals[0] ?? DEFAULT_POLICY_PATH;
  let text: string;
  if (tree && positionals[0] === undefined) {
    const atRev = await tree.readFile(DEFAULT_POLICY_PATH);
    if (atRev === null) throw new CliError(`no ${DEFAULT_POLICY_PATH} at ${values.rev ?? 'HEAD'} (${tree.sha.slice(0, 7)})`, 'pass the policy file to check');
    text = atRev;
  } else text = await readPolicyFile(io.cwd, file);
  const result = loadPolicy(text, { path: file, origin: 'file', ref: null });
  if (!result.ok) {
    for (const error of result.errors) println(io.stderr, formatPolicyError(error));
    return EXIT.usage;
  }
  const doc = result.policy.doc;
  const counts = [plural(doc.routes.length, 'route'), plural(Object.keys(doc.proofs).length, 'proof'), plural(Object.keys(doc.tiers).length, 'tier')];
  if (!tree) {
    println(io.stdout, `${file}: valid (${counts.join(', ')})`);
    return EXIT.success;
  }
  const where = `at ${values.rev ?? 'HEAD'} (${tree.sha.slice(0, 7)})`;
  const dead = positionIssues(text, file, deadGlobIssues(doc, tree.files, where));
  for (const warning of dead) println(io.stderr, formatPolicyError({ ...warning, message: `warning: ${warning.message}` }));
  const deadNote =
    dead.length > 0 ? `; ${plural(dead.length, 'glob')} ${dead.length === 1 ? 'matches' : 'match'} no file ${where}` : `; every glob matches a file ${where}`;
  println(io.stdout, `${file}: valid (${counts.join(', ')})${deadNote}`);
  return dead.length > 0 ? EXIT.failure : EXIT.success;
}

/** A policy file from disk; a missing or unreadable file is a one-line usage error. */
export async function readPolicyFile(cwd: string, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CliError(
        `cannot read ${file}: no such file`,
        file === DEFAULT_POLICY_PATH ? 'pass the policy file to check, or run from the repository root' : null,
      );
    }
    if (code === 'EISDIR') throw new CliError(`cannot read ${file}: it is a directory`);
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
