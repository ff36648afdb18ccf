/**
 * Attack class: ledgers built to break the reader (docs/ledger.md; src/limits.ts
 * admits 1 MiB a file). A ledger within the limits that names a hundred
 * thousand files, or is a hundred thousand lines of junk, is read and judged
 * like any other: the gate neither crashes into "could not evaluate" nor
 * passes on what it could not read.
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_BAD_LINES } from '../../src/attribution/ledgers/common.js';
import { readSessionLedger } from '../../src/attribution/ledgers/session.js';
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
    name: '140,000 lines that are not JSON: read up to the 1,000th, which leaves the budget unchecked, so not a pass',
    policy: budgeted,
    snapshot: pr([agentCommit(['src/a.ts'])], {
      checkRuns: green,
      ledgers: [sessionLedger([...Array.from({ length: 140_000 }, () => 'x'), JSON.stringify({ type: 'end', at: '2026-11-20T10:00:00Z' })])],
    }),
    expected: 'failure',
    also: (v) => {
      expect(v.violations).toEqual([
        expect.objectContaining({
          kind: 'ledger',
          message:
            "1 session ledger not read (more than 1,000 lines are not valid JSON; the ledger was read no further than line 1001), so the policy's budgets and ledger proofs cannot be checked",
          files: ['.proofgate/sessions/s1.jsonl'],
        }),
      ]);
      // Each problem is also a receipt note: listed whole, 1 MiB of junk made a receipt of about 30 MB.
      expect(v.attribution.problems).toHaveLength(21);
      expect(v.attribution.problems[20]).toEqual({
        source: '.proofgate/sessions/s1.jsonl',
        line: null,
        message: '981 more problems in this ledger, not listed',
      });
      expect(v.notes.filter((n) => n.startsWith('ledger '))).toHaveLength(21);
    },
  },
  {
    name: 'the same junk before a ledger with no budget or ledger proof to check is read no further, and the rest of the policy decides',
    policy: policy({
      version: 1,
      proofs: { tests: { kind: 'check', name: 'tests' } },
      routes: [{ name: 'all', paths: ['**'], require: ['tests'] }],
    }),
    snapshot: pr([agentCommit(['src/a.ts'])], {
      checkRuns: green,
      ledgers: [sessionLedger([...Array.from({ length: 140_000 }, () => 'x'), ...retries])],
    }),
    expected: 'success',
    also: (v) => expect(v.attribution.sessions[0]?.unread).toMatch(/read no further than line 1001/),
  },
]);

describe('a ledger of junk lines', () => {
  it(`costs at most ${MAX_BAD_LINES} failed JSON parses, however many lines it holds`, () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      readSessionLedger(sessionLedger(Array.from({ length: 140_000 }, () => 'x')));
      expect(parse.mock.calls.length).toBeLessThanOrEqual(MAX_BAD_LINES + 1);
    } finally {
      parse.mockRestore();
    }
  });
});
