/**
 * Attack class: ledgers contradicting checks (docs/policy.md `kind: ledger`,
 * `budgets`; docs/ledger.md). A ledger is the gated agent's own word: it counts
 * only as a `ledger` proof the policy accepts as self-reported, never as a
 * check, and a ledger that cannot be read is never a pass.
 */
import { expect } from 'vitest';
import type { LedgerSource } from '../../src/snapshot.js';
import { agentCommit, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const session = (lines: object[], extra: Partial<LedgerSource> = {}): LedgerSource => ({
  kind: 'proofgate-session',
  path: '.proofgate/sessions/s1.jsonl',
  commitSha: null,
  content:
    [{ proofgate: 'session/1', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' }, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n',
  ...extra,
});
const passed = (name: string) => ({ type: 'validation', name, result: 'pass' });

const checkOnly = policy({ version: 1, proofs: { tests: { kind: 'check', name: 'tests' } }, routes: [{ name: 'all', paths: ['**'], require: ['tests'] }] });
const both = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'tests' }, smoke: { kind: 'ledger', validation: 'smoke*', trust: 'self-reported' } },
  routes: [{ name: 'all', paths: ['**'], require: ['tests', 'smoke'] }],
});
const budgeted = policy({
  version: 1,
  tiers: { strong: ['claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'all', paths: ['**'], require: ['tests'] }],
  budgets: { maxRetries: 1, maxCostUsd: 5, escalateTo: 'strong' },
});
const tokenBudget = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'all', paths: ['**'], require: ['tests'] }],
  budgets: { maxTokens: 100_000 },
});
// The pull request adds its session ledger (.proofgate/sessions/s1.jsonl unless a test names others).
const src = (ledgers = ['.proofgate/sessions/s1.jsonl']) => [agentCommit(['src/a.ts', ...ledgers])];

