/**
 * The verdict around the routes and proofs: policy errors, evaluations that
 * could not finish, assertions from the command line, the limits GitHub puts
 * on a listing, unread ledgers and changes to the policy itself. Every one of
 * them errs toward not green (docs/policy.md, README).
 */
import { describe, expect, it } from 'vitest';
import { couldNotEvaluateVerdict, evaluate, policyErrorVerdict, POLICY_CHANGE_PROOF } from '../../src/engine/evaluate.js';
import type { Verdict } from '../../src/engine/verdict.js';
import type { ChangedFile, LedgerSource, Snapshot } from '../../src/snapshot.js';
import { agentCommit, claude, commit, human, NOW, policy, pr, review } from '../support/snapshots.js';

const SOURCE = { path: '.github/proofgate.yml', origin: 'base-branch' as const, ref: 'b'.repeat(40), digest: 'd' };
const reviewed = policy({ version: 1, proofs: { review: { kind: 'review' } }, routes: [{ name: 'code', paths: ['src/**'], require: ['review'] }] });
const judge = (p = reviewed, snapshot: Snapshot): Verdict => evaluate(p, snapshot, { now: NOW });
const changed = (path: string, extra: Partial<ChangedFile> = {}): ChangedFile => ({
  path,
  status: 'modified',
  previousPath: null,
  additions: 1,
  deletions: 0,
  ...extra,
});

describe('a policy that does not load', () => {
  it('fails, listing each error at its place with its hint or a way to check the file', () => {
    const errors = [
      { file: '.github/proofgate.yml', line: 3, column: 5, path: 'routes[0].require[0]', message: 'unknown proof `ci`', hint: 'did you mean `ci2`?' },
      { file: '.github/proofgate.yml', line: 9, column: 1, path: '', message: 'YAML syntax error: bad indentation', hint: null },
    ];
    const v = policyErrorVerdict(SOURCE, errors, { now: NOW });
    expect(v).toMatchObject({
      conclusion: 'failure',
      title: 'Policy .github/proofgate.yml has 2 errors',
      policy: SOURCE,
      policyErrors: errors,
      routes: [],
      proofs: [],
      notes: [],
      evaluatedAt: NOW.toISOString(),
    });
    expect(v.violations).toEqual([
      {
        kind: 'policy',
        message: '.github/proofgate.yml:3:5: unknown proof `ci` at routes[0].require[0]',
        next: 'did you mean `ci2`?',
        route: null,
        files: ['.github/proofgate.yml'],
        commit: null,
      },
      {
        kind: 'policy',
        message: '.github/proofgate.yml:9:1: YAML syntax error: bad indentation',
        next: 'Fix .github/proofgate.yml on the base branch; run `npx proofgate validate .github/proofgate.yml` to check it.',
        route: null,
        files: ['.github/proofgate.yml'],
        commit: null,
      },
    ]);
    expect(v.attribution).toEqual({ commits: [], fileClaims: [], sessions: [], problems: [] });
    expect(policyErrorVerdict(SOURCE, errors.slice(0, 1), { now: NOW }).title).toBe('Policy .github/proofgate.yml has 1 error');
  });
});

describe('an evaluation that could not finish', () => {
  it('fails with the reason, never green, and names no policy it did not load', () => {
    const v = couldNotEvaluateVerdict('GitHub answered 502', null, { now: NOW });
    expect(v).toEqual({
      conclusion: 'failure',
      title: 'Could not evaluate: GitHub answered 502',
      policy: { path: '(not loaded)', origin: 'default', ref: null, digest: '' },
      policyErrors: [],
      attribution: { commits: [], fileClaims: [], sessions: [], problems: [] },
      routes: [],
      proofs: [],
      violations: [
        {
          kind: 'limit',
          message: 'Could not evaluate: GitHub answered 502',
          next: 'Re-run the check; if it keeps failing, see the reason above.',
          route: null,
          files: [],
          commit: null,
        },
      ],
      notes: [],
      evaluatedAt: NOW.toISOString(),
    });
    expect(couldNotEvaluateVerdict('x', SOURCE, { now: NOW }).policy).toBe(SOURCE);
  });
});

