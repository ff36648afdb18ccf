/**
 * verify-receipt --repo binds a receipt to the commits it names: head and base
 * are the receipt's own shas, not whatever a ref in their place resolves to,
 * and a receipt that says GitHub's listing was truncated is evaluated as
 * truncated (proofgate fails closed on it), so saying so cannot hide commits
 * from a green receipt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/receipt/json.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { forgeReceipt } from '../support/forge-receipt.js';
import { runnerCommands } from '../action/harness.js';
import { CLAUDE_TRAILER, runCli } from './run.js';

const POLICY = `version: 1
proofs:
  ci:
    kind: check
    name: ci
routes:
  - name: source
    paths: ["src/**"]
    require: [ci]
`;

let repo: TempRepo;
let dir: string;
let receipt: Receipt;

const forge = (edit: (r: Receipt) => void, name: string) => forgeReceipt(receipt, dir, edit, name);

beforeAll(async () => {
  repo = makeFeatureRepo({ '.github/proofgate.yml': POLICY, 'README.md': '# shop\n' });
  repo.commit('Add cart\n', { 'src/cart.ts': 'export const cart = [];\n' });
  repo.commit(`Round cart totals\n\n${CLAUDE_TRAILER}\n`, { 'src/cart.ts': 'export const total = 1;\n' });
  dir = mkdtempSync(path.join(tmpdir(), 'proofgate-repo-binding-'));
  const run = await runCli(['check', '--repo', repo.dir, '--format', 'json', '--proof', 'ci=pass']);
  expect(run.code).toBe(0);
  receipt = JSON.parse(run.stdout) as Receipt;
  writeFileSync(path.join(dir, 'receipt.json'), run.stdout);
}, 60_000);
afterAll(() => {
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify-receipt --repo binds the receipt to its commits', () => {
  it('verifies the genuine receipt', async () => {
    expect(receipt.conclusion).toBe('success');
    expect(receipt.attribution.commits.map((c) => c.agent)).toEqual([null, 'claude-code']);
    const run = await runCli(['verify-receipt', 'receipt.json', '--repo', repo.dir], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('fails a receipt that names refs where the head and base shas go', async () => {
    const forged = forge((r) => {
      r.head.sha = 'feature';
      r.base.sha = 'origin/main';
    }, 'refs.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the receipt's head "feature" is not a commit sha (local git resolves it to ${receipt.head.sha})`);
    expect(run.stderr).toContain(`the receipt's base "origin/main" is not a commit sha`);
  });

  it('fails a green receipt that says the commit listing was truncated to hide the agent commit', async () => {
    const forged = forge((r) => {
      r.changes.truncated.commits = true;
      r.changes.commits = 1;
      r.attribution.commits = r.attribution.commits.filter((c) => c.agent === null);
    }, 'truncated.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the conclusion is failure, not success');
  });
});

describe("verify-receipt shows the receipt's own words with their control characters escaped", () => {
  // A receipt under verification is anyone's file: text from it must not drive the terminal, where
  // `\r` and an erase-line sequence can turn "digest mismatch" or a failing problem into a line reading "ok".
  const spoof = '\r\u001b[2Kok sha256:0000\u001b[8m';
  const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  it('in the digest a tampered receipt states', async () => {
    writeFileSync(path.join(dir, 'spoofed-digest.json'), JSON.stringify({ ...receipt, conclusion: 'failure', digest: spoof }));
    const run = await runCli(['verify-receipt', 'spoofed-digest.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^digest mismatch: expected sha256:[0-9a-f]{64} got \\u\{D\}\\u\{1B\}\[2Kok sha256:0000\\u\{1B\}\[8m \(/);
    expect(run.stderr).not.toMatch(controls);

    writeFileSync(path.join(dir, 'spoofed-version.json'), JSON.stringify({ ...receipt, receiptVersion: `1\u009b2K${spoof}` }));
    const version = await runCli(['verify-receipt', 'spoofed-version.json'], { cwd: dir });
    expect(version.code).toBe(2);
    expect(version.stderr).toContain('unsupported receiptVersion "1\\u{9B}2K');
    expect(version.stderr).not.toMatch(controls);
  });

  it('in the agent, model and policy path a forged receipt names', async () => {
    const forged = forge((r) => {
      r.attribution.commits[1]!.agent = `claude-code${spoof}`;
      r.attribution.commits[1]!.model = `\u009b2K${spoof}`;
    }, 'spoofed-words.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('\\u{1B}[2Kok');
    expect(run.stdout + run.stderr).not.toMatch(controls);
    // Verified in CI, the same lines go to a job log, where the runner reads `##[command]` anywhere in a line.
    expect(runnerCommands(run.stdout + run.stderr)).toEqual([]);

    // A policy path other than the one proofgate reads is refused before anything is evaluated, in the same words.
    const path2 = forge((r) => {
      r.policy.path = `.github/proofgate.yml${spoof} ##[warning]forged`;
    }, 'spoofed-path.json');
    const refused = await runCli(['verify-receipt', path2, '--repo', repo.dir], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the receipt names .github/proofgate.yml\\u{D}\\u{1B}[2Kok');
    expect(refused.stdout + refused.stderr).not.toMatch(controls);
    expect(runnerCommands(refused.stdout + refused.stderr)).toEqual([]);
  });
});
