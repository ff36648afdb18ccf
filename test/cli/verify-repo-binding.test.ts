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
