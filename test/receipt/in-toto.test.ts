import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_PREDICATE_TYPE, resourceDescriptorProblems, statementProblems } from '../../src/receipt/in-toto.js';
import { CLAUDE_TRAILER, runCli } from '../cli/run.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(path.join(here, '../fixtures/in-toto/reference-vectors.json'), 'utf8')) as {
  statements: Array<{ name: string; json: string; valid: boolean }>;
  resourceDescriptors: Array<{ name: string; json: string; valid: boolean }>;
};

describe('the Statement v1 check agrees with the in-toto reference implementation', () => {
  it.each(vectors.statements.map((v) => [v.name, v] as const))('statement: %s', (_name, v) => {
    expect(statementProblems(JSON.parse(v.json)).length === 0).toBe(v.valid);
  });
  it.each(vectors.resourceDescriptors.map((v) => [v.name, v] as const))('resource descriptor: %s', (_name, v) => {
    expect(resourceDescriptorProblems(JSON.parse(v.json)).length === 0).toBe(v.valid);
  });
});

let repo: TempRepo;
let receiptFile: string;
beforeAll(async () => {
  repo = makeFeatureRepo();
  repo.commit(`Add parser\n\n${CLAUDE_TRAILER}\n`, { 'src/parser.ts': 'export const parse = 1;\n' });
  const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
  receiptFile = path.join(repo.dir, 'proofgate-receipt.json');
  writeFileSync(receiptFile, run.stdout);
});
afterAll(() => repo.cleanup());

describe('proofgate statement', () => {
  it('writes a valid in-toto Statement v1 naming the head commit and the receipt file', async () => {
    const run = await runCli(['statement', 'proofgate-receipt.json'], { cwd: repo.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const statement = JSON.parse(run.stdout);
    expect(statementProblems(statement)).toEqual([]);
    const head = repo.git('rev-parse', 'HEAD').trim();
    const bytes = readFileSync(receiptFile);
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { gitCommit: head } }, { name: 'proofgate-receipt.json', digest: { sha256: createHash('sha256').update(bytes).digest('hex') } }],
      predicateType: RECEIPT_PREDICATE_TYPE,
    });
    expect(statement.predicate).toEqual(JSON.parse(bytes.toString('utf8')));
  });

  it('refuses a receipt whose digest does not hold', async () => {
    const receipt = JSON.parse(readFileSync(receiptFile, 'utf8'));
    receipt.conclusion = 'success';
    writeFileSync(path.join(repo.dir, 'edited.json'), JSON.stringify(receipt));
    const run = await runCli(['statement', 'edited.json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('digest mismatch');
  });
});
