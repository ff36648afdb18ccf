/**
 * Review edits and dismissals, and a re-run of proofgate's own check suite:
 * each re-evaluates the pull request on GitHub's example payloads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiptFromCheckRunText } from '../../src/receipt/markdown.js';
import type { Receipt } from '../../src/receipt/json.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkSuiteEvent, pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('pull_request_review', () => {
  it('edited: re-evaluates and updates the check run: a read finds the verdict changed, then mark, read, verdict', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const first = theCheckRun(h.fake, repo, headSha).run;
    expect(first.status).toBe('in_progress');

    // The approval's own `submitted` delivery was lost; its later edit still turns the gate green.
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.resetCalls();
    const edited = reviewEvent(h.fake, repo, pr.number, 'edited');
    expect(edited.action).toBe('edited');
    expect(edited.changes).toEqual({ body: { from: 'Looks good' } });
    await h.deliver('pull_request_review', edited);

    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    const { run } = theCheckRun(h.fake, repo, headSha);
    expect(run.id).toBeGreaterThan(first.id);
    expect(run.conclusion).toBe('success');
  });

  it('dismissed: a dismissed approval turns a green gate back to pending in a new check run', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    const approval = h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));
    const green = theCheckRun(h.fake, repo, headSha).run;
    expect(green.conclusion).toBe('success');

    approval.state = 'DISMISSED';
    h.fake.resetCalls();
    const dismissed = reviewEvent(h.fake, repo, pr.number, 'dismissed');
    expect(dismissed.review.state).toBe('dismissed');
    await h.deliver('pull_request_review', dismissed);

    // A read finds the verdict changed; GitHub does not reopen a completed run: the in-progress mark is a new run, and the pending verdict goes there.
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    const runs = proofgateRuns(h.fake, repo, headSha);
    expect(runs).toHaveLength(2);
    const newest = runs.reduce((a, b) => (b.id > a.id ? b : a));
    expect(newest.id).not.toBe(green.id);
    expect(newest.status).toBe('in_progress');
    expect(newest.conclusion).toBeNull();
    expect(newest.output.title).toBe('Waiting for 1 proof: review');
    const receipt = receiptFromCheckRunText(newest.output.text ?? '') as Receipt;
    expect(receipt.conclusion).toBe('pending');
    expect(receipt.proofs.find((p) => p.name === 'review')?.status).toBe('pending');
    // The old run is left as GitHub keeps it; branch protection reads the newest run of the name.
    expect(runs.find((r) => r.id === green.id)?.conclusion).toBe('success');

    // A new approval is one more run, shown as the newest: green again.
    h.fake.addReview(repo, pr.number, { author: { login: 'carol', type: 'User' }, state: 'APPROVED' });
    h.fake.resetCalls();
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(3);
    expect(theCheckRun(h.fake, repo, headSha).run).toMatchObject({ status: 'completed', conclusion: 'success' });
  });
});

describe('check_suite rerequested', () => {
  it('its own suite\'s "Re-run all checks" re-evaluates the pull request', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.resetCalls();

    const own = { id: h.fake.app.id, slug: h.fake.app.slug };
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'rerequested', { headSha, app: own, pullRequests: [pr.number] }));

    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });

  it('finds a fork PR by SHA when the suite lists no pull requests', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, forkOf: 'mallory/widgets' });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    const own = { id: h.fake.app.id, slug: h.fake.app.slug };
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'rerequested', { headSha, app: own, pullRequests: [] }));

    const graphql = h.fake.callsTo({ path: '/graphql' }).map((c) => (c.body as { query: string }).query.match(/query (\w+)/)?.[1]);
    expect(graphql).toEqual(['ProofgateOpenPullRequests', 'ProofgatePullRequest']);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });

  it("another app's suite re-run is not proofgate's to answer", async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'rerequested', { headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    expect(h.apiCalls()).toEqual([]);
    expect(proofgateRuns(h.fake, repo, headSha)).toEqual([]);
  });
});
