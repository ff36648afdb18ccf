/**
 * No write that leaves the check as it was, and never a skip that leaves a
 * stale green: an event on a head this process has evaluated is read first,
 * and nothing is written only when the run GitHub shows on that head already
 * shows the verdict (src/app/gate-service.ts, runGate's `probe` mode).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, shownRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

async function greenPullRequest(h: Harness) {
  const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
  h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
  await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
  expect(shownRun(h.fake, repo, headSha)?.conclusion).toBe('success');
  h.fake.resetCalls();
  return { repo, pr, headSha };
}

describe('an event that re-confirms the verdict', () => {
  it('costs one read and writes nothing; the run shown stays the one that was shown', async () => {
    const { repo, pr, headSha } = await greenPullRequest(h);
    const before = shownRun(h.fake, repo, headSha)!;
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'edited'));
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    expect(callLines(h.apiCalls())).toEqual(['POST /graphql 200', 'POST /graphql 200']);
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(1);
    expect(shownRun(h.fake, repo, headSha)).toEqual(before);
    expect(h.results.at(-1)?.result).toMatchObject({ unchanged: true, checkRun: { id: before.id } });
  });

  it('a review that changes nothing in the verdict but is new evidence is still written', async () => {
    const { repo, pr, headSha } = await greenPullRequest(h);
    // A second approval: still green, but the review proof now lists it.
    h.fake.addReview(repo, pr.number, { author: { login: 'carol', type: 'User' }, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'submitted'));
    const runs = proofgateRuns(h.fake, repo, headSha);
    expect(runs).toHaveLength(2);
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ id: Math.max(...runs.map((r) => r.id)), conclusion: 'success' });
  });
});

describe('never a stale green', () => {
  it('a dismissed approval on a head already evaluated: the read finds the change, the check goes in progress, then pending', async () => {
    const { repo, pr, headSha } = await greenPullRequest(h);
    h.fake.pullRequest(repo, pr.number).reviews[0]!.state = 'DISMISSED';
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'dismissed'));
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });
  });

  it('on a 300-file pull request, the read after the mark pages its files again only if GitHub lists others', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, files: 300 });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.resetCalls();
    // The approval is dismissed: the probe (3 reads) finds the change, the check is marked, one read decides.
    h.fake.pullRequest(repo, pr.number).reviews[0]!.state = 'DISMISSED';
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'dismissed'));
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      'POST /graphql 200',
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });
    expect(h.results.at(-1)!.result.snapshot?.files).toHaveLength(300);
  });

  it('a new head pushed while the old verdict was green is written, never skipped', async () => {
    const { repo, pr, headSha } = await greenPullRequest(h);
    const newHead = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('Tweak the refresh window'), author: pr.commits[0]!.author }]);
    h.fake.setCheckRun(repo, { headSha: newHead, name: 'tests', conclusion: 'success', app: GITHUB_ACTIONS_APP });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED', commitSha: newHead });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'synchronize'));
    // Marked and written on the new head; the old head's run is untouched.
    expect(proofgateRuns(h.fake, repo, newHead)).toHaveLength(1);
    expect(shownRun(h.fake, repo, newHead)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(1);
  });

  it('a run in progress newer than the matching verdict (a crash, another replica) gets the verdict, it is not skipped', async () => {
    const { repo, pr, headSha } = await greenPullRequest(h);
    // An in-progress mark whose evaluation never finished: GitHub shows it, not the green run before it.
    const stuck = h.fake.setCheckRun(repo, { headSha, name: 'proofgate', status: 'in_progress', app: h.fake.app, externalId: '' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'edited'));
    const shown = shownRun(h.fake, repo, headSha)!;
    expect(shown.id).toBeGreaterThan(stuck.id);
    expect(shown).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('a run shown from an older proofgate whose external id has no verdict fingerprint is written again', async () => {
    const { repo, pr, headSha } = await greenPullRequest(h);
    const shown = shownRun(h.fake, repo, headSha)!;
    shown.externalId = shown.externalId!.replace(/ verdict:[0-9a-f]+/, '');
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number, 'edited'));
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(2);
    expect(shownRun(h.fake, repo, headSha)!.externalId).toMatch(/ verdict:[0-9a-f]{32}$/);
  });
});

describe('a read that has not decided when the time to decide is up', () => {
  it('marks the check in progress while the read is still out, and writes the verdict of a read after the mark', async () => {
    const slow = await startHarness({ decideWithinMs: 20 });
    try {
      const { repo, pr, headSha } = await greenPullRequest(slow);
      const hold = slow.fake.holdNext({ path: '/graphql' });
      const delivery = slow.deliver('pull_request_review', reviewEvent(slow.fake, repo, pr.number, 'edited'));
      await hold.arrived;
      // GitHub is about to be told the event was taken: the check goes off green before the read answers.
      await vi.waitFor(() => expect(shownRun(slow.fake, repo, headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Evaluating' } }), {
        timeout: 10_000,
      });
      hold.release();
      await delivery;
      expect(callLines(slow.apiCalls())).toEqual([
        'POST /graphql 200',
        `POST /repos/${repo}/check-runs 201`,
        'POST /graphql 200',
        `PATCH /repos/${repo}/check-runs/:id 200`,
      ]);
      expect(shownRun(slow.fake, repo, headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(proofgateRuns(slow.fake, repo, headSha)).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });
});
