/**
 * GitHub's API lagging a push: the `synchronize` event names a head that the
 * pull request GitHub returns does not have yet. The App loads again after a
 * pause; when GitHub never catches up, the event's commit gets a "could not
 * evaluate" check run, never silence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiptFromCheckRunText } from '../../src/receipt/markdown.js';
import type { Receipt } from '../../src/receipt/json.js';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, shownRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  // Pauses of a millisecond: the test drives GitHub's catching up by request count, not by time.
  h = await startHarness({ headRetryDelaysMs: [1, 1] });
});
afterEach(async () => h.close());

/**
 * A push the API does not show yet: the synchronize payload names the new head,
 * GitHub's pull request still has the old one until `catchUp()`.
 */
function pushNotYetVisible() {
  const { repo, pr, headSha: oldHead } = addAgentPullRequest(h.fake, { policy: POLICY });
  h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
  const before = [...pr.commits];
  const newHead = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('Fix the refresh race'), author: pr.commits[0]!.author }]);
  const after = [...pr.commits];
  const event = pullRequestEvent(h.fake, repo, pr.number, 'synchronize');
  pr.head.sha = oldHead;
  pr.commits = before;
  const catchUp = () => {
    pr.head.sha = newHead;
    pr.commits = after;
  };
  return { repo, pr, oldHead, newHead, event, catchUp };
}

describe('synchronize while GitHub still reports the old head', () => {
  it('loads again and evaluates the new head once GitHub shows it', async () => {
    const { repo, oldHead, newHead, event, catchUp } = pushNotYetVisible();
    expect(event.pull_request.head.sha).toBe(newHead);
    let loads = 0;
    h.fake.onRequest = (call) => {
      // GitHub has caught up by the time the second load arrives.
      if (call.path === '/graphql' && ++loads === 2) catchUp();
    };
    h.fake.resetCalls();
    await h.deliver('pull_request', event);

    // The event's commit is marked in progress, loaded twice, and its mark gets the verdict.
    expect(callLines(h.apiCalls())).toEqual([
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    const runs = proofgateRuns(h.fake, repo, newHead);
    expect(runs).toHaveLength(1);
    expect(proofgateRuns(h.fake, repo, oldHead)).toEqual([]);
  });

  it('ends as "could not evaluate" on the event\'s commit when GitHub never catches up', async () => {
    const { repo, oldHead, newHead, event } = pushNotYetVisible();
    h.fake.resetCalls();
    await h.deliver('pull_request', event);

    // The mark on the event's commit, three loads (the first and one after each pause), then the verdict on that mark.
    expect(callLines(h.apiCalls())).toEqual([
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      'POST /graphql 200',
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    const runs = proofgateRuns(h.fake, repo, newHead);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const receipt = receiptFromCheckRunText(runs[0]!.output.text ?? '') as Receipt;
    expect(receipt.head.sha).toBe(newHead);
    expect(runs[0]!.output.summary).toContain(
      `GitHub still reports head ${oldHead.slice(0, 7)} for this pull request, not ${newHead.slice(0, 7)} that the event named`,
    );
    // Nothing was written on the head GitHub reported.
    expect(proofgateRuns(h.fake, repo, oldHead)).toEqual([]);
  });
});

describe('a force push back to a commit the pull request had before, while GitHub still reports the head it replaced', () => {
  it("evaluates that commit once GitHub shows it: the event is not stale, and the commit's earlier green does not stand", async () => {
    // A second replica of the App, against the same GitHub.
    const other = await startHarness({ headRetryDelaysMs: [1, 1] }, h);
    const { repo, pr, headSha: x } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    // Replica 1 evaluates x: reviewed and tested, green.
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));
    expect(shownRun(h.fake, repo, x)?.conclusion).toBe('success');

    // The agent pushes y and Bob requests changes on it; replica 2 takes both events.
    const atX = [...pr.commits];
    const y = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('Rework the token cache'), author: pr.commits[0]!.author }]);
    const atY = [...pr.commits];
    await other.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'synchronize', { before: x, after: y }));
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'CHANGES_REQUESTED' });
    await other.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));

    // The agent force-pushes x back. Replica 1 gets the event while GitHub still reports y.
    Object.assign(pr, { commits: atX, head: { ...pr.head, sha: x } });
    const event = pullRequestEvent(h.fake, repo, pr.number, 'synchronize', { before: y, after: x });
    Object.assign(pr, { commits: atY, head: { ...pr.head, sha: y } });
    let loads = 0;
    h.fake.onRequest = (call) => {
      if (call.path === '/graphql' && ++loads === 2) Object.assign(pr, { commits: atX, head: { ...pr.head, sha: x } });
    };
    await h.deliver('pull_request', event);
    await other.close();
    // GitHub has caught up by now, whether or not the App loaded again.
    Object.assign(pr, { commits: atX, head: { ...pr.head, sha: x } });

    // x is the head again, and Bob's request for changes stands: the check on x must not pass.
    const shown = shownRun(h.fake, repo, x)!;
    expect(shown.status === 'completed' && ['success', 'neutral', 'skipped'].includes(shown.conclusion ?? ''), shown.output.title ?? '').toBe(false);
    expect((receiptFromCheckRunText(shown.output.text ?? '') as Receipt).head.sha).toBe(x);
  });

  it('a push and the push back merged into one evaluation while GitHub reports the push: the commit they return to does not keep its earlier green', async () => {
    const { repo, pr, headSha: x } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));
    expect(shownRun(h.fake, repo, x)?.conclusion).toBe('success');
    const evaluations = h.results.length;

    // An evaluation of x is under way (a CI check finished) and its read is slow.
    const hold = h.fake.holdNext({ path: '/graphql' });
    const running = h.deliver(
      'check_run',
      checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha: x, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }),
    );
    await hold.arrived;

    // Meanwhile the agent pushes y, Bob requests changes on it, and the agent force-pushes x back:
    // the three events wait behind the evaluation under way, merged into one. GitHub still reports y.
    const atX = [...pr.commits];
    const y = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('Rework the token cache'), author: pr.commits[0]!.author }]);
    const atY = [...pr.commits];
    const pushed = pullRequestEvent(h.fake, repo, pr.number, 'synchronize', { before: x, after: y });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'CHANGES_REQUESTED' });
    const review = reviewEvent(h.fake, repo, pr.number, 'submitted');
    Object.assign(pr, { commits: atX, head: { ...pr.head, sha: x } });
    const back = pullRequestEvent(h.fake, repo, pr.number, 'synchronize', { before: y, after: x });
    Object.assign(pr, { commits: atY, head: { ...pr.head, sha: y } });
    const merged = [h.deliver('pull_request', pushed), h.deliver('pull_request_review', review), h.deliver('pull_request', back)];
    // Each delivery reaches the queue without I/O: a few turns of the event loop.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    hold.release();
    await Promise.all([running, ...merged]);
    expect(h.results.length - evaluations, 'the evaluation under way and one merged evaluation').toBe(2);
    Object.assign(pr, { commits: atX, head: { ...pr.head, sha: x } });

    // x is the head again, and Bob's request for changes stands: the check on x must not pass.
    const shown = shownRun(h.fake, repo, x)!;
    expect(shown.status === 'completed' && ['success', 'neutral', 'skipped'].includes(shown.conclusion ?? ''), shown.output.title ?? '').toBe(false);
  });
});

