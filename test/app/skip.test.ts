/** Events that cannot change the verdict cost little or nothing; bursts do not duplicate the check run. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, checkSuiteEvent, pullRequestEvent, reviewEvent, statusEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const ownApp = () => ({ id: h.fake.app.id, slug: h.fake.app.slug });

describe('skipped events', () => {
  it('its own check runs and check suites completing', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'proofgate', headSha, app: ownApp(), pullRequests: [pr.number] }));
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'completed', { headSha, app: ownApp(), pullRequests: [pr.number] }));
    expect(h.fake.calls).toEqual([]);
  });

  it('a check no proof can match: marked and evaluated once while the App does not know the policy, no call after', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    // proofgate already wrote its check (before a restart, say).
    h.fake.setCheckRun(repo, { headSha, name: 'proofgate', status: 'in_progress', app: h.fake.app, externalId: `sha256:${'0'.repeat(64)}` });
    h.fake.setCheckRun(repo, { headSha, name: 'lint', conclusion: 'failure' });
    const lint = checkRunEvent(h.fake, repo, 'completed', { name: 'lint', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] });

    await h.deliver('check_run', lint);
    // Until the policy is known the event may matter: the check goes in progress first, and gets its verdict.
    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);
    expect(h.results[0]?.result.skipped).toBeNull();
    expect(theCheckRun(h.fake, repo, headSha).run.output.title).toBe('Waiting for 1 proof: review');

    h.fake.resetCalls();
    await h.deliver('check_run', lint);
    expect(h.fake.calls).toEqual([]);
  });

  it('but not when the pull request has no proofgate check yet', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'lint', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');
  });

  it('a check suite completing, from any app: the check_run events of its runs cover it', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.resetCalls();
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'completed', { headSha, app: { id: 9, slug: 'codecov' }, pullRequests: [pr.number] }));
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'completed', { headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    expect(h.fake.calls).toEqual([]);
  });

  it('an event for a commit that is no longer the head', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    const stale = pullRequestEvent(h.fake, repo, pr.number, 'opened');
    const newHead = h.fake.pushCommits(repo, pr.number, [{ message: claudeCodeMessage('More'), author: pr.commits[0]!.author }]);
    await h.deliver('pull_request', stale);
    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);
    expect(h.results[0]?.result.skipped).toBe(`pull_request.opened is for ${headSha.slice(0, 7)}, no longer the head (${newHead.slice(0, 7)})`);
    // The in-progress mark on the old commit is completed, not left running, and never green.
    expect(proofgateRuns(h.fake, repo, headSha)).toEqual([
      expect.objectContaining({
        status: 'completed',
        conclusion: 'failure',
        output: expect.objectContaining({ title: 'Not evaluated: not the head of the pull request' }),
      }),
    ]);
    expect(proofgateRuns(h.fake, repo, newHead)).toEqual([]);
  });

  it('a pull request edit that does not change the base; a base change is evaluated', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'edited', { changes: { title: { from: 'Old title' } } }));
    expect(h.fake.calls).toEqual([]);
    await h.deliver(
      'pull_request',
      pullRequestEvent(h.fake, repo, pr.number, 'edited', { changes: { base: { ref: { from: 'develop' }, sha: { from: 'f'.repeat(40) } } } }),
    );
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');
  });
});

describe('a new base branch', () => {
  it('goes straight to the mark: the green a lenient base gave the head comes off before the read under the new policy', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    // A branch whose policy gates nothing (the pull request's author may have pushed it).
    h.fake.setFile(repo, 'release', '.github/proofgate.yml', 'version: 1\nroutes: []\n');
    const main = { ...pr.base };
    const retarget = async (to: { ref: string; sha: string }, from: string) => {
      pr.base = to;
      await h.deliver(
        'pull_request',
        pullRequestEvent(h.fake, repo, pr.number, 'edited', { changes: { base: { ref: { from }, sha: { from: 'f'.repeat(40) } } } }),
      );
    };
    await retarget({ ref: 'release', sha: h.fake.repository(repo).branches.get('release')! }, 'main');
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');

    h.fake.resetCalls();
    await retarget(main, 'release');
    // The check goes in progress first; only then is the pull request read under main's policy.
    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);
    expect(theCheckRun(h.fake, repo, headSha).run).toMatchObject({
      status: 'in_progress',
      output: expect.objectContaining({ title: 'Waiting for 1 proof: review' }),
    });
  });
});

describe('a new base branch, continued', () => {
  it("forgets which check names the old base's policy counted: a check only the new policy names is not skipped", async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.setFile(repo, 'release', '.github/proofgate.yml', POLICY.replace('name: tests', 'name: security'));
    pr.base = { ref: 'release', sha: h.fake.repository(repo).branches.get('release')! };
    // The evaluation under the new base cannot load (one try and Octokit's three retries), so it learns nothing about the new policy.
    h.fake.failNext({ path: '/graphql' }, 502, 4);
    const edited = pullRequestEvent(h.fake, repo, pr.number, 'edited', { changes: { base: { ref: { from: 'main' } } } });
    await expect(h.deliver('pull_request', edited)).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 503 })] });
    h.fake.resetCalls();

    h.fake.setCheckRun(repo, { headSha, name: 'security', conclusion: 'failure', app: GITHUB_ACTIONS_APP });
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'security', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    expect(h.fake.calls).not.toEqual([]);
    expect(h.results.at(-1)?.result.skipped).toBeNull();
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('failure');
  });
});

describe('commit statuses', () => {
  const STATUS_POLICY = POLICY.replace('    name: tests\n    app: github-actions\n', '    name: ci/*\n    source: status\n');

  it('are mapped to the open pull requests whose head is that commit', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: STATUS_POLICY, testsConclusion: null });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');

    h.fake.resetCalls();
    h.fake.addStatus(repo, headSha, { context: 'ci/build', state: 'success' });
    await h.deliver('status', statusEvent(repo, headSha, 'ci/build', 'success'));
    expect(h.apiCalls()).toHaveLength(5); // open PRs by SHA, a read that finds the verdict changed, mark, load, write
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');

    // A status no proof names: found, then skipped from the hints.
    h.fake.resetCalls();
    await h.deliver('status', statusEvent(repo, headSha, 'coverage', 'failure'));
    expect(h.apiCalls()).toHaveLength(1);
  });
});

describe('one CI job finishing', () => {
  it('is evaluated once: its check_run.completed reads and writes, the check_suite.completed that follows costs nothing', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, testsConclusion: null });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');

    // The workflow's one job finishes: GitHub sends the run's event, then its suite's.
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'success', app: GITHUB_ACTIONS_APP });
    h.fake.resetCalls();
    await h.deliver('check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));
    await h.deliver('check_suite', checkSuiteEvent(h.fake, repo, 'completed', { headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }));

    // The run's event: a read finds the verdict changed, then marked in progress, loaded, written. The suite's event: nothing.
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });
});

describe('bursts', () => {
  it('events arriving together for one pull request: one evaluation marks and writes, the merged one after it finds the check already right', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    const events: Array<[string, Record<string, unknown>]> = [
      ['pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened')],
      ['pull_request_review', reviewEvent(h.fake, repo, pr.number)],
      ['check_run', checkRunEvent(h.fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] })],
      ['check_suite', checkSuiteEvent(h.fake, repo, 'completed', { headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] })],
      ['pull_request', pullRequestEvent(h.fake, repo, pr.number, 'ready_for_review')],
    ];
    await Promise.all(events.map(([name, payload]) => h.deliver(name, payload)));

    const { run } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('success');
    // The first evaluation, then one merged evaluation for everything that arrived meanwhile.
    expect(h.fake.callsTo({ path: '/graphql' })).toHaveLength(2);
    // One mark and one verdict, the first evaluation's: it loaded after every event was on GitHub,
    // so the merged evaluation's read finds the check already showing its verdict and writes nothing.
    expect(h.fake.callsTo({ method: 'POST', path: /check-runs$/ })).toHaveLength(1);
    expect(h.fake.callsTo({ method: 'PATCH', path: /check-runs/ })).toHaveLength(1);
    expect(run.id).toBe(Math.max(...proofgateRuns(h.fake, repo, headSha).map((r) => r.id)));
  });
});
