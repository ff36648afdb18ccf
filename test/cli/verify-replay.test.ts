/**
 * verify-receipt --snapshot / --repo: a receipt edited and re-digested is caught
 * by replaying it from its snapshot and by comparing it with local git.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/receipt/json.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { policyDigest } from '../../src/policy/load.js';
import { forgeReceipt } from '../support/forge-receipt.js';
import { CLAUDE_TRAILER, runCli } from './run.js';

const transcript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/transcripts/claude-code-session.jsonl');
const POLICY = `version: 1
routes:
  - name: source
    paths: ["src/**"]
budgets:
  maxRetries: 0
`;

/** An example policy the base branch also holds (as this project keeps some under policies/): not the one proofgate reads. */
const RELAXED_PATH = 'policies/relaxed.yml';
const RELAXED = POLICY.replace('maxRetries: 0', 'maxRetries: 5');

let repo: TempRepo;
let dir: string;
let receipt: Receipt;

const forge = (edit: (r: Receipt) => void, name: string) => forgeReceipt(receipt, dir, edit, name);

beforeAll(async () => {
  repo = makeFeatureRepo({ '.github/proofgate.yml': POLICY, [RELAXED_PATH]: RELAXED, 'README.md': '# shop\n' });
  await runCli(['ledger', 'import', '--from', 'claude-code', '--repo', repo.dir, transcript]);
  repo.commit(`Round cart totals\n\n${CLAUDE_TRAILER}\n`, { 'src/cart.ts': 'export const total = 1;\n' });
  dir = mkdtempSync(path.join(tmpdir(), 'proofgate-replay-'));
  const run = await runCli(['check', '--repo', repo.dir, '--format', 'json', '--save-snapshot', path.join(dir, 'snapshot.json')]);
  expect(run.code).toBe(1);
  writeFileSync(path.join(dir, 'receipt.json'), run.stdout);
  writeFileSync(path.join(dir, 'policy.yml'), POLICY);
  receipt = JSON.parse(run.stdout) as Receipt;
}, 60_000);
afterAll(() => {
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify-receipt --snapshot', () => {
  it('replays a receipt from its snapshot and policy at its own evaluation time', async () => {
    expect(receipt.conclusion).toBe('failure');
    const run = await runCli(['verify-receipt', 'receipt.json', '--snapshot', 'snapshot.json', '--policy', 'policy.yml'], { cwd: dir });
    expect(run).toEqual({ code: 0, stdout: `ok ${receipt.digest} (digest ${receipt.digest}, snapshot replay)\n`, stderr: '' });
  });

  it('fails a receipt whose verdict was changed to success and whose digest was recomputed', async () => {
    const forged = forge((r) => {
      r.conclusion = 'success';
      r.violations = [];
    }, 'forged.json');
    // The digest alone cannot tell: it is self-consistent.
    expect((await runCli(['verify-receipt', forged], { cwd: dir })).code).toBe(0);
    const run = await runCli(['verify-receipt', forged, '--snapshot', 'snapshot.json', '--policy', 'policy.yml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('replayed from the snapshot, the conclusion is failure, not success as the receipt says');
    expect(run.stderr).toMatch(/fields that differ: conclusion, violations/);
  });

  it('fails when the snapshot or the policy is not the one the receipt names', async () => {
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8'));
    snapshot.ledgers = [];
    writeFileSync(path.join(dir, 'other-snapshot.json'), JSON.stringify(snapshot));
    const badSnapshot = await runCli(['verify-receipt', 'receipt.json', '--snapshot', 'other-snapshot.json', '--policy', 'policy.yml'], { cwd: dir });
    expect(badSnapshot.code).toBe(1);
    expect(badSnapshot.stderr).toContain('is not the one the receipt was computed from');

    writeFileSync(path.join(dir, 'lenient.yml'), POLICY.replace('maxRetries: 0', 'maxRetries: 5'));
    const badPolicy = await runCli(['verify-receipt', 'receipt.json', '--snapshot', 'snapshot.json', '--policy', 'lenient.yml'], { cwd: dir });
    expect(badPolicy.code).toBe(1);
    expect(badPolicy.stderr).toContain(`is not the one the receipt names (.github/proofgate.yml, sha256 ${receipt.policy.digest})`);
  });

  it('asks for the policy when the receipt names one from git', async () => {
    const run = await runCli(['verify-receipt', 'receipt.json', '--snapshot', 'snapshot.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`pass it with --policy FILE (e.g. git show ${receipt.policy.ref}:.github/proofgate.yml > policy.yml)`);
  });
});

describe('verify-receipt --repo', () => {
  it('matches what local git shows: head, base, commits, policy at base, ledgers', async () => {
    const run = await runCli(['verify-receipt', 'receipt.json', '--repo', repo.dir], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('local git');
  });

  it('fails a receipt whose verdict was changed to success and whose digest was recomputed', async () => {
    const forged = forge((r) => {
      r.conclusion = 'success';
      r.violations = [];
    }, 'forged-repo.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("evaluated from local git with the receipt's own check and review outcomes, the conclusion is failure, not success");
    expect(run.stderr).toContain('used 1 retries; the budget is 0');
  });

  it('fails a receipt that hides a commit or changes its attribution', async () => {
    const hidden = forge((r) => {
      r.attribution.commits[0]!.agent = null;
      r.attribution.commits[0]!.model = null;
    }, 'human.json');
    const run = await runCli(['verify-receipt', hidden, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/commit [0-9a-f]{12} is claude-code with claude-opus-4-6 by its message and ledgers; the receipt says human/);

    const fewer = forge((r) => {
      r.changes.commits = 0;
      r.attribution.commits = [];
    }, 'fewer.json');
    const run2 = await runCli(['verify-receipt', fewer, '--repo', repo.dir], { cwd: dir });
    expect(run2.code).toBe(1);
    expect(run2.stderr).toContain('local git shows 1 commits between base and head; the receipt says 0');
  });

  it('fails when the policy at base is not the one the receipt names', async () => {
    const other = forge((r) => {
      r.policy.digest = '0'.repeat(64);
    }, 'other-policy.json');
    const run = await runCli(['verify-receipt', other, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not the one the receipt names');
  });

  it('does not take the policy from another file at base that a forged receipt names', async () => {
    const forged = forge((r) => {
      r.policy.path = RELAXED_PATH;
      r.policy.digest = policyDigest(RELAXED);
      r.conclusion = 'success';
      r.violations = [];
    }, 'relaxed-path.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the receipt names ${RELAXED_PATH} as its policy, not .github/proofgate.yml`);
    expect(run.stderr).toContain(`pass it with --policy FILE, e.g. git show ${receipt.policy.ref}:${RELAXED_PATH} > policy.yml`);

    // Given by the reader, the file is the reader's choice: it is then evaluated, and this one lets the change through.
    writeFileSync(path.join(dir, 'relaxed.yml'), RELAXED);
    const given = await runCli(['verify-receipt', forged, '--repo', repo.dir, '--policy', 'relaxed.yml'], { cwd: dir });
    expect(given.code).toBe(0);
  });
});
