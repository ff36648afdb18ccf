/**
 * `npm run demo`: builds a throwaway git repository whose feature branch was
 * written by several AI agents and a human, then runs `proofgate check` on it
 * with the built-in default policy. Always exits 0: the verdict is the output.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';

interface Person {
  name: string;
  email: string;
}

const ADA: Person = { name: 'Ada Lovelace', email: 'ada@example.com' };
const GRACE: Person = { name: 'Grace Hopper', email: 'grace@example.com' };
const COPILOT: Person = { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' };

const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-demo-'));
let clock = Date.UTC(2026, 0, 12, 9, 0) / 1000;

function git(args: string[], env: Record<string, string> = {}, input?: string): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function commit(message: string, files: Record<string, string>, author: Person, committer: Person = author): string {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  git(['add', '-A']);
  clock += 17 * 60;
  const date = `${clock} +0000`;
  git(
    ['commit', '-q', '-F', '-'],
    {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: date,
    },
    message,
  );
  return git(['rev-parse', 'HEAD']).trim();
}

function buildHistory(): void {
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.name', ADA.name]);
  git(['config', 'user.email', ADA.email]);

  commit(
    'Initial import',
    {
      'README.md': '# payments\n\nA small payments service.\n',
      'package.json': '{ "name": "payments", "version": "1.0.0" }\n',
      'src/index.ts': "export { charge } from './charge.js';\n",
      'src/charge.ts': 'export function charge(cents: number) {\n  return { ok: cents > 0 };\n}\n',
      'src/auth/session.ts': 'export function sessionTtl() {\n  return 3600;\n}\n',
      'docs/guide.md': '# Guide\n\nCall `charge(cents)`.\n',
    },
    ADA,
  );

  git(['checkout', '-q', '-b', 'feature/refunds']);

  commit(
    [
      'Add refunds to the charge API',
      '',
      'Refunds reuse the charge validation and return the refunded amount.',
      '',
      '🤖 Generated with [Claude Code](https://claude.com/claude-code)',
      '',
      'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>',
      '',
    ].join('\n'),
    {
      'src/refund.ts': 'export function refund(cents: number) {\n  return { ok: cents > 0, refunded: cents };\n}\n',
      'src/index.ts': "export { charge } from './charge.js';\nexport { refund } from './refund.js';\n",
    },
    ADA,
  );

  commit(
    'docs: describe refunds in the guide\n\nCo-authored-by: aider (gpt-5-mini) <aider@aider.chat>\n',
    { 'docs/guide.md': '# Guide\n\nCall `charge(cents)`; undo it with `refund(cents)`.\n' },
    { name: 'Ada Lovelace (aider)', email: ADA.email },
  );

  commit(
    'Shorten session lifetime for refund endpoints\n\nCo-authored-by: Ada Lovelace <ada@example.com>\n',
    { 'src/auth/session.ts': 'export function sessionTtl(refund = false) {\n  return refund ? 300 : 3600;\n}\n' },
    COPILOT,
    { name: 'GitHub', email: 'noreply@github.com' },
  );

  const noted = commit(
    'Validate refund amounts',
    {
      'src/refund.ts':
        'export function refund(cents: number) {\n  if (!Number.isInteger(cents)) throw new Error("cents must be an integer");\n  return { ok: cents > 0, refunded: cents };\n}\n',
    },
    GRACE,
  );
  // Git AI records which lines an agent wrote even when the commit message says nothing.
  const note = [
    'src/refund.ts',
    '  s_61bbcfe4478210::t_3f250d99a5a178 2',
    '---',
    JSON.stringify(
      {
        schema_version: 'authorship/3.0.0',
        git_ai_version: '1.5.6',
        base_commit_sha: noted,
        prompts: {},
        sessions: {
          s_61bbcfe4478210: {
            agent_id: { tool: 'cursor', id: '1fd1858d-9497-4a83-b6c4-aebbc8661cbb', model: 'gpt-5' },
            human_author: 'Grace Hopper <grace@example.com>',
          },
        },
      },
      null,
      2,
    ),
  ].join('\n');
  git(['notes', '--ref=ai', 'add', '-F', '-', noted], {}, note);

  commit('Mention refunds in the README', { 'README.md': '# payments\n\nA small payments service with charges and refunds.\n' }, ADA);
}

async function run(): Promise<void> {
  buildHistory();
  const log = git(['log', '--reverse', '--format=  %h %<(22,trunc)%an %s', 'main..HEAD']);
  process.stdout.write(`Demo repository: ${dir}\nFeature branch feature/refunds, commits since main:\n${log}\n`);
  process.stdout.write('$ proofgate check\n\n');

  const code = await main(['check', '--repo', dir], {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: dir,
    env: process.env,
  });
  const meaning: Record<number, string> = {
    0: 'success (nothing blocks this branch)',
    1: 'failure (a violation or a failed proof)',
    2: 'error (see the message above)',
    3: 'pending (proof that cannot be known locally, such as CI checks or reviews)',
  };
  const assertions = (await pendingProofs()).map((name) => `--proof ${name}=pass`).join(' ');
  process.stdout.write(
    [
      '',
      `Conclusion: ${meaning[code] ?? `exit code ${code}`}; \`proofgate check\` exits ${code} for this.`,
      'Re-run it, as text or as the JSON receipt:',
      `  npx proofgate check --repo ${dir}`,
      `  npx proofgate check --repo ${dir} --format json`,
      ...(assertions
        ? [
            `Assert the proofs that cannot be seen locally, as if CI and a reviewer had passed them${code === 1 ? ' (the violations above still fail it)' : ''}:`,
            `  npx proofgate check --repo ${dir} ${assertions}`,
          ]
        : []),
      '',
    ].join('\n'),
  );
}

/** The proofs still pending, read from the JSON receipt of a second, silent run. */
async function pendingProofs(): Promise<string[]> {
  let json = '';
  const silent = { write: () => true };
  await main(['check', '--repo', dir, '--format', 'json'], {
    stdin: process.stdin,
    stdout: { write: (chunk: string) => (json += chunk) },
    stderr: silent,
    cwd: dir,
    env: process.env,
  });
  try {
    const receipt = JSON.parse(json) as { proofs?: Array<{ name: string; status: string }> };
    return (receipt.proofs ?? []).filter((p) => p.status === 'pending').map((p) => p.name);
  } catch {
    return [];
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
