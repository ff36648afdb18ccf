/**
 * An event GitHub is about to be told was taken must leave the check off
 * green, wherever it waits inside the App (this PR's queue, an evaluation
 * slot, the read that decides whether anything changed): the decide-within
 * deadline is armed when the event is taken and marks the head in progress if
 * the evaluation has not decided by then. Otherwise an event waiting past the
 * 9 s after which the webhook is answered 202 would leave the old green
 * standing, and a crash or a deploy would lose it for good (GitHub recorded a
 * success and never redelivers).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, POLICY, shownRun } from './support/scenario.js';

let h: Harness | null = null;
afterEach(async () => {
  h?.fake.clearFailures();
  await h?.close();
  h = null;
});

describe('an event waiting for an evaluation slot', () => {
  it('takes the check off green within decideWithinMs, before GitHub is answered, even while every slot of its installation is busy', async () => {
    h = await startHarness({ decideWithinMs: 50, maxEvaluationsPerInstallation: 1 });
    const fake = h.fake;
    // PR 1 is green: approved, evaluated once by this process.
    const one = addAgentPullRequest(fake, { policy: POLICY });
    fake.addReview(one.repo, one.pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(fake, one.repo, one.pr.number, 'opened'));
    expect(shownRun(fake, one.repo, one.headSha)?.conclusion).toBe('success');

    // Another PR of the same installation holds its one evaluation slot (a slow GitHub read).
    const two = addAgentPullRequest(fake, { repo: 'acme/gadgets', policy: POLICY });
    const hold = fake.holdNext({ path: '/graphql' });
    const busy = h.deliver('pull_request', pullRequestEvent(fake, two.repo, two.pr.number, 'opened'));
    await hold.arrived;

    // The approval on PR 1 is dismissed; its event waits for the slot.
    fake.pullRequest(one.repo, one.pr.number).reviews[0]!.state = 'DISMISSED';
    const dismissed = h.deliver('pull_request_review', reviewEvent(fake, one.repo, one.pr.number, 'dismissed'));
    try {
      // decideWithinMs is 50 ms; 5 s is far past it. The shown run must not still be the old green.
      await vi.waitFor(() => expect(shownRun(fake, one.repo, one.headSha)).not.toMatchObject({ status: 'completed', conclusion: 'success' }), {
        timeout: 5_000,
      });
    } finally {
      hold.release();
      await Promise.allSettled([busy, dismissed]);
    }
    expect(shownRun(fake, one.repo, one.headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });
  });
});
