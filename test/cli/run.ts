/** Runs the CLI in-process with captured output, the way bin/proofgate.js would. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], opts: { cwd?: string; stdin?: string; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]), { isTTY: opts.tty ?? false });
  const code = await main(argv, {
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: opts.cwd ?? process.cwd(),
    env: {},
  });
  return { code, stdout, stderr };
}

/** A policy that gates src/ on a `tests` check and keeps src/auth/ to frontier models. */
export const TEST_POLICY = `version: 1
tiers:
  frontier: ["claude-opus-*", "gpt-5"]
  fast: ["*-mini", "claude-haiku-*"]
proofs:
  tests:
    kind: check
    name: test
routes:
  - name: source
    paths: ["src/**"]
    require: [tests]
  - name: auth
    paths: ["src/auth/**"]
    tiers: [frontier]
    require: [tests]
`;

export const CLAUDE_TRAILER = 'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>';
export const AIDER_TRAILER = 'Co-authored-by: aider (gpt-5-mini) <aider@aider.chat>';