describe('a review on a head GitHub does not report yet', () => {
  it('loads again rather than skipping it as stale: a request for changes is never lost to a lagging read', async () => {
    const { repo, pr, headSha: x } = addAgentPullRequest(h.fake, { policy: POLICY });
    const atX = [...pr.commits];
    const y = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('Rework the token cache'), author: pr.commits[0]!.author }]);
    const atY = [...pr.commits];
    h.fake.setCheckRun(repo, { headSha: y, name: 'tests', conclusion: 'success', app: GITHUB_ACTIONS_APP });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));
    expect(shownRun(h.fake, repo, y)?.conclusion).toBe('success');

    // Bob requests changes on y; the App's first read hits an API replica that still reports x.
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'CHANGES_REQUESTED' });
    const event = reviewEvent(h.fake, repo, pr.number, 'submitted');
    Object.assign(pr, { commits: atX, head: { ...pr.head, sha: x } });
    let loads = 0;
    h.fake.onRequest = (call) => {
      if (call.path === '/graphql' && ++loads === 2) Object.assign(pr, { commits: atY, head: { ...pr.head, sha: y } });
    };
    await h.deliver('pull_request_review', event);
    Object.assign(pr, { commits: atY, head: { ...pr.head, sha: y } });

    // Bob's request for changes stands on y, the head: its check must not pass.
    const shown = shownRun(h.fake, repo, y)!;
    expect(shown.status === 'completed' && ['success', 'neutral', 'skipped'].includes(shown.conclusion ?? ''), shown.output.title ?? '').toBe(false);
  });
});
