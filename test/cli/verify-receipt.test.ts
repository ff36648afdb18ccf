import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { CLAUDE_TRAILER, runCli, TEST_POLICY } from './run.js';

let repo: TempRepo;
let dir: string;
let receiptText: string;

beforeAll(async () => {
  repo = makeFeatureRepo({ '.github/proofgate.yml': TEST_POLICY });
  repo.commit(`Add parser\n\n${CLAUDE_TRAILER}\n`, { 'src/parser.ts': 'export const parse = 1;\n' });
  const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
  receiptText = run.stdout;
  dir = mkdtempSync(path.join(tmpdir(), 'proofgate-receipt-'));
});
afterAll(() => {
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('proofgate verify-receipt', () => {
  it('exits 0 and prints the digest of an untouched receipt', async () => {
    writeFileSync(path.join(dir, 'receipt.json'), receiptText);
    const digest = JSON.parse(receiptText).digest as string;
    expect(await runCli(['verify-receipt', 'receipt.json'], { cwd: dir })).toEqual({ code: 0, stdout: `ok ${digest}\n`, stderr: '' });
  });

  it('exits 1 naming both digests when the receipt was edited', async () => {
    const receipt = JSON.parse(receiptText);
    const stated = receipt.digest as string;
    receipt.conclusion = 'success';
    writeFileSync(path.join(dir, 'tampered.json'), JSON.stringify(receipt, null, 2));
    const run = await runCli(['verify-receipt', 'tampered.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^digest mismatch: expected sha256:[0-9a-f]{64} got ${stated} \\(tampered\\.json was changed after it was written\\)\\n$`),
    );
  });

  it('exits 2 for a file that is missing or not JSON', async () => {
    writeFileSync(path.join(dir, 'junk.json'), 'not json');
    const junk = await runCli(['verify-receipt', 'junk.json'], { cwd: dir });
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/^proofgate: junk\.json is not JSON: /);
    const missing = await runCli(['verify-receipt', 'missing.json'], { cwd: dir });
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'proofgate: cannot read missing.json: no such file\n' });
  });
});
