/**
 * A pull request larger than GitHub will list, seen through the App: it fails
 * closed with a receipt that says so, and reading it stays cheap.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyReceipt } from '../../src/receipt/json.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { BOB, POLICY, proofgateRuns } from './support/scenario.js';

/**
 * The one proofgate run on the head and the receipt the App built for it. A
 * receipt this large exceeds GitHub's 65,535-byte `text` field, so the run
 * carries its digest (in `text` and `external_id`) instead of the JSON.
 */
function bigCheckRun(repo: string, sha: string) {
  const runs = proofgateRuns(h.fake, repo, sha);
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  expect(h.results).toHaveLength(1);
  const receipt = h.results[0]!.result.receipt!;
  expect(run.output.text).toContain("over GitHub's 65,535-byte limit for this field, so it is not included here");
  expect(run.output.text).toContain(receipt.digest);
  expect(run.externalId?.startsWith(receipt.digest)).toBe(true);
  expect(verifyReceipt(receipt).ok).toBe(true);
  return { run, receipt };
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('a pull request larger than GitHub lists', () => {
  it('with 3,100 changed files fails closed, says to split it, and costs under 40 API calls', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, files: 3100 });
    // Every proof is present: only the size can make it fail.
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    const { run, receipt } = bigCheckRun(repo, headSha);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    const limits = receipt.violations.filter((v) => v.kind === 'limit');
    expect(limits).toEqual([
      expect.objectContaining({ message: 'More changed files than GitHub lists (3000 seen)', next: expect.stringContaining('Split the pull request') }),
    ]);
    expect(run.output.summary).toContain('Split the pull request');

    const calls = h.apiCalls();
    expect(calls.length).toBeLessThan(40);
    // 30 pages of files read (GitHub stops at 3,000), then one write; no page past the limit.
    expect(calls.filter((c) => c.path === '/graphql')).toHaveLength(30);
    expect(calls.filter((c) => c.method === 'POST' && c.path === `/repos/${repo}/check-runs`)).toHaveLength(1);
    expect(calls.every((c) => c.status < 400)).toBe(true);
  });

  it('with 260 commits fails closed, says to split it, and costs under 40 API calls', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY, commits: 260 });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    const { run, receipt } = bigCheckRun(repo, headSha);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(receipt.violations.filter((v) => v.kind === 'limit')).toEqual([
      expect.objectContaining({ message: 'More commits than GitHub lists (250 seen)', next: expect.stringContaining('Split the pull request') }),
    ]);
    expect(run.output.summary).toContain('Split the pull request');
    expect(h.apiCalls().length).toBeLessThan(40);
  });
});

describe('a head with more statuses than Status.contexts lists', () => {
  const STATUS_POLICY = POLICY.replace('    name: tests\n    app: github-actions\n', '    name: ci/*\n    source: status\n');

  it('is judged on every status: one failing past the list makes the check fail, not pass', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: STATUS_POLICY, testsConclusion: null });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    h.fake.statusContextsListLimit = 100;
    for (let i = 0; i < 120; i++) h.fake.addStatus(repo, headSha, { context: `ci/${String(i).padStart(3, '0')}`, state: i === 110 ? 'failure' : 'success' });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    const runs = proofgateRuns(h.fake, repo, headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const receipt = h.results.at(-1)!.result.receipt!;
    const tests = receipt.proofs.find((p) => p.name === 'tests')!;
    expect(tests.status).toBe('fail');
    expect(tests.evidence).toContainEqual(expect.objectContaining({ name: 'ci/110', state: 'failure' }));
  });
});
