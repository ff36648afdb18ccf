/**
 * A check run belongs to a commit, not to a pull request. When one commit is
 * the head of two pull requests into different base branches (different
 * policies), GitHub shows, for both, the newest proofgate run on it: the pull
 * request into the stricter branch must never show the other one's verdict.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { POLICY, shownRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('one head commit, two pull requests with different base branches', () => {
  it('the pull request into the gated branch never shows a passing check while its own verdict is not passing', async () => {
    // PR A into main: agent changes to src/auth need a review; none yet.
    const a = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, a.repo, a.pr.number, 'opened'));
    expect(shownRun(h.fake, a.repo, a.headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });

    // PR B: the same head branch, into `release`, which has no policy (neutral verdict).
    h.fake.setBranch(a.repo, 'release');
    const b = h.fake.addPullRequest({
      repo: a.repo,
      head: { ref: a.pr.head.ref, repo: a.repo },
      base: { ref: 'release' },
      commits: [{ message: 'placeholder' }],
      files: a.pr.files,
    });
    Object.assign(b, { head: { ...a.pr.head }, commits: a.pr.commits });
    await h.deliver('pull_request', pullRequestEvent(h.fake, b.repo, b.number, 'opened'));

    // Branch protection on main reads the newest proofgate run on A's head.
    const shown = shownRun(h.fake, a.repo, a.headSha)!;
    const passes = shown.status === 'completed' && ['success', 'neutral', 'skipped'].includes(shown.conclusion ?? '');
    expect({ conclusion: shown.conclusion, title: shown.output.title, passes }).toMatchObject({ passes: false });
  });
});

describe('one fork head commit, two pull requests with different base branches', () => {
  it('a fork cannot lend the pull request into the gated branch the passing verdict of its pull request into an ungated one', async () => {
    // PR B from mallory's fork into main: agent changes to src/auth need a review; none yet.
    const b = addAgentPullRequest(h.fake, { policy: POLICY, forkOf: 'mallory/widgets' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, b.repo, b.pr.number, 'opened'));
    expect(shownRun(h.fake, b.repo, b.headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });

    // PR A from the same fork branch into `release`, which has no policy (neutral, a passing
    // conclusion for a required check). GitHub does not associate a fork's head commit with
    // its open pull requests, so the head commit alone does not tell that B shares it.
    h.fake.setBranch(b.repo, 'release');
    const a = h.fake.addPullRequest({
      repo: b.repo,
      head: { ref: b.pr.head.ref, repo: 'mallory/widgets' },
      base: { ref: 'release' },
      commits: [{ message: 'placeholder' }],
      files: b.pr.files,
    });
    Object.assign(a, { head: { ...b.pr.head }, commits: b.pr.commits });
    await h.deliver('pull_request', pullRequestEvent(h.fake, a.repo, a.number, 'opened'));

    // Branch protection on main reads the newest proofgate run on B's head.
    const shown = shownRun(h.fake, b.repo, b.headSha)!;
    const passes = shown.status === 'completed' && ['success', 'neutral', 'skipped'].includes(shown.conclusion ?? '');
    expect({ conclusion: shown.conclusion, title: shown.output.title, passes }).toMatchObject({ passes: false });
  });
});
