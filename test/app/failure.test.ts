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

    expect(callLines(h.apiCalls())).toEqual([
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 502',
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
    // The gate counts the calls it made; Octokit's retry is the same call.
    expect(h.results[0]?.result.requests).toBe(2);
  });

  it('a GraphQL outage ends as a failing "could not evaluate" check, not a green one, and a failed delivery', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.failNext({ path: '/graphql' }, 502, 100);
    // 503: GitHub records the delivery as failed, and the App's recovery asks for it again.
    await expect(h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'))).rejects.toMatchObject({
      errors: [expect.objectContaining({ status: 503 })],
    });

    // The mark, one try and Octokit's three retries, then the verdict.
    expect(callLines(h.apiCalls())).toEqual([
      `POST /repos/${repo}/check-runs 201`,
      ...Array(4).fill('POST /graphql 502'),
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/^Could not evaluate: GitHub failed while loading pull request acme\/widgets#1 \(502 Server Error\); retry later\.$/);
    expect(receipt.violations[0]?.message).toContain('Could not evaluate');
    expectNoSecrets(h.logs);
  });

  it('when the check cannot be marked in progress, the delivery fails (503) with one log line, and the server keeps serving', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');

    h.fake.failAll(503);
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await expect(h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number))).rejects.toMatchObject({
      errors: [expect.objectContaining({ status: 503 })],
    });
    // Nothing changed on GitHub: the check is still not green.
    expect(theCheckRun(h.fake, repo, headSha).run.status).toBe('in_progress');
    const lines = h.logs.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
    expect(lines.filter((l) => l.level >= 40).map((e) => e.msg)).toContain('proofgate: not taken, the check could not be marked in progress');
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
    // 500, not 503: sending it again would fail the same way until the permission is granted.
    await expect(h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'))).rejects.toMatchObject({
      errors: [expect.objectContaining({ status: 500 })],
    });
    expect(proofgateRuns(h.fake, repo, headSha)).toEqual([]);
    const lines = h.logs.map((l) => JSON.parse(l) as { msg: string; reason?: string });
    expect(lines.find((l) => l.msg === 'proofgate: not taken, the check could not be marked in progress')?.reason).toContain('Checks: Read and write');
    expectNoSecrets(h.logs);
  });
});
