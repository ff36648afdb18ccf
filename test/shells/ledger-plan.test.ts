/**
 * planLedgerReads (src/limits.ts): the ledgers of the change first, the limits
 * over all of them together.
 */
import { describe, expect, it } from 'vitest';
import { LOAD_LIMITS, mergePastCount, planLedgerReads, type LedgerCandidate } from '../../src/limits.js';
import type { LedgerSource } from '../../src/snapshot.js';

const DIR = '.proofgate/sessions';
const candidate = (name: string, bytes = 100): LedgerCandidate => ({ kind: 'proofgate-session', dir: DIR, path: `${DIR}/${name}.jsonl`, bytes });
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
const pastCount = (count: number): LedgerSource => ({
  kind: 'proofgate-session',
  path: DIR,
  commitSha: null,
  content: '',
  skipped: `${count} more ledger ${count === 1 ? 'file' : 'files'} past the limit of 50 ledger files; not read`,
});

describe('planLedgerReads', () => {
  it('admits the change’s ledgers before the others, and lists what it reads in path order', () => {
    const own = new Set([`${DIR}/z-own.jsonl`, `${DIR}/y-own.jsonl`]);
    const plan = planLedgerReads([...names('a', 60).map((n) => candidate(n)), candidate('z-own'), candidate('y-own')], { first: (c) => own.has(c.path) });
    expect(plan.read.map((c) => c.path)).toEqual([...names('a', 48).map((n) => `${DIR}/${n}.jsonl`), `${DIR}/y-own.jsonl`, `${DIR}/z-own.jsonl`]);
    expect(plan.skipped).toEqual([pastCount(12)]);
    expect(plan.used).toEqual({ files: 50, bytes: 5000 });
  });

  it('gives the change’s ledgers the 5 MiB first: a merged ledger makes room, not the change’s', () => {
    const big = (name: string) => candidate(name, 1024 * 1024);
    const plan = planLedgerReads([big('a1'), big('a2'), big('a3'), big('a4'), big('a5'), candidate('z-own')], { first: (c) => c.path.endsWith('z-own.jsonl') });
    expect(plan.read.map((c) => c.path)).toEqual(['a1', 'a2', 'a3', 'a4', 'z-own'].map((n) => `${DIR}/${n}.jsonl`));
    expect(plan.skipped.map((l) => l.path)).toEqual([`${DIR}/a5.jsonl`]);
  });

  it('holds the limits over every candidate however many are the change’s, and counts the change’s past the limit in its directory', () => {
    const own = names('own', 200).map((n) => candidate(n));
    const plan = planLedgerReads([...names('merged', 200).map((n) => candidate(n)), ...own], { first: (c) => c.path.includes('/own') });
    expect(plan.read).toEqual(own.slice(0, LOAD_LIMITS.ledgerFiles));
    expect(plan.skipped).toEqual([pastCount(350)]);
  });

  it('counts what an earlier plan used', () => {
    const plan = planLedgerReads([candidate('a'), candidate('b')], { used: { files: 49, bytes: 0 } });
    expect(plan.read.map((c) => c.path)).toEqual([`${DIR}/a.jsonl`]);
    expect(plan.skipped).toEqual([pastCount(1)]);
  });
});

describe('mergePastCount', () => {
  it('sums two entries of one directory into the first, and leaves every other entry as it is', () => {
    const read: LedgerSource = { kind: 'proofgate-session', path: `${DIR}/a.jsonl`, commitSha: null, content: '{}\n' };
    const trace: LedgerSource = { ...pastCount(3), kind: 'agent-trace', path: '.agent-trace' };
    const job: LedgerSource = { ...pastCount(2), origin: 'job' };
    expect(mergePastCount([pastCount(10), read, trace, job, pastCount(1)])).toEqual([pastCount(11), read, trace, job]);
  });
});