describe('proofs asserted on the command line (--proof NAME=pass|fail)', () => {
  it('stand in for the evaluation and say so', () => {
    const v = judge(reviewed, pr([agentCommit(['src/a.ts'])], { asserted: { review: 'fail' } }));
    expect(v.proofs).toEqual([
      {
        name: 'review',
        kind: 'review',
        status: 'fail',
        reason: 'asserted fail on the command line',
        evidence: [{ kind: 'assertion', name: 'review', state: 'fail', counted: true, note: 'local assertion (--proof)', url: null }],
        next: 'Make review pass.',
        requiredBy: ['code'],
      },
    ]);
    expect(v.violations).toEqual([
      { kind: 'proof', message: 'review: asserted fail on the command line', next: 'Make review pass.', route: 'code', files: [], commit: null },
    ]);
    expect(judge(reviewed, pr([agentCommit(['src/a.ts'])], { asserted: { review: 'pass' } })).proofs[0]).toMatchObject({ status: 'pass', next: null });
  });

  it('are only the ones asserted: a proof named like an Object method (`constructor`, `toString`) is evaluated, not read off the prototype', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      const p = policy({ version: 1, proofs: { [name]: { kind: 'review' } }, routes: [{ name: 'code', paths: ['src/**'], require: [name] }] });
      const v = judge(p, pr([agentCommit(['src/a.ts'])]));
      expect(v.proofs[0], name).toMatchObject({ name, status: 'pending' });
      expect(v.conclusion, name).toBe('pending');
    }
  });

  it('a required proof the policy does not define is a violation, also when named like an Object method', () => {
    const p = policy({ version: 1, routes: [{ name: 'code', paths: ['src/**'], require: ['toString'] }] });
    const v = judge(p, pr([agentCommit(['src/a.ts'])]));
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]).toMatchObject({ kind: 'policy', message: 'route code requires proof `toString`, which the policy does not define' });
  });

  it('count only `pass` and `fail`: any other value in a snapshot file is not an assertion', () => {
    const v = judge(reviewed, pr([agentCommit(['src/a.ts'])], { asserted: { review: 'skipped' as 'pass' } }));
    expect(v.proofs[0]).toMatchObject({ status: 'pending' });
    expect(v.conclusion).toBe('pending');
  });

  it("a failed proof's violation carries its reason and next step", () => {
    const v = judge(reviewed, pr([agentCommit(['src/a.ts'])], { reviews: [review('dave', 'CHANGES_REQUESTED')] }));
    expect(v.violations).toEqual([
      {
        kind: 'proof',
        message: 'review: changes requested by 1 reviewer',
        next: v.proofs[0]!.next,
        route: 'code',
        files: [],
        commit: null,
      },
    ]);
  });
});

describe('what GitHub does not list', () => {
  it('fails on a rename or a copy whose old path is unknown', () => {
    const files = [changed('src/a.ts', { status: 'copied' }), changed('src/b.ts', { status: 'renamed' }), changed('src/c.ts', { status: 'added' })];
    const v = judge(reviewed, pr([agentCommit(['src/a.ts', 'src/b.ts', 'src/c.ts'])], { files, reviews: [review('dave')] }));
    expect(v.violations).toEqual([
      {
        kind: 'limit',
        message: '2 files renamed or copied from an unknown path',
        next: 'Re-run the evaluation; proofgate needs the old path to know which routes governed the file.',
        route: null,
        files: ['src/a.ts', 'src/b.ts'],
        commit: null,
      },
    ]);
  });

  it('fails when GitHub lists only part of the files or commits, saying how many it saw', () => {
    const next = 'Split the pull request: GitHub lists at most 3,000 files and 250 commits, so proofgate cannot see all of it and fails closed.';
    const v = judge(reviewed, pr([agentCommit(['src/a.ts'])], { truncated: { files: true, commits: true }, reviews: [review('dave')] }));
    expect(v.violations).toEqual([
      { kind: 'limit', message: 'More changed files than GitHub lists (1 seen)', next, route: null, files: [], commit: null },
      { kind: 'limit', message: 'More commits than GitHub lists (1 seen)', next, route: null, files: [], commit: null },
    ]);
  });
});

describe('session ledgers that were not read', () => {
  const unread = (kind: LedgerSource['kind'], path: string): LedgerSource => ({
    kind,
    path,
    commitSha: null,
    content: '',
    skipped: '3 MiB, over the 1 MiB limit; not read',
  });
  const ledgerProof = policy({
    version: 1,
    proofs: { ran: { kind: 'ledger', validation: 'unit', trust: 'self-reported' } },
    routes: [{ name: 'code', paths: ['src/**'], require: ['ran'] }],
  });

  it('fail a policy with a ledger proof, naming every unread session ledger', () => {
    const v = judge(
      ledgerProof,
      pr([agentCommit(['src/a.ts', 'a.jsonl', 'b.jsonl'])], { ledgers: [unread('proofgate-session', 'a.jsonl'), unread('proofgate-session', 'b.jsonl')] }),
    );
    expect(v.violations[0]).toEqual({
      kind: 'ledger',
      message: "2 session ledgers not read (3 MiB, over the 1 MiB limit; not read), so the policy's budgets and ledger proofs cannot be checked",
      next: 'Keep session ledgers within the size limits (split long sessions into several files) and write each record as one valid line of JSON (`npx proofgate ledger validate` lists what is wrong), then push again.',
      route: null,
      files: ['a.jsonl', 'b.jsonl'],
      commit: null,
    });
  });

  it('are no concern of a policy whose budgets set no limit, nor are other unread ledgers', () => {
    const escalateOnly = policy({ ...reviewed.doc, tiers: { strong: ['*'] }, budgets: { escalateTo: 'strong', message: 'ask' } });
    const v = judge(escalateOnly, pr([agentCommit(['src/a.ts'])], { ledgers: [unread('proofgate-session', 'a.jsonl')], reviews: [review('dave')] }));
    expect(v.conclusion).toBe('success');
    expect(v.notes).toEqual(['ledger a.jsonl: 3 MiB, over the 1 MiB limit; not read (not trusted)']);
    const trace = judge(ledgerProof, pr([agentCommit(['src/a.ts'])], { ledgers: [unread('agent-trace', '.agent-trace/t.jsonl')] }));
    expect(trace.violations.map((x) => x.kind)).not.toContain('ledger');
  });
});

