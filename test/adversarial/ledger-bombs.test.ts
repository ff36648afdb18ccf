/**
 * Attack class: ledgers built to break the reader (docs/ledger.md; src/limits.ts
 * admits 1 MiB a file). A ledger within the limits that names a hundred
 * thousand files, or is a hundred thousand lines of junk, is read and judged
 * like any other: the gate neither crashes into "could not evaluate" nor
 * passes on what it could not read.
 */
import { expect } from 'vitest';
import { LOAD_LIMITS } from '../../src/limits.js';
import type { LedgerSource } from '../../src/snapshot.js';
import { agentCommit, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const budgeted = policy({
  version: 1,
  tiers: { strong: ['claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'all', paths: ['**'], require: ['tests'] }],
  budgets: { maxRetries: 1, escalateTo: 'strong' },
});
const green = [run('tests', 'success')];
const header = JSON.stringify({ proofgate: 'session/2', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' });

function sessionLedger(lines: string[]): LedgerSource {
  const content = [header, ...lines].join('\n') + '\n';
  expect(Buffer.byteLength(content)).toBeLessThanOrEqual(LOAD_LIMITS.ledgerFileBytes);
  return { kind: 'proofgate-session', path: '.proofgate/sessions/s1.jsonl', commitSha: null, content };
}

// 140,000 distinct paths in one step, and 140,000 records that are not JSON: each under 1 MiB.
const manyFiles = Array.from({ length: 140_000 }, (_, i) => i.toString(36));
const retries = [JSON.stringify({ type: 'retry', reason: 'a' }), JSON.stringify({ type: 'retry', reason: 'b' })];

attackTable('ledgers built to break the reader', [
  {
    name: 'a step that names 140,000 files is read: its session is still held to the budget',
    policy: budgeted,
    snapshot: pr([agentCommit(['src/a.ts'])], {
      checkRuns: green,
      ledgers: [sessionLedger([JSON.stringify({ type: 'step', role: 'execute', model: 'claude-opus-4-6', files: manyFiles }), ...retries])],
    }),
    expected: 'failure',
    also: (v) => expect(v.violations.map((x) => x.kind)).toEqual(['budget']),
  },
  {
    name: '140,000 lines that are not JSON: the records after them still count, and the receipt lists 20 problems and the count of the rest',
    policy: budgeted,
    snapshot: pr([agentCommit(['src/a.ts'])], {
      checkRuns: green,
      ledgers: [sessionLedger([...Array.from({ length: 140_000 }, () => 'x'), ...retries])],
    }),
    expected: 'failure',
    also: (v) => {
      expect(v.violations.map((x) => x.kind)).toEqual(['budget']);
      // Each problem is also a receipt note: listed whole, 1 MiB of junk made a receipt of about 30 MB.
      expect(v.attribution.problems).toHaveLength(21);
      expect(v.attribution.problems[20]).toEqual({
        source: '.proofgate/sessions/s1.jsonl',
        line: null,
        message: '139,981 more problems in this ledger, not listed',
      });
      expect(v.notes.filter((n) => n.startsWith('ledger '))).toHaveLength(21);
    },
  },
]);
