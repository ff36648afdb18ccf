/**
 * A check run that starts on a head commit (check_run.created), also as a
 * re-run of one that passed: GitHub then shows the new run as the check's
 * latest, and a fresh evaluation reads it as still running. A green proofgate
 * check that counted the old run must not stay green meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, pullRequestEvent } from './support/payloads.js';
import { BOB, POLICY, shownRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

/** An agent PR whose `tests` passed and whose review is given: proofgate's check is green. */
async function greenPullRequest() {
  const agent = addAgentPullRequest(h.fake, { policy: POLICY });
  h.fake.addReview(agent.repo, agent.pr.number, { author: BOB, state: 'APPROVED' });
  await h.deliver('pull_request', pullRequestEvent(h.fake, agent.repo, agent.pr.number, 'opened'));
  expect(shownRun(h.fake, agent.repo, agent.headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });
  return agent;
}

describe('a check run that starts on the head commit', () => {
  it('takes a green check off green while a required check runs again, and fails it when the re-run fails', async () => {
    const { repo, pr, headSha } = await greenPullRequest();

    h.fake.setCheckRun(repo, { headSha, name: 'tests', status: 'in_progress' });
    await h.deliver(
      'check_run',
      checkRunEvent(h.fake, repo, 'created', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number], conclusion: null }),
    );
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'in_progress' });

    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'failure' });
    await h.deliver(
      'check_run',
      checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number], conclusion: 'failure' }),
    );
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('finds a fork PR by its head, as for a finished run', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, forkOf: 'mallory/widgets' });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ conclusion: 'success' });

    h.fake.setCheckRun(repo, { headSha, name: 'tests', status: 'queued' });
    await h.deliver(
      'check_run',
      checkRunEvent(h.fake, repo, 'created', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [], conclusion: null }),
    );
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'in_progress' });
  });

  it('costs no API call when no proof counts the check or the run is its own, and one read, no write, on a check that does not pass', async () => {
    const waiting = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, waiting.repo, waiting.pr.number, 'opened'));
    expect(shownRun(h.fake, waiting.repo, waiting.headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });
    const green = await greenPullRequest();
    const own = { id: h.fake.app.id, slug: h.fake.app.slug };
    h.fake.resetCalls();

    const started = (target: typeof green, name: string, app: { id: number; slug: string }) =>
      h.deliver(
        'check_run',
        checkRunEvent(h.fake, target.repo, 'created', { name, headSha: target.headSha, app, pullRequests: [target.pr.number], conclusion: null }),
      );
    await started(green, 'lint', GITHUB_ACTIONS_APP);
    await started(green, 'proofgate', own);
    expect(h.apiCalls()).toEqual([]);
    expect(shownRun(h.fake, green.repo, green.headSha)).toMatchObject({ conclusion: 'success' });

    // Whether the check passes is read from GitHub (another replica may have turned it green): the verdict stands, nothing is written.
    const waitingRun = shownRun(h.fake, waiting.repo, waiting.headSha);
    await started(waiting, 'tests', GITHUB_ACTIONS_APP);
    expect(h.apiCalls()).toEqual([{ method: 'POST', path: '/graphql', status: 200 }]);
    expect(shownRun(h.fake, waiting.repo, waiting.headSha)).toEqual(waitingRun);
  });
});
