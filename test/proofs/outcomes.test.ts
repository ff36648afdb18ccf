/**
 * What each proof kind tells the reviewer: status, reason, next step and the
 * evidence with why each item did or did not count. These sentences are the
 * receipt's explanation, so a change in them is a change a reviewer sees.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { ProofResult } from '../../src/engine/verdict.js';
import type { Snapshot } from '../../src/snapshot.js';
import { agentCommit, NOW, policy, pr, review, run, status } from '../support/snapshots.js';

function outcome(proof: object, extra: Partial<Snapshot>): Pick<ProofResult, 'status' | 'reason' | 'next'> & { evidence: unknown[] } {
  const p = policy({ version: 1, proofs: { p: proof }, routes: [{ name: 'all', paths: ['**'], require: ['p'] }] });
  // The pull request adds the session ledgers it carries.
  const ledgers = (extra.ledgers ?? []).map((l) => l.path);
  const r = evaluate(p, pr([agentCommit(['src/a.ts', ...ledgers])], extra), { now: NOW }).proofs[0]!;
  return { status: r.status, reason: r.reason, next: r.next, evidence: r.evidence.map((e) => [e.name, e.state, e.counted, e.note]) };
}

const PINNED = { kind: 'check', name: 'tests', app: 'github-actions' };

describe('check proof outcomes', () => {
  it("passes on the pinned App's run and says how many same-named signals it ignored", () => {
    expect(outcome(PINNED, { checkRuns: [run('tests', 'success'), run('tests', 'success', 'evil')] })).toEqual({
      status: 'pass',
      reason: 'check `tests` passed on hhhhhhh (1 of that name ignored: not from the pinned source)',
      next: null,
      evidence: [
        ['tests', 'success', true, 'from app github-actions'],
        ['tests', 'success', false, 'from app evil; policy pins app github-actions'],
      ],
    });
  });

  it('ignores runs from another App, runs with no known App and statuses under an App pin', () => {
    expect(
      outcome(PINNED, { checkRuns: [run('tests', 'success', 'evil'), { ...run('tests', 'success'), app: null }], statuses: [status('tests', 'success')] }),
    ).toEqual({
      status: 'pending',
      reason: 'check `tests` has not reported on hhhhhhh (3 of that name ignored: not from the pinned source)',
      next: 'Run check `tests` on the head commit hhhhhhh; it must be reported by the GitHub App `github-actions`.',
      evidence: [
        ['tests', 'success', false, 'from app evil; policy pins app github-actions'],
        ['tests', 'success', false, 'producing app unknown; policy pins app github-actions'],
        ['tests', 'success', false, 'policy pins app github-actions; statuses do not count'],
      ],
    });
  });

  it('under a creator pin ignores check runs, other creators and unknown creators', () => {
    const unknown = { context: 'tests', state: 'success' as const, creator: null, url: null };
    expect(
      outcome(
        { kind: 'check', name: 'tests', creator: 'CI-Bot' },
        { checkRuns: [run('tests', 'success')], statuses: [status('tests', 'success', 'mallory'), unknown, status('tests', 'success', 'ci-bot')] },
      ),
    ).toEqual({
      status: 'pass',
      reason: 'check `tests` passed on hhhhhhh (3 of that name ignored: not from the pinned source)',
      next: null,
      evidence: [
        ['tests', 'success', false, 'policy pins a status creator; check runs do not count'],
        ['tests', 'success', false, 'created by mallory; policy pins creator CI-Bot'],
        ['tests', 'success', false, 'creator unknown; policy pins creator CI-Bot'],
        ['tests', 'success', true, 'created by ci-bot'],
      ],
    });
  });

  it('names both pins in the next step', () => {
    expect(outcome({ ...PINNED, creator: 'ci-bot' }, {}).next).toBe(
      'Run check `tests` on the head commit hhhhhhh; it must be reported by the GitHub App `github-actions` or created by `ci-bot`.',
    );
    expect(outcome({ kind: 'check', name: 'tests' }, {}).next).toBe('Run check `tests` on the head commit hhhhhhh.');
  });

  it('fails naming only the finished signals with a conclusion not accepted', () => {
    expect(
      outcome(
        { kind: 'check', name: 'test*' },
        {
          checkRuns: [run('tests', 'failure'), run('test-2', 'success'), run('test-3', null, 'github-actions', 'in_progress')],
          statuses: [status('test-s', 'error'), status('test-p', 'pending')],
        },
      ),
    ).toEqual({
      status: 'fail',
      reason: 'check `test*` did not pass on hhhhhhh (tests: failure, test-s: error)',
      next: 'Fix the failure and re-run check `test*` on the head commit; accepted conclusions: success.',
      evidence: [
        ['tests', 'failure', true, 'from app github-actions'],
        ['test-2', 'success', true, 'from app github-actions'],
        ['test-3', 'in_progress', true, 'from app github-actions'],
        ['test-s', 'error', true, 'created by ci-bot'],
        ['test-p', 'pending', true, 'created by ci-bot'],
      ],
    });
  });

  it('is pending while a run is queued or a status pending, and passes once all finished well', () => {
    expect(outcome({ kind: 'check', name: 'tests' }, { checkRuns: [run('tests', 'success'), run('tests', null, 'github-actions', 'queued')] })).toMatchObject({
      status: 'pending',
      reason: 'check `tests` is still running on hhhhhhh',
      next: 'Wait for check `tests` to finish.',
    });
    expect(outcome({ kind: 'check', name: 'tests' }, { statuses: [status('tests', 'expected')] }).status).toBe('pending');
    expect(
      outcome(
        { kind: 'check', name: 'tests', conclusions: ['success', 'skipped'] },
        { checkRuns: [run('tests', 'skipped')], statuses: [status('tests', 'success')] },
      ).status,
    ).toBe('pass');
    // A completed run without a conclusion is not a result yet.
    expect(outcome({ kind: 'check', name: 'tests' }, { checkRuns: [{ ...run('tests', 'success'), conclusion: null }] }).status).toBe('pending');
  });

  it('reads only the source the proof names', () => {
    expect(outcome({ kind: 'check', name: 'tests', source: 'check-run' }, { statuses: [status('tests', 'success')] }).status).toBe('pending');
    expect(outcome({ kind: 'check', name: 'tests', source: 'status' }, { checkRuns: [run('tests', 'success')] }).status).toBe('pending');
    expect(outcome({ kind: 'check', name: 'tests', source: 'status' }, { statuses: [status('tests', 'failure')] }).status).toBe('fail');
  });
});

describe('ledger proof outcomes', () => {
  const session = (lines: object[]) => ({
    kind: 'proofgate-session' as const,
    path: '.proofgate/sessions/s1.jsonl',
    commitSha: null,
    content:
      [{ proofgate: 'session/1', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' }, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n',
  });
  const LEDGER = { kind: 'ledger', validation: 'unit*', trust: 'self-reported' };

  it('is pending with no recorded validation and says where to record it', () => {
    expect(outcome(LEDGER, {})).toEqual({
      status: 'pending',
      reason: 'no session ledger of this pull request records ledger validation `unit*`',
      next: 'Run the validation and record it in a session ledger this pull request adds or changes (.proofgate/sessions/*.jsonl).',
      evidence: [],
    });
  });

  it('needs every validation the glob matches to pass, and marks each run as self-reported with its command', () => {
    const r = outcome(LEDGER, {
      ledgers: [
        session([
          { type: 'validation', name: 'unit', result: 'fail', command: 'npm test' },
          { type: 'validation', name: 'lint', result: 'fail' },
          { type: 'validation', name: 'unit-2', result: 'pass' },
        ]),
      ],
    });
    expect(r).toMatchObject({ status: 'fail', reason: 'the last recorded ledger validation `unit*` failed: `unit` in .proofgate/sessions/s1.jsonl' });
    expect(r.evidence).toEqual([
      ['unit', 'fail', true, 'self-reported in .proofgate/sessions/s1.jsonl: npm test'],
      ['unit-2', 'pass', true, 'self-reported in .proofgate/sessions/s1.jsonl'],
    ]);
  });

  it("takes a session's last run of each validation: a later pass supersedes a failure, a later failure a pass", () => {
    const rerun = outcome(LEDGER, {
      ledgers: [
        session([
          { type: 'validation', name: 'unit', result: 'fail', command: 'npm test' },
          { type: 'validation', name: 'unit', result: 'pass', command: 'npm test' },
        ]),
      ],
    });
    expect(rerun.status).toBe('pass');
    expect(rerun.reason).toContain('self-reported');
    expect(rerun.evidence).toEqual([
      ['unit', 'fail', false, 'self-reported in .proofgate/sessions/s1.jsonl: npm test; a later run decides'],
      ['unit', 'pass', true, 'self-reported in .proofgate/sessions/s1.jsonl: npm test'],
    ]);
    const failed = outcome(LEDGER, {
      ledgers: [
        session([
          { type: 'validation', name: 'unit', result: 'pass' },
          { type: 'validation', name: 'unit', result: 'fail' },
        ]),
      ],
    });
    expect(failed.status).toBe('fail');
    expect(failed.next).not.toBeNull();
  });

  it('orders the runs of several sessions by their time: the latest decides, whatever the file names', () => {
    const at = (name: string, result: string, time: string, path: string) => ({
      ...session([{ type: 'validation', name, result, at: time }]),
      path,
    });
    const fixedLater = outcome(LEDGER, {
      ledgers: [
        at('unit', 'pass', '2026-11-20T11:00:00Z', '.proofgate/sessions/a.jsonl'),
        at('unit', 'fail', '2026-11-20T10:00:00Z', '.proofgate/sessions/b.jsonl'),
      ],
    });
    expect(fixedLater.status).toBe('pass');
    expect(fixedLater.evidence.map((e) => (e as unknown[])[2])).toEqual([true, false]);
    const brokenLater = outcome(LEDGER, {
      ledgers: [
        at('unit', 'fail', '2026-11-20T11:00:00Z', '.proofgate/sessions/a.jsonl'),
        at('unit', 'pass', '2026-11-20T10:00:00Z', '.proofgate/sessions/b.jsonl'),
      ],
    });
    expect(brokenLater.status).toBe('fail');
    const sameTime = outcome(LEDGER, {
      ledgers: [
        at('unit', 'fail', '2026-11-20T11:00:00Z', '.proofgate/sessions/a.jsonl'),
        at('unit', 'pass', '2026-11-20T11:00:00Z', '.proofgate/sessions/b.jsonl'),
      ],
    });
    expect(sameTime.status).toBe('fail');
  });
});

describe('review proof outcomes', () => {
  it('counts listed users and team members whatever the case of their login, and says why others did not count', () => {
    expect(
      outcome(
        { kind: 'review', count: 2, users: ['Carol'], teams: ['Acme/Sec'] },
        { reviews: [review('carol'), review('dave'), review('alice'), review('SAM')], teams: { 'acme/sec': ['sam'] } },
      ),
    ).toEqual({
      status: 'pass',
      reason: '2 of 2 approvals from @Carol or @Acme/Sec with write access on hhhhhhh',
      next: null,
      evidence: [
        ['carol', 'APPROVED', true, 'on hhhhhhh'],
        ['dave', 'APPROVED', false, 'not in @Carol, @Acme/Sec'],
        ['alice', 'APPROVED', false, 'PR author'],
        ['SAM', 'APPROVED', true, 'on hhhhhhh'],
      ],
    });
  });

  it('says how many approvals did not count and what to ask for', () => {
    expect(
      outcome(
        { kind: 'review', count: 2 },
        { reviews: [review('x', 'APPROVED', { commitSha: null }), review('y', 'APPROVED', { commitSha: 'a'.repeat(40) }), review('z')] },
      ),
    ).toEqual({
      status: 'pending',
      reason: '1 of 2 approvals from a human reviewer with write access on hhhhhhh; 2 approvals did not count',
      next: 'Ask a human reviewer with write access to approve hhhhhhh; approvals by bots, the PR author, co-authors of agent commits or authors and committers of its commits, or on earlier commits, do not count.',
      evidence: [
        ['x', 'APPROVED', false, 'stale: on an unknown commit, head is hhhhhhh'],
        ['y', 'APPROVED', false, 'stale: on aaaaaaa, head is hhhhhhh'],
        ['z', 'APPROVED', true, 'on hhhhhhh'],
      ],
    });
    expect(outcome({ kind: 'review' }, { reviews: [review('x', 'APPROVED', { commitSha: null })] }).reason).toBe(
      '0 of 1 approval from a human reviewer with write access on hhhhhhh; 1 approval did not count',
    );
    expect(outcome({ kind: 'review' }, {}).reason).toBe('0 of 1 approval from a human reviewer with write access on hhhhhhh');
  });

  it('counts the reviewers who requested changes', () => {
    expect(outcome({ kind: 'review' }, { reviews: [review('x', 'CHANGES_REQUESTED'), review('y', 'CHANGES_REQUESTED'), review('z')] })).toMatchObject({
      status: 'fail',
      reason: 'changes requested by 2 reviewers',
      next: 'Address the requested changes, then have the same reviewer approve (or dismiss the request), and get approvals from a human reviewer with write access.',
    });
    expect(outcome({ kind: 'review' }, { reviews: [review('x', 'CHANGES_REQUESTED'), review('z')] }).reason).toBe('changes requested by 1 reviewer');
  });

  it("takes each reviewer's latest decisive review by time, not by list order, and one login whatever its case", () => {
    const later = review('dave', 'APPROVED', { submittedAt: '2026-11-20T11:00:00Z' });
    const earlier = review('Dave', 'CHANGES_REQUESTED', { submittedAt: '2026-11-20T10:00:00Z' });
    expect(outcome({ kind: 'review' }, { reviews: [later, earlier] }).status).toBe('pass');
    expect(outcome({ kind: 'review', count: 2 }, { reviews: [review('dave'), review('DAVE')] }).status).toBe('pending');
  });

  it('relaxes each rule only where the policy says so', () => {
    const relaxed = { kind: 'review', allowBots: true, allowAuthor: true, allowStale: true, requireWriteAccess: false };
    const reviews = [
      review('bot[bot]'),
      review('alice'),
      review('old', 'APPROVED', { commitSha: null }),
      review('outsider', 'APPROVED', { authorCanPush: false }),
    ];
    expect(outcome({ ...relaxed, count: 4 }, { reviews })).toMatchObject({
      status: 'pending',
      reason: '3 of 4 approvals from a human reviewer on hhhhhhh; 1 approval did not count',
    });
    // alice is the PR's author and also drove the agent: both rules must be relaxed.
    expect(outcome({ ...relaxed, allowCoauthors: true, count: 4 }, { reviews })).toMatchObject({
      status: 'pass',
      reason: '4 of 4 approvals from a human reviewer on hhhhhhh',
    });
  });
});

describe('evidence', () => {
  it('says what kind of signal each item is', () => {
    const p = policy({
      version: 1,
      proofs: { ci: { kind: 'check', name: 'tests' }, review: { kind: 'review' }, ran: { kind: 'ledger', validation: 'unit', trust: 'self-reported' } },
      routes: [{ name: 'all', paths: ['**'], require: ['ci', 'review', 'ran'] }],
    });
    const ledger = {
      kind: 'proofgate-session' as const,
      path: '.proofgate/sessions/s1.jsonl',
      commitSha: null,
      content: `${JSON.stringify({ proofgate: 'session/1', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' })}\n${JSON.stringify({ type: 'validation', name: 'unit', result: 'pass' })}\n`,
    };
    const v = evaluate(
      p,
      pr([agentCommit(['src/a.ts'])], {
        checkRuns: [run('tests', 'success')],
        statuses: [status('tests', 'success')],
        reviews: [review('dave'), review('erin', 'CHANGES_REQUESTED')],
        ledgers: [ledger],
      }),
      { now: NOW },
    );
    expect(v.proofs.map((r) => [r.name, r.evidence.map((e) => e.kind)])).toEqual([
      ['ci', ['check-run', 'status']],
      ['review', ['review', 'review']],
      ['ran', ['ledger-validation']],
    ]);
  });
});

describe('check proof outcomes, further', () => {
  it('says nothing about ignored signals when nothing was ignored', () => {
    expect(outcome({ kind: 'check', name: 'tests' }, { checkRuns: [run('tests', 'success')] }).reason).toBe('check `tests` passed on hhhhhhh');
    expect(outcome({ kind: 'check', name: 'tests' }, {}).reason).toBe('check `tests` has not reported on hhhhhhh');
  });

  it('lists every accepted conclusion in the next step of a failure', () => {
    expect(outcome({ kind: 'check', name: 'tests', conclusions: ['success', 'neutral'] }, { checkRuns: [run('tests', 'failure')] }).next).toBe(
      'Fix the failure and re-run check `tests` on the head commit; accepted conclusions: success, neutral.',
    );
  });

  it('counts only statuses whose context the name glob matches', () => {
    expect(outcome({ kind: 'check', name: 'tests' }, { statuses: [status('lint', 'success')] }).status).toBe('pending');
    expect(outcome({ kind: 'check', name: 'tests' }, { statuses: [status('lint', 'failure'), status('tests', 'success')] }).status).toBe('pass');
  });

  it('treats a run that is not completed as running, whatever conclusion it carries', () => {
    // A snapshot read from a file (--snapshot) is not shaped by GitHub: the status decides.
    const running = { ...run('tests', 'success'), status: 'in_progress' as const };
    expect(outcome({ kind: 'check', name: 'tests' }, { checkRuns: [running] }).status).toBe('pending');
  });
});

describe('ledger proof outcomes, further', () => {
  it('says that the last recorded run failed and what to do', () => {
    const content = [
      { proofgate: 'session/1', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
      { type: 'validation', name: 'unit', result: 'fail' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    expect(
      outcome(
        { kind: 'ledger', validation: 'unit', trust: 'self-reported' },
        { ledgers: [{ kind: 'proofgate-session', path: '.proofgate/sessions/s1.jsonl', commitSha: null, content: `${content}\n` }] },
      ),
    ).toMatchObject({
      status: 'fail',
      reason: 'the last recorded ledger validation `unit` failed: `unit` in .proofgate/sessions/s1.jsonl',
      next: 'Fix the failure and record a passing run.',
    });
  });
});

describe('review proof outcomes, further', () => {
  const ghost = (state: 'APPROVED' | 'CHANGES_REQUESTED', extra = {}) => ({ ...review('x', state, extra), author: null });

  it('says why a request for changes blocks or does not', () => {
    expect(
      outcome(
        { kind: 'review' },
        {
          reviews: [
            review('dave', 'CHANGES_REQUESTED', { commitSha: 'a'.repeat(40), submittedAt: '2026-11-20T10:01:00Z' }),
            review('erin', 'CHANGES_REQUESTED', { commitSha: null, submittedAt: '2026-11-20T10:02:00Z' }),
            review('lint[bot]', 'CHANGES_REQUESTED', { submittedAt: '2026-11-20T10:03:00Z' }),
            review('outsider', 'CHANGES_REQUESTED', { authorCanPush: false, submittedAt: '2026-11-20T10:04:00Z' }),
          ],
        },
      ),
    ).toEqual({
      status: 'fail',
      reason: 'changes requested by 2 reviewers',
      next: 'Address the requested changes, then have the same reviewer approve (or dismiss the request), and get approvals from a human reviewer with write access.',
      evidence: [
        ['dave', 'CHANGES_REQUESTED', true, 'blocks until this reviewer approves or the review is dismissed; on aaaaaaa'],
        ['erin', 'CHANGES_REQUESTED', true, 'blocks until this reviewer approves or the review is dismissed'],
        ['lint[bot]', 'CHANGES_REQUESTED', false, 'bot account'],
        ['outsider', 'CHANGES_REQUESTED', false, 'no write access'],
      ],
    });
  });

  it('a request for changes from a bot blocks when the proof lets bots approve', () => {
    expect(outcome({ kind: 'review', allowBots: true }, { reviews: [review('dave'), review('lint[bot]', 'CHANGES_REQUESTED')] }).status).toBe('fail');
  });

  it('names deleted accounts and keeps each one a reviewer of its own', () => {
    expect(
      outcome(
        { kind: 'review' },
        { reviews: [ghost('APPROVED', { submittedAt: '2026-11-20T10:00:00Z' }), ghost('CHANGES_REQUESTED', { submittedAt: '2026-11-20T10:05:00Z' })] },
      ),
    ).toMatchObject({
      status: 'fail',
      evidence: [
        ['(deleted account)', 'APPROVED', false, 'reviewer account deleted'],
        ['(deleted account)', 'CHANGES_REQUESTED', true, 'blocks until this reviewer approves or the review is dismissed; on hhhhhhh'],
      ],
    });
  });

  it('does not call a dismissed review or a non-blocking request for changes an approval that did not count', () => {
    expect(outcome({ kind: 'review' }, { reviews: [review('dave', 'DISMISSED'), review('lint[bot]', 'CHANGES_REQUESTED')] }).reason).toBe(
      '0 of 1 approval from a human reviewer with write access on hhhhhhh',
    );
  });

  it("does not show a reviewer's unsubmitted (pending) review", () => {
    expect(outcome({ kind: 'review' }, { reviews: [review('dave', 'PENDING', { submittedAt: null })] }).evidence).toEqual([]);
  });

  it('leaves earlier commits out of the next step when stale approvals count', () => {
    expect(outcome({ kind: 'review', allowStale: true, users: ['carol'] }, {}).next).toBe(
      'Ask @carol with write access to approve hhhhhhh; approvals by bots, the PR author, co-authors of agent commits or authors and committers of its commits do not count.',
    );
  });

  it('lists the users who count, and takes a member of any listed team', () => {
    expect(outcome({ kind: 'review', users: ['carol'] }, { reviews: [review('dave')] })).toMatchObject({
      status: 'pending',
      evidence: [['dave', 'APPROVED', false, 'not in @carol']],
    });
    expect(
      outcome({ kind: 'review', teams: ['acme/leads', 'acme/sec'] }, { reviews: [review('sam')], teams: { 'acme/leads': ['lee'], 'acme/sec': ['sam'] } })
        .status,
    ).toBe('pass');
  });

  describe('when GitHub refuses to show a listed team', () => {
    const REMEDY = 'grant the App the "Organization members: Read-only" permission';
    const SEC = { kind: 'review', users: ['carol'], teams: ['Acme/Sec'] };

    it('is pending while an approval could come from a member, and names the access to grant', () => {
      expect(outcome(SEC, { reviews: [review('dave'), review('erin')], unreadableTeams: { 'acme/sec': REMEDY } })).toEqual({
        status: 'pending',
        reason:
          'GitHub refused to show the members of @Acme/Sec, so 2 reviews cannot be counted yet (0 of 1 approval from @carol or @Acme/Sec with write access on hhhhhhh)',
        next: `proofgate cannot read @Acme/Sec: ${REMEDY}.`,
        evidence: [
          ['dave', 'APPROVED', false, 'membership of @Acme/Sec could not be read'],
          ['erin', 'APPROVED', false, 'membership of @Acme/Sec could not be read'],
        ],
      });
      expect(outcome(SEC, { reviews: [review('dave')], unreadableTeams: { 'Acme/Sec': '' } })).toMatchObject({
        reason:
          'GitHub refused to show the members of @Acme/Sec, so 1 review cannot be counted yet (0 of 1 approval from @carol or @Acme/Sec with write access on hhhhhhh)',
        next: 'proofgate cannot read @Acme/Sec: give it access to organization members.',
      });
    });

    it('names every team it could not read and each distinct remedy once', () => {
      const teams = { kind: 'review', teams: ['acme/a', 'acme/b', 'acme/c', 'acme/d'] };
      expect(outcome(teams, { reviews: [review('dave')], unreadableTeams: { 'acme/a': 'R1', 'acme/b': '', 'acme/c': 'R2', 'acme/d': 'R1' } })).toMatchObject({
        status: 'pending',
        next: 'proofgate cannot read @acme/a, @acme/b, @acme/c, @acme/d: R1; R2.',
        evidence: [['dave', 'APPROVED', false, 'membership of @acme/a, @acme/b, @acme/c, @acme/d could not be read']],
      });
    });

    it('passes on enough approvals from listed users, and ignores refusals membership cannot change', () => {
      expect(outcome(SEC, { reviews: [review('carol'), review('dave')], unreadableTeams: { 'acme/sec': REMEDY } }).status).toBe('pass');
      expect(
        outcome(SEC, { reviews: [review('alice'), review('dave', 'APPROVED', { commitSha: null })], unreadableTeams: { 'acme/sec': REMEDY } }),
      ).toMatchObject({ status: 'pending', reason: '0 of 1 approval from @carol or @Acme/Sec with write access on hhhhhhh; 2 approvals did not count' });
    });

    it('does not matter for a team the proof does not list', () => {
      expect(outcome({ kind: 'review', users: ['carol'] }, { reviews: [review('dave')], unreadableTeams: { 'acme/sec': REMEDY } }).reason).toBe(
        '0 of 1 approval from @carol with write access on hhhhhhh; 1 approval did not count',
      );
    });
  });
});