attackTable('ledgers contradicting checks', [
  {
    name: 'a ledger recording "tests: pass" does not stand in for a failing check',
    policy: checkOnly,
    snapshot: pr(src(), { checkRuns: [run('tests', 'failure')], ledgers: [session([passed('tests')])] }),
    expected: 'failure',
  },
  {
    name: 'a ledger recording "tests: pass" does not stand in for a missing check',
    policy: checkOnly,
    snapshot: pr(src(), { ledgers: [session([passed('tests')])] }),
    expected: 'pending',
  },
  {
    name: 'a ledger pass for the ledger proof cannot outvote a failing check proof',
    policy: both,
    snapshot: pr(src(), { checkRuns: [run('tests', 'failure')], ledgers: [session([passed('smoke')])] }),
    expected: 'failure',
  },
  {
    name: 'the last recorded result decides: pass then fail is a fail',
    policy: both,
    snapshot: pr(src(), { checkRuns: [run('tests', 'success')], ledgers: [session([passed('smoke'), { type: 'validation', name: 'smoke', result: 'fail' }])] }),
    expected: 'failure',
  },
  {
    name: 'a glob matching several validations needs each to pass: a pass of smoke-e2e does not hide a failing smoke-unit',
    policy: both,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [session([{ type: 'validation', name: 'smoke-unit', result: 'fail' }, passed('smoke-e2e')])],
    }),
    expected: 'failure',
  },
  {
    name: "one session's pass does not hide another's later failure because its file name sorts after it",
    policy: both,
    snapshot: pr(src(['.proofgate/sessions/0-later.jsonl', '.proofgate/sessions/f-earlier.jsonl']), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session([{ type: 'validation', name: 'smoke', result: 'fail', at: '2026-11-20T11:00:00Z' }], { path: '.proofgate/sessions/0-later.jsonl' }),
        session([{ ...passed('smoke'), at: '2026-11-20T09:30:00Z' }], { path: '.proofgate/sessions/f-earlier.jsonl' }),
      ],
    }),
    expected: 'failure',
  },
  {
    name: 'sessions whose runs of a validation carry no time cannot be ordered: a failure in either is not a pass',
    policy: both,
    snapshot: pr(src(['.proofgate/sessions/a.jsonl', '.proofgate/sessions/b.jsonl']), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session([{ type: 'validation', name: 'smoke', result: 'fail' }], { path: '.proofgate/sessions/a.jsonl' }),
        session([passed('smoke')], { path: '.proofgate/sessions/b.jsonl' }),
      ],
    }),
    expected: 'failure',
  },
  {
    name: "a session ledger an earlier change left in the tree, which this pull request does not change, records that change's validations, not this one's",
    policy: both,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [session([passed('smoke')], { path: '.proofgate/sessions/merged-last-month.jsonl' })],
    }),
    expected: 'pending',
    also: (v) => expect(v.proofs.find((p) => p.name === 'smoke')?.evidence.map((e) => e.counted)).toEqual([false]),
  },
  {
    name: "a session ledger an earlier step of the Action's job wrote (not a file of the head commit) speaks for this change",
    policy: both,
    snapshot: pr(src([]), { checkRuns: [run('tests', 'success')], ledgers: [session([passed('smoke')], { path: 'out/session.jsonl', origin: 'job' })] }),
    expected: 'success',
  },
  {
    name: 'no recorded validation is pending',
    policy: both,
    snapshot: pr(src(), { checkRuns: [run('tests', 'success')], ledgers: [session([])] }),
    expected: 'pending',
  },
  {
    name: 'a malformed ledger is not trusted: its header cannot be read, so neither can the ledger proof',
    policy: both,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [session([passed('smoke')], { content: '{"proofgate":"session/1"\n{"type":"validation","name":"smoke","result":"pass"}\n' })],
    }),
    expected: 'failure',
    also: (v) => expect(v.violations.map((x) => x.kind)).toEqual(['ledger']),
  },
  {
    name: 'a session over its retry budget fails even with every check green',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session([
          { type: 'retry', reason: 'x' },
          { type: 'retry', reason: 'y' },
        ]),
      ],
    }),
    expected: 'failure',
    also: (v) => expect(v.violations.map((x) => x.kind)).toEqual(['budget']),
  },
  {
    name: 'a session ledger too big to read hides the budgets: not a pass',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [{ ...session([]), content: '', skipped: '120 MiB, over the 1 MiB limit; not read' }],
    }),
    expected: 'failure',
  },
  {
    name: 'a negative cost does not buy budget back',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session([
          { type: 'step', role: 'execute', model: 'claude-opus-4-6', costUsd: 9 },
          { type: 'step', role: 'execute', model: 'claude-opus-4-6', costUsd: -9 },
        ]),
      ],
    }),
    expected: 'failure',
  },
  {
    name: 'a step whose token count is past what proofgate can read is not dropped silently: the budget cannot be checked',
    policy: tokenBudget,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [session([{ type: 'step', role: 'execute', model: 'claude-opus-4-6', tokens: { input: 1e16, output: 1 } }, { type: 'end' }])],
    }),
    expected: 'failure',
    also: (v) =>
      expect(v.violations).toMatchObject([{ kind: 'ledger', message: expect.stringContaining('line 2') as string, files: ['.proofgate/sessions/s1.jsonl'] }]),
  },
  {
    name: "a cost written as a string does not drop the step's tokens from the cost budget",
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [session([{ type: 'step', role: 'execute', model: 'claude-opus-4-6', tokens: { input: 2_000_000, output: 200_000 }, costUsd: '15.00' }])],
    }),
    expected: 'failure',
    also: (v) => expect(v.violations.map((x) => x.kind)).toEqual(['ledger']),
  },
  {
    name: 'retries written after an early end record are not dropped silently',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session([
          { type: 'end', outcome: 'success' },
          { type: 'retry', reason: 'x' },
          { type: 'retry', reason: 'y' },
        ]),
      ],
    }),
    expected: 'failure',
    also: (v) => expect(v.violations).toMatchObject([{ kind: 'ledger', message: expect.stringContaining('after the end record') as string }]),
  },
  {
    name: 'a failing run recorded with a result the format does not know does not leave the earlier pass standing',
    policy: both,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [session([passed('smoke'), { type: 'validation', name: 'smoke', result: 'failed' }])],
    }),
    expected: 'failure',
  },
  {
    name: 'a line that is not JSON could be any record: not a pass under a budget',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [{ ...session([]), content: `${session([]).content}{"type":"retry","reason":"x"}{"type":"retry","reason":"y"}\n` }],
    }),
    expected: 'failure',
  },
  {
    name: 'a session ledger of a version this proofgate does not read hides the budgets: not a pass',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        {
          ...session([]),
          content: [
            { proofgate: 'session/3', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
            { type: 'retry', reason: 'x' },
            { type: 'retry', reason: 'y' },
          ]
            .map((l) => JSON.stringify(l))
            .join('\n'),
        },
      ],
    }),
    expected: 'failure',
    also: (v) => expect(v.violations).toMatchObject([{ kind: 'ledger', message: expect.stringContaining('unsupported session ledger version') as string }]),
  },
  {
    name: 'the same unreadable ledger left in the tree by an earlier change does not fail this one',
    policy: budgeted,
    snapshot: pr(src([]), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session(
          [
            { type: 'retry', reason: 'x' },
            { type: 'retry', reason: 'y' },
          ],
          { content: '{"proofgate":"session/3"}\n' },
        ),
      ],
    }),
    expected: 'success',
  },
  {
    name: 'a record of a type the format does not define is a note, and the budget decides',
    policy: budgeted,
    snapshot: pr(src(), {
      checkRuns: [run('tests', 'success')],
      ledgers: [
        session([
          { type: 'note', text: 'paused for lunch' },
          { type: 'retry', reason: 'x' },
        ]),
      ],
    }),
    expected: 'success',
  },
  {
    name: 'an empty session ledger hides nothing',
    policy: budgeted,
    snapshot: pr(src(), { checkRuns: [run('tests', 'success')], ledgers: [{ ...session([]), content: '' }] }),
    expected: 'success',
  },
]);