describe('a ledger directory over the count limit', () => {
  const overCount: LedgerSource = {
    kind: 'proofgate-session',
    path: '.proofgate/sessions',
    commitSha: null,
    content: '',
    skipped: '11 more ledger files past the limit of 50 ledger files; not read',
  };
  const own = '.proofgate/sessions/2026-02-01.jsonl';
  const passing =
    '{"proofgate":"session/1","id":"2026-02-01","agent":"claude-code","startedAt":"2026-02-01T12:00:00Z"}\n{"type":"validation","name":"unit","result":"pass"}\n';
  const ledgerProof = policy({
    version: 1,
    proofs: { ran: { kind: 'ledger', validation: 'unit', trust: 'self-reported' } },
    routes: [{ name: 'code', paths: ['src/**'], require: ['ran'] }],
  });
  const verdictWith = (ledgers: LedgerSource[]) => judge(ledgerProof, pr([agentCommit(['src/a.ts', own])], { ledgers }));
  const ledgerViolations = (v: Verdict) => v.violations.filter((x) => x.kind === 'ledger').map((x) => x.files);

  it('holds only other changes’ ledgers once every ledger file of the change there is read: the change passes', () => {
    const v = verdictWith([{ kind: 'proofgate-session', path: own, commitSha: null, content: passing }, overCount]);
    expect(ledgerViolations(v)).toEqual([]);
    expect(v.conclusion).toBe('success');
  });

  it('may hold a file of the change the loader did not list: not green', () => {
    expect(ledgerViolations(verdictWith([overCount]))).toEqual([['.proofgate/sessions']]);
  });

  it('may hold the head’s file even when a job’s ledger of the same path was read: not green', () => {
    const v = verdictWith([{ kind: 'proofgate-session', path: own, commitSha: null, content: passing, origin: 'job' }, overCount]);
    expect(ledgerViolations(v)).toEqual([['.proofgate/sessions']]);
    expect(v.conclusion).toBe('failure');
  });
});

describe('a change to the policy file', () => {
  const policyChange = (v: Verdict) => v.routes.find((r) => r.name === 'policy-change');
  const split = policy({
    version: 1,
    proofs: { review: { kind: 'review' } },
    routes: [
      { name: 'config', paths: ['.github/**'] },
      { name: 'code', paths: ['src/**'], require: ['review'] },
    ],
  });

  it.each(['.github/proofgate.yml', '.github/proofgate.yaml'])('%s needs the policy-change approval, whatever path the policy was read from', (path) => {
    const fromOrg = { ...reviewed, source: { ...reviewed.source, path: 'org/.github/proofgate.yml' } };
    const v = judge(fromOrg, pr([commit('Tweak', [path], human('bob'))]));
    expect(v.proofs.map((p) => p.name)).toEqual([POLICY_CHANGE_PROOF]);
    expect(v.conclusion).toBe('pending');
  });

  it('is found by the old path of a rename, and not in an unrelated rename', () => {
    const moved = changed('.github/old-policy.yml', { status: 'renamed', previousPath: '.github/proofgate.yml' });
    expect(policyChange(judge(reviewed, pr([commit('Move', ['.github/old-policy.yml'], human('bob'))], { files: [moved] })))?.files).toEqual([
      '.github/old-policy.yml',
    ]);
    const other = changed('src/b.ts', { status: 'renamed', previousPath: 'src/a.ts' });
    expect(policyChange(judge(reviewed, pr([commit('Move', ['src/b.ts'], human('bob'))], { files: [other] })))).toBeUndefined();
  });

  it('shows who touched the policy file, not who touched other files', () => {
    const agent = agentCommit(['src/a.ts'], claude());
    const person = commit('Tweak the policy', ['.github/proofgate.yml'], human('bob'));
    expect(policyChange(judge(split, pr([agent, person])))?.touches).toEqual([{ agent: null, model: null, tiers: [] }]);
    const both = commit('Tweak', ['.github/proofgate.yml', '.github/other.yml'], human('bob'));
    expect(policyChange(judge(split, pr([agent, both])))?.touches).toEqual([{ agent: null, model: null, tiers: [] }]);
  });
});

describe('the pull request author', () => {
  it('is unknown without a pull request or an author, and then nobody is refused as the author', () => {
    const snapshot = pr([agentCommit(['src/a.ts'], claude(), human('bob'))], { reviews: [review('alice')] });
    expect(judge(reviewed, { ...snapshot, pullRequest: null }).conclusion).toBe('success');
    expect(judge(reviewed, { ...snapshot, pullRequest: { ...snapshot.pullRequest!, author: null } }).conclusion).toBe('success');
    expect(judge(reviewed, snapshot).conclusion).toBe('pending');
  });
});
