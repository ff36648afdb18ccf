/**
 * An approval given before the pull request's base changed approved another
 * diff: retargeting an approved pull request from a branch that already holds
 * unreviewed commits onto the protected branch shows those commits in the diff,
 * under the same head commit. The approval must not carry over.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, POLICY, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('a base branch changed after the approval', () => {
  it('an approval of the same head from before the change no longer counts; a new one does', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    // The pull request first targets a branch the agent pushed, which holds its other commits.
    const staging = h.fake.setBranch(repo, 'staging');
    h.fake.setFile(repo, 'staging', '.github/proofgate.yml', POLICY);
    const main = { ...pr.base };
    pr.base = { ref: 'staging', sha: staging };
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED', submittedAt: '2026-11-20T10:00:00Z' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');

    // Retargeted onto main: the head is the same commit, the diff is not.
    h.fake.changeBase(repo, pr.number, main, { at: '2026-11-20T10:05:00Z' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'edited', { changes: { base: { ref: { from: 'staging' } } } }));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run).toMatchObject({ status: 'in_progress', output: expect.objectContaining({ title: 'Waiting for 1 proof: review' }) });
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence[0]).toMatchObject({
      name: 'bob',
      counted: false,
      note: 'stale: given before the base branch changed (2026-11-20T10:05:00Z), on another diff',
    });

    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED', submittedAt: '2026-11-20T10:06:00Z' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });
});

describe('a base branch that no longer exists', () => {
  // GitHub deletes a merged pull request's branch and then closes or retargets the pull requests
  // stacked on it; an event in between finds the base gone. Its policy cannot be read: that is not
  // "no policy" (neutral, which a required check accepts, and which would stay on the head once
  // the pull request is moved onto main), nor the organisation default in place of the branch's own.
  it('is not evaluated as having no policy: the check fails, saying the base cannot be read', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.setBranch(repo, 'stacked');
    h.fake.setFile(repo, 'stacked', '.github/proofgate.yml', POLICY);
    pr.base = { ref: 'stacked', sha: h.fake.repository(repo).branches.get('stacked')! };
    h.fake.repository(repo).branches.delete('stacked');
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'synchronize'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(receipt.title).toMatch(/^Could not evaluate: .*base branch `stacked`/);
  });
});
