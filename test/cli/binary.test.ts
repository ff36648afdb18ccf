/** The installed entry point: bin/proofgate.js running the compiled CLI. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/version.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { CLAUDE_TRAILER } from './run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/proofgate.js');
let repo: TempRepo;

beforeAll(() => {
  // The same compile `npm run build` does; tsc still emits when another module has a type error.
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(path.join(root, 'build/src/cli/main.js'))) throw new Error('tsc -p tsconfig.build.json did not produce build/src/cli/main.js');
  repo = makeFeatureRepo();
  repo.commit(`Add parser\n\n${CLAUDE_TRAILER}\n`, { 'src/parser.ts': 'export const parse = 1;\n' });
}, 120_000);
afterAll(() => repo?.cleanup());

function proofgate(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: repo.dir, encoding: 'utf8', input: input ?? '' });
}

describe('bin/proofgate.js', () => {
  it('prints the version', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })).toBe(`${TOOL_VERSION}\n`);
  });

  it('checks a repository with the built-in default policy and exits with the conclusion', () => {
    const run = proofgate(['check', '--format', 'json']);
    expect(run.stderr).toContain('using the built-in default policy');
    const receipt = JSON.parse(run.stdout);
    expect({ success: 0, neutral: 0, failure: 1, pending: 3 }[receipt.conclusion as string]).toBe(run.status);
    expect(receipt.attribution.commits[0]).toMatchObject({ agent: 'claude-code', model: 'claude-opus-4-6' });
  });

  it('reads stdin for attribute and fails an unknown flag with one line', () => {
    const attributed = proofgate(['attribute'], `Fix\n\n${CLAUDE_TRAILER}\n`);
    expect(attributed.status).toBe(0);
    expect(JSON.parse(attributed.stdout).agent).toBe('claude-code');
    const bad = proofgate(['check', '--nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('proofgate: unknown option --nope for `proofgate check` (run `proofgate check --help` for usage)\n');
  });
});
