/**
 * A receipt file must read the same in every JSON reader. An object that
 * repeats a member (a first `"conclusion": "success"` before the real one)
 * parses to the genuine receipt in JSON.parse, which keeps the last, so its
 * digest is still the one the check run published, while a reader that keeps
 * the first sees a green receipt. Bytes that are not UTF-8 decode to U+FFFD
 * in a lenient reader and to something else elsewhere. Neither is ever in a
 * receipt proofgate writes: verify-receipt and statement refuse both.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { runCli, TEST_POLICY } from './run.js';

let repo: TempRepo;
let dir: string;
let receiptText: string;

beforeAll(async () => {
  repo = makeFeatureRepo({ '.github/proofgate.yml': TEST_POLICY });
  // U+FFFD in a trailer the receipt quotes as evidence.
  repo.commit('Add parser\n\nCo-Authored-By: Claude Opus 4.6 \uFFFD <noreply@anthropic.com>\n', { 'src/parser.ts': 'export const parse = 1;\n' });
  const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
  receiptText = run.stdout;
  dir = mkdtempSync(path.join(tmpdir(), 'proofgate-receipt-bytes-'));
}, 60_000);
afterAll(() => {
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, bytes: string | Buffer): string {
  writeFileSync(path.join(dir, name), bytes);
  return name;
}

describe('verify-receipt and statement read a receipt strictly', () => {
  it('the untouched receipt verifies and gets a statement', async () => {
    write('receipt.json', receiptText);
    expect((await runCli(['verify-receipt', 'receipt.json'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['statement', 'receipt.json'], { cwd: dir })).code).toBe(0);
  });

  it('refuse a receipt whose object repeats a member, though JSON.parse reads the genuine one', async () => {
    const genuine = JSON.parse(receiptText) as { conclusion: string; digest: string };
    expect(genuine.conclusion).not.toBe('success');
    const altered = receiptText.replace(/^\{/, '{"conclusion":"success",');
    expect(JSON.parse(altered)).toEqual(genuine);
    const file = write('repeated.json', altered);

    const verify = await runCli(['verify-receipt', file], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('repeated.json: the member "conclusion" appears twice in one object');
    const statement = await runCli(['statement', file], { cwd: dir });
    expect(statement.code).toBe(1);
    expect(statement.stdout).toBe('');
  });

  it('refuse a repeat deep in the receipt, and one spelt with an escape', async () => {
    const nested = receiptText.replace(/"attribution":\s*\{/, '"attribution":{"commits":[],');
    expect(nested).not.toBe(receiptText);
    expect((await runCli(['verify-receipt', write('nested.json', nested)], { cwd: dir })).code).toBe(1);
    const escaped = receiptText.replace(/^\{/, '{"\\u0063onclusion":"success",');
    const run = await runCli(['verify-receipt', write('escaped.json', escaped)], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the member "conclusion" appears twice');
  });

  it('refuse bytes that are not UTF-8, though they decode to the U+FFFD the receipt holds', async () => {
    const bytes = Buffer.from(receiptText, 'utf8');
    const at = bytes.indexOf(Buffer.from('\uFFFD', 'utf8'));
    expect(at).toBeGreaterThan(0);
    const altered = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]);
    expect(altered.toString('utf8')).toBe(receiptText);
    const file = write('latin.json', altered);

    const verify = await runCli(['verify-receipt', file], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('latin.json is not UTF-8');
    expect((await runCli(['statement', file], { cwd: dir })).code).toBe(1);
  });
});
