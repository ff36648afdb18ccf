/**
 * Shared capacity: a flood of events beyond the waiting limit is dropped with
 * a log line (nothing written), and the pull request's next event evaluates it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { POLICY, proofgateRuns } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ maxConcurrentEvaluations: 1, maxEvaluationsPerInstallation: 1, maxWaitingEvaluations: 1 });
});
afterEach(async () => h.close());

describe('more events than the App will hold', () => {
  it('drops the ones beyond the waiting limit with a log line; the next event evaluates the PR', async () => {
    const prs = [1, 2, 3].map((number) => addAgentPullRequest(h.fake, { policy: POLICY, number }));
    // Slow GitHub down so the first evaluation is still running when the others arrive.
    h.fake.latencyMs = 20;
    await Promise.all(prs.map(({ repo, pr }) => h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'))));
    h.fake.latencyMs = 0;

    const evaluated = prs.map(({ repo, headSha }) => proofgateRuns(h.fake, repo, headSha).length);
    // One ran, one waited its turn, one was dropped.
    expect(evaluated).toEqual([1, 1, 0]);
    const dropped = h.logs.map((l) => JSON.parse(l) as { msg: string; pr?: string; level: number }).filter((l) => l.msg.includes('dropped'));
    expect(dropped).toEqual([
      expect.objectContaining({ level: 40, pr: `${prs[2]!.repo}#3`.toLowerCase(), msg: "proofgate: dropped, 1 evaluations already waiting; the pull request's next event evaluates it" }),
    ]);
    expect(h.results).toHaveLength(2);

    const { repo, pr, headSha } = prs[2]!;
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'synchronize'));
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(1);
  });
});
