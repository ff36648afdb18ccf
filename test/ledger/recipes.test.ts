/**
 * The recipes of docs/ledger.md, run as written: the Claude Code hook command
 * from the settings.json shown there, and the prepare-commit-msg hook script,
 * with a real `proofgate` executable on PATH and a real `git commit`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A build of its own, so this file never races another test's `tsc` over build/.
const out = path.join(root, 'node_modules/.cache/proofgate-recipes');
const binDir = path.join(out, 'bin');
const transcript = path.join(root, 'test/fixtures/transcripts/claude-code-session.jsonl');
const docs = readFileSync(path.join(root, 'docs/ledger.md'), 'utf8');

/** The fenced block of a language that follows a heading of docs/ledger.md. */
function block(heading: string, lang: string): string {
  const section = docs.slice(docs.indexOf(heading));
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`docs/ledger.md has no ${lang} block under ${heading}`);
  return match[1]!;
}

let repo: TempRepo;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: root,
    stdio: 'ignore',
  });
  if (!existsSync(path.join(out, 'src/cli/main.js'))) throw new Error('tsc did not build src/cli/main.js');
  mkdirSync(binDir, { recursive: true });
  const shim = path.join(binDir, 'proofgate');
  writeFileSync(
    shim,
    `#!${process.execPath}\nimport { main } from '../src/cli/main.js';\nprocess.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });\n`,
  );
  chmodSync(shim, 0o755);
  writeFileSync(path.join(binDir, 'package.json'), '{"type":"module"}\n');
  env = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  repo = makeFeatureRepo();
}, 120_000);
afterAll(() => repo?.cleanup());

describe('docs/ledger.md recipes', () => {
  it('the Claude Code SessionEnd and Stop hooks import the session named on stdin', () => {
    const settings = JSON.parse(block('### Recipe: import every Claude Code session when it ends', 'json')) as {
      hooks: Record<string, Array<{ hooks: Array<{ type: string; command: string }> }>>;
    };
    mkdirSync(path.join(repo.dir, '.claude'), { recursive: true });
    writeFileSync(path.join(repo.dir, '.claude/settings.json'), JSON.stringify(settings, null, 2));
    for (const [event, reason] of [
      ['Stop', undefined],
      ['SessionEnd', 'prompt_input_exit'],
    ] as const) {
      const hook = settings.hooks[event]?.[0]?.hooks[0];
      expect(hook?.type).toBe('command');
      // The input Claude Code gives a hook: https://code.claude.com/docs/en/hooks (hook input).
      const input = {
        session_id: '8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71',
        transcript_path: transcript,
        cwd: repo.dir,
        hook_event_name: event,
        ...(reason ? { reason } : { stop_hook_active: false }),
      };
      // Claude Code runs the command with a shell, from the project directory.
      const run = spawnSync('/bin/sh', ['-c', hook!.command], { cwd: repo.dir, env, input: JSON.stringify(input), encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('.proofgate/sessions/8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71.jsonl');
    }
    const ledger = readFileSync(path.join(repo.dir, '.proofgate/sessions/8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71.jsonl'), 'utf8');
    expect(JSON.parse(ledger.split('\n')[0]!)).toMatchObject({ proofgate: 'session/2', agent: 'claude-code' });
    const validate = spawnSync('proofgate', ['ledger', 'validate', '.proofgate/sessions/8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71.jsonl'], {
      cwd: repo.dir,
      env,
      encoding: 'utf8',
    });
    expect(validate.status).toBe(0);
  });

  it('the prepare-commit-msg hook adds Assisted-by from the ledger to a real commit', () => {
    const hook = path.join(repo.dir, '.git/hooks/prepare-commit-msg');
    mkdirSync(path.dirname(hook), { recursive: true });
    writeFileSync(hook, block('### Recipe: an `Assisted-by` trailer on every commit', 'sh'));
    chmodSync(hook, 0o755);
    if (!existsSync(path.join(repo.dir, '.proofgate/sessions'))) {
      execFileSync('proofgate', ['ledger', 'import', '--from', 'claude-code', transcript], { cwd: repo.dir, env });
    }
    writeFileSync(path.join(repo.dir, 'cart.ts'), 'export const total = 1;\n');
    execFileSync('git', ['add', '-A'], { cwd: repo.dir, env });
    execFileSync('git', ['commit', '-q', '-m', 'Round cart totals'], { cwd: repo.dir, env });
    const message = execFileSync('git', ['log', '-1', '--format=%B'], { cwd: repo.dir, env, encoding: 'utf8' });
    expect(message).toBe('Round cart totals\n\nAssisted-by: claude-code:claude-opus-4-6\n\n');
    // proofgate reads the trailer back as the agent and model of the commit.
    const attributed = spawnSync('proofgate', ['attribute'], { cwd: repo.dir, env, input: message, encoding: 'utf8' });
    expect(JSON.parse(attributed.stdout)).toMatchObject({ agent: 'claude-code', model: 'claude-opus-4-6' });

    // A message that already names its assistant is left alone.
    writeFileSync(path.join(repo.dir, 'cart.ts'), 'export const total = 2;\n');
    execFileSync('git', ['add', '-A'], { cwd: repo.dir, env });
    execFileSync('git', ['commit', '-q', '-m', 'Tweak\n\nAssisted-by: codex:gpt-5-codex'], { cwd: repo.dir, env });
    expect(execFileSync('git', ['log', '-1', '--format=%(trailers:key=Assisted-by,valueonly)'], { cwd: repo.dir, env, encoding: 'utf8' }).trim()).toBe(
      'codex:gpt-5-codex',
    );
  });
});
