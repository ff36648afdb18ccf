/**
 * verify-receipt --repo lets the receipt's own outcomes stand in for the
 * proofs git does not hold (check runs, reviews). A ledger proof is read from
 * the session ledgers at head, which git does hold: a receipt that turns a
 * failing ledger validation into a pass must not verify.
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
  ran-tests:
    kind: ledger
    validation: unit-tests
    trust: self-reported
  ci:
    kind: check
    name: ci
routes:
  - name: source
    paths: ["src/**"]
    require: [ran-tests, ci]
`;

const LEDGER = [
  { proofgate: 'session/2', id: 's1', agent: 'claude-code', startedAt: '2026-09-01T10:00:00Z' },
  { type: 'step', role: 'execute', model: 'claude-opus-4-6', files: ['src/cart.ts'] },
  { type: 'validation', name: 'unit-tests', command: 'npm test', result: 'fail', exitCode: 1 },
  { type: 'end', at: '2026-09-01T10:09:00Z', outcome: 'failure' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

let repo: TempRepo;
let dir: string;
let receipt: Receipt;

const forge = (edit: (r: Receipt) => void, name: string) => forgeReceipt(receipt, dir, edit, name);

/** The forger's edit: the ledger proof passes (as the kind it names), so the verdict is green. */
const passLedgerProof = (kind: 'ledger' | 'check') => (r: Receipt) => {
  for (const p of r.proofs) {
    if (p.name === 'ran-tests') Object.assign(p, { status: 'pass', kind, reason: 'passed', next: null });
  }
  r.conclusion = 'success';
  r.violations = [];
};

beforeAll(async () => {
  repo = makeFeatureRepo({ '.github/proofgate.yml': POLICY, 'README.md': '# shop\n' });
  repo.commit(`Round cart totals\n\n${CLAUDE_TRAILER}\n`, { 'src/cart.ts': 'export const total = 1;\n', '.proofgate/sessions/s1.jsonl': `${LEDGER}\n` });
  dir = mkdtempSync(path.join(tmpdir(), 'proofgate-ledger-proof-'));
  // The CI check passed on GitHub: the CLI asserts it, as the receipt then records.
  const run = await runCli(['check', '--repo', repo.dir, '--format', 'json', '--proof', 'ci=pass']);
  expect(run.code).toBe(1);
  receipt = JSON.parse(run.stdout) as Receipt;
  writeFileSync(path.join(dir, 'receipt.json'), run.stdout);
}, 60_000);
afterAll(() => {
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify-receipt --repo and ledger proofs', () => {
  it('the receipt fails on the ledger validation alone, and verifies as it is', async () => {
    expect(receipt.proofs.map((p) => [p.name, p.status])).toEqual([
      ['ran-tests', 'fail'],
      ['ci', 'pass'],
    ]);
    const run = await runCli(['verify-receipt', 'receipt.json', '--repo', repo.dir], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('fails a receipt whose failing ledger proof was changed to pass', async () => {
    const forged = forge(passLedgerProof('ledger'), 'forged.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the conclusion is failure, not success');
    expect(run.stderr).toContain('ran-tests: the last recorded ledger validation `unit-tests` failed');
  });

  it('fails it also when the forged receipt calls the ledger proof a check', async () => {
    const forged = forge(passLedgerProof('check'), 'forged-kind.json');
    const run = await runCli(['verify-receipt', forged, '--repo', repo.dir], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the conclusion is failure, not success');
  });
});
