/**
 * Shared capacity: an event beyond the waiting limit is not taken. Its check
 * was marked in progress first (never left green), the delivery fails with
 * 503 so GitHub records it, and its redelivery evaluates the pull request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { POLICY, shownRun, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ maxConcurrentEvaluations: 1, maxEvaluationsPerInstallation: 1, maxWaitingEvaluations: 1 });
});
afterEach(async () => h.close());

describe('more events than the App will hold', () => {
  it('answers 503 to the one beyond the waiting limit, with its check in progress; its redelivery evaluates it', async () => {
    const prs = [1, 2, 3].map((number) => addAgentPullRequest(h.fake, { policy: POLICY, number }));
    // Slow GitHub down so the first evaluation is still running when the others arrive.
    h.fake.latencyMs = 20;
    const events = prs.map(({ repo, pr }, i) => ({ id: `flood-${i}`, name: 'pull_request', payload: pullRequestEvent(h.fake, repo, pr.number, 'opened') }));
    const outcomes = await Promise.allSettled(events.map((e) => h.probot.receive(e as Parameters<typeof h.probot.receive>[0])));
    h.fake.latencyMs = 0;

    // One ran, one waited its turn, one was not taken.
    const refused = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(refused).toHaveLength(1);
    const i = refused[0]!;
    expect((outcomes[i] as PromiseRejectedResult).reason).toMatchObject({ errors: [expect.objectContaining({ status: 503 })] });
    const { repo, pr, headSha } = prs[i]!;
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      output: expect.objectContaining({ title: 'Evaluating' }),
    });
    const notTaken = h.logs.map((l) => JSON.parse(l) as { msg: string; pr?: string; level: number }).filter((l) => l.msg.includes('not taken'));
    expect(notTaken).toEqual([
      expect.objectContaining({
        level: 40,
        pr: `${repo}#${pr.number}`.toLowerCase(),
        msg: 'proofgate: not taken, 1 evaluations already waiting; answered 503 for GitHub to send it again',
      }),
    ]);
    expect(h.results).toHaveLength(2);

    // GitHub's redelivery keeps the delivery id: a failed attempt is not a duplicate, it is evaluated.
    await h.probot.receive(events[i] as Parameters<typeof h.probot.receive>[0]);
    expect(theCheckRun(h.fake, repo, headSha).run.output.title).toBe('Waiting for 1 proof: review');
    expect(h.results).toHaveLength(3);
  });
});
