/**
 * The App's handlers on GitHub's own example payloads, against the stateful
 * fake GitHub: which requests the App makes and which check run it leaves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, shownRun, theCheckRun } from './support/scenario.js';
import { MAX_OPEN_PULL_PAGES } from '../../src/github/open-pulls.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('an agent pull request', () => {
  it('missing a review gets an in-progress check that says what is missing: the in-progress mark, one read, the verdict', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(1);
    expect(run.status).toBe('in_progress');
    expect(run.conclusion).toBeNull();
    expect(run.output.title).toBe('Waiting for 1 proof: review');
    expect(run.output.summary).toContain('review');
    // GitHub shows requested actions only on completed runs: none on an in-progress one.
    expect(run.actions).toEqual([]);
    expect(receipt.conclusion).toBe('pending');
    expect(receipt.head.sha).toBe(headSha);
    expect(receipt.policy).toMatchObject({ path: '.github/proofgate.yml', origin: 'base-branch', ref: pr.base.sha });
    expect(receipt.attribution.commits.every((c) => c.agent === 'claude-code')).toBe(true);
    expect(receipt.proofs.find((p) => p.name === 'tests')?.status).toBe('pass');
    expect(receipt.proofs.find((p) => p.name === 'review')?.status).toBe('pending');
  });

  it('turns green when the review arrives, without a push: a read that finds the verdict changed, then a new run, in progress until its verdict', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const first = theCheckRun(h.fake, repo, headSha).run;
    h.fake.resetCalls();

    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));

    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.id).toBeGreaterThan(first.id);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('success');
    expect(run.output.title).toBe('All required proof found: tests, review');
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ kind: 'review', name: 'bob', state: 'APPROVED', counted: true }),
    ]);
  });

  it('does not count a check of the right name from the wrong app', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, testsConclusion: null });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    const evil = { slug: 'evil-ci', id: 666 };
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'success', app: evil });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: evil, pullRequests: [pr.number] }));

    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.status).toBe('in_progress');
    const tests = receipt.proofs.find((p) => p.name === 'tests')!;
    expect(tests.status).toBe('pending');
    expect(tests.evidence).toEqual([
      expect.objectContaining({ name: 'tests', state: 'success', counted: false, note: 'from app evil-ci; policy pins app github-actions' }),
    ]);

    // Once the App knows the policy, another spoofed run costs no API call at all.
    h.fake.resetCalls();
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: evil, pullRequests: [pr.number] }));
    expect(h.apiCalls()).toEqual([]);

    // The real one turns it green.
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'success', app: GITHUB_ACTIONS_APP });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });
});

describe('approvals that do not count', () => {
  it('by a co-author of the agent commits (the human who drove the agent)', async () => {
    // Bob drove Claude Code (he is the commits' author); Carol opened the PR.
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, author: 'bob' });
    pr.author = { login: 'carol', type: 'User' };
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.status).toBe('in_progress');
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ name: 'bob', state: 'APPROVED', counted: false, note: 'co-author of agent commits' }),
    ]);
  });

  it('by a human who pushed a commit of their own to the pull request, while an unrelated reviewer counts', async () => {
    const { repo, pr } = addAgentPullRequest(h.fake, { policy: POLICY });
    // Dana adds a commit of her own (no agent in it) to the agent's pull request, then approves it.
    const dana = { name: 'Dana', email: 'dana@example.com', login: 'dana' };
    const headSha = h.fake.pushCommits(repo, pr.number, [{ message: 'Fix a typo in the refresh window', author: dana, committer: dana }]);
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'success', app: GITHUB_ACTIONS_APP });
    h.fake.addReview(repo, pr.number, { author: { login: 'dana', type: 'User' }, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    const before = theCheckRun(h.fake, repo, headSha);
    expect(before.run.status).toBe('in_progress');
    expect(before.receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ name: 'dana', counted: false, note: 'author or committer of a commit in this pull request' }),
    ]);

    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });

  it('by a bot', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: { login: 'approver-bot', type: 'Bot' }, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.status).toBe('in_progress');
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ name: 'approver-bot[bot]', counted: false, note: 'bot account' }),
    ]);
  });

  it('by the PR author', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    pr.commits.forEach((c) => {
      c.author = { name: 'Dana', email: 'dana@example.com', login: 'dana' };
      c.committer = c.author;
    });
    h.fake.addReview(repo, pr.number, { author: { login: 'alice', type: 'User' }, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    const { receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.conclusion).toBe('pending');
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([expect.objectContaining({ name: 'alice', counted: false, note: 'PR author' })]);
  });

  it('made before a later push', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');

    const newHead = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('Tweak the refresh window'), author: pr.commits[0]!.author }]);
    h.fake.setCheckRun(repo, { headSha: newHead, name: 'tests', conclusion: 'success' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'synchronize'));
    const { run, receipt } = theCheckRun(h.fake, repo, newHead);
    expect(run.status).toBe('in_progress');
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ name: 'bob', counted: false, note: `stale: on ${headSha.slice(0, 7)}, head is ${newHead.slice(0, 7)}` }),
    ]);
    // The old head keeps its own (green) run; the new head's run is what branch protection reads.
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });
});

describe('reaching the pull request', () => {
  it('finds a fork PR from a check_run whose pull_requests list is empty', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, forkOf: 'mallory/widgets', testsConclusion: null });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'success' });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [] }));

    const graphql = h.fake.callsTo({ path: '/graphql' }).map((c) => (c.body as { query: string }).query.match(/query (\w+)/)?.[1]);
    expect(graphql).toEqual(['ProofgateOpenPullRequests', 'ProofgatePullRequest']);
    expect(h.apiCalls()).toHaveLength(4); // find the PR by SHA, mark, load, write
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('success');
    expect(receipt.pullRequest?.number).toBe(pr.number);
  });

  it('leaves a commit in progress, never green, when its pull request may be past the open pull requests GitHub lists', async () => {
    // 100 older pull requests fill the list of the oldest that comes with the first page.
    for (let i = 0; i < 100; i++) h.fake.addPullRequest({ repo: 'acme/widgets', commits: [{ message: `Older ${i}` }], files: [] });
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, forkOf: 'mallory/widgets' });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');

    // Newer pull requests fill every page proofgate reads (newest first); then the fork PR's tests fail on a re-run.
    for (let i = 0; i < MAX_OPEN_PULL_PAGES * 100; i++) h.fake.addPullRequest({ repo, commits: [{ message: `Other ${i}` }], files: [] });
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'failure' });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [] }));

    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'in_progress' });
  });

  it('re-evaluates on its own "Re-evaluate" button and "Re-run", and ignores other apps\' buttons', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const own = { id: h.fake.app.id, slug: h.fake.app.slug };
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.resetCalls();

    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'requested_action', { name: 'proofgate', headSha, app: own, pullRequests: [pr.number] }));
    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);
    const completed = theCheckRun(h.fake, repo, headSha).run;
    expect(completed.conclusion).toBe('success');
    // Completed: now the button is offered.
    expect(completed.actions).toEqual([{ label: 'Re-evaluate', description: 'Evaluate this pull request again', identifier: 'reevaluate' }]);

    h.fake.resetCalls();
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'rerequested', { name: 'proofgate', headSha, app: own, pullRequests: [] }));
    expect(h.apiCalls()).toHaveLength(4); // find the PR by SHA, mark, load, write

    h.fake.resetCalls();
    await h.deliver(
      'check_run',
      checkRunEvent(h.fake, repo, 'requested_action', { name: 'other', headSha, app: { id: 7, slug: 'other' }, pullRequests: [pr.number] }),
    );
    expect(h.apiCalls()).toEqual([]);
  });
});
