/** The installed entry point: bin/proofgate.js running the bundled CLI (build/cli). */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/version.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { BIN as bin, buildCli } from './built.js';
import { CLAUDE_TRAILER } from './run.js';

let repo: TempRepo;

beforeAll(async () => {
  await buildCli();
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
