/** GitHub failing: retried with backoff, and when it keeps failing, never a green check. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { privateKey, startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

/** Nothing secret in any log line: no installation token, no JWT, no private key. */
function expectNoSecrets(logs: string[]): void {
  const all = logs.join('\n');
  expect(all).not.toMatch(/ghs_fake_installation_\d+/);
  expect(all).not.toMatch(/\bey[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/);
  expect(all).not.toContain(privateKey().split('\n')[1]!);
}

describe('GitHub errors', () => {
  it('a 502 is retried and the evaluation then succeeds', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.failNext({ path: '/graphql' }, 502, 1);
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    expect(callLines(h.apiCalls())).toEqual(['POST /graphql 502', 'POST /graphql 200', `POST /repos/${repo}/check-runs 201`]);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
    // The gate counts the calls it made; Octokit's retry is the same call.
    expect(h.results[0]?.result.requests).toBe(2);
  });

  it('a GraphQL outage ends as a failing "could not evaluate" check, not a green one', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.failNext({ path: '/graphql' }, 502, 100);
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    // One try and Octokit's three retries, then the check run.
    expect(callLines(h.apiCalls())).toEqual([
      ...Array(4).fill('POST /graphql 502'),
      `POST /repos/${repo}/check-runs 201`,
    ]);
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/^Could not evaluate: GitHub failed while loading pull request acme\/widgets#1 \(502 Server Error\); retry later\.$/);
    expect(receipt.violations[0]?.message).toContain('Could not evaluate');
    expectNoSecrets(h.logs);
  });

  it('when the check run itself cannot be written, logs one line and keeps serving', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');

    h.fake.failAll(503);
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await expect(h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number))).resolves.toBeUndefined();
    // Nothing changed on GitHub: the check is still not green.
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');
    const errors = h.logs.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string }).filter((l) => l.level >= 50);
    expect(errors.map((e) => e.msg)).toContain('proofgate could not write the "could not evaluate" check run');
    expectNoSecrets(h.logs);

    // GitHub recovers: the next event is evaluated normally.
    h.fake.clearFailures();
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });

  it('a missing permission is named in the check run', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.permissions.pull_requests = 'none';
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/^Could not evaluate: GitHub denied loading pull request acme\/widgets#1/);
    expect(receipt.violations[0]?.message).toContain('grant "Pull requests: Read-only" in the App settings');
  });

  it('without checks: write, nothing is written and the failure is logged with the permission to grant', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.permissions.checks = 'read';
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(proofgateRuns(h.fake, repo, headSha)).toEqual([]);
    const lines = h.logs.map((l) => JSON.parse(l) as { msg: string; reason?: string });
    expect(lines.find((l) => l.msg === 'proofgate could not write the "could not evaluate" check run')?.reason).toContain('Checks: Read and write');
    expectNoSecrets(h.logs);
  });
});
