/**
 * A push that changes the policy on a base branch re-evaluates the open pull
 * requests into that branch; every other push costs no API call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiptFromCheckRunText } from '../../src/receipt/markdown.js';
import type { Receipt } from '../../src/receipt/json.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP, type FakeCheckRun, type FakeGitHub } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, pullRequestEvent, pushEvent } from './support/payloads.js';
import { callLines, proofgateRuns, theCheckRun } from './support/scenario.js';

const POLICY_PATH = '.github/proofgate.yml';

/** Requires nothing: every agent PR is green. */
const LOOSE = `version: 1
proofs:
  review:
    kind: review
default:
  require: []
`;

/** Every agent change needs a human review. */
const NEEDS_REVIEW = LOOSE.replace('require: []', 'require: [review]');

/** Every agent change needs the `lint` check from GitHub Actions. */
const NEEDS_LINT = `version: 1
proofs:
  lint:
    kind: check
    name: lint
    app: github-actions
default:
  require: [lint]
`;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

/**
 * A commit on `branch` whose tree is the old tip's with `files` written (null
 * deletes); returns the push's before/after SHAs.
 */
function commitTo(fake: FakeGitHub, repo: string, branch: string, files: Record<string, string | null>): { before: string; after: string } {
  const r = fake.repository(repo);
  const before = r.branches.get(branch) ?? fake.setBranch(repo, branch);
  const oldTree = new Map(r.trees.get(before) ?? []);
  const after = fake.setBranch(repo, branch);
  r.trees.set(after, oldTree);
  for (const [path, text] of Object.entries(files)) fake.setFile(repo, after, path, text);
  return { before, after };
}

/** The newest proofgate run on `sha` with its receipt. */
function newestRun(fake: FakeGitHub, repo: string, sha: string): { run: FakeCheckRun; receipt: Receipt } {
  const run = proofgateRuns(fake, repo, sha).at(-1)!;
  const receipt = receiptFromCheckRunText(run.output.text ?? '') as Receipt | null;
  expect(receipt).not.toBeNull();
  return { run, receipt: receipt! };
}

/** GraphQL operations called, by name. */
function operations(fake: FakeGitHub): string[] {
  return fake.callsTo({ path: '/graphql' }).map((c) => /query (\w+)/.exec(String((c.body as { query?: string }).query))?.[1] ?? '?');
}

describe('a push that changes the policy', () => {
  it('re-evaluates an open PR that was green under the old policy: a new, pending check run, in 1 list + 1 mark + 1 load + 1 write', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const green = theCheckRun(h.fake, repo, headSha).run;
    expect(green.conclusion).toBe('success');
    h.fake.resetCalls();
    h.results.length = 0;

    const { before, after } = commitTo(h.fake, repo, 'main', { [POLICY_PATH]: NEEDS_REVIEW });
    await h.deliver('push', pushEvent(repo, { ref: 'refs/heads/main', before, after, commits: [{ id: after, modified: [POLICY_PATH] }] }));

    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(operations(h.fake)).toEqual(['ProofgateOpenPullRequestsIntoBranch', 'ProofgatePullRequest']);
    expect(h.fake.callsTo({ path: '/graphql' })[0]!.body).toMatchObject({ variables: { owner: 'acme', repo: 'widgets', branch: 'main' } });

    // GitHub does not reopen a completed run: the mark is a new run, which GitHub shows and enforces, and the pending verdict goes there.
    const runs = proofgateRuns(h.fake, repo, headSha);
    expect(runs).toHaveLength(2);
    const { run, receipt } = newestRun(h.fake, repo, headSha);
    expect(run.id).not.toBe(green.id);
    expect(run.status).toBe('in_progress');
    expect(run.conclusion).toBeNull();
    expect(run.output.title).toBe('Waiting for 1 proof: review');
    expect(receipt.conclusion).toBe('pending');
    expect(receipt.policy).toMatchObject({ path: POLICY_PATH, origin: 'base-branch', ref: after });
    expect(h.results.map((r) => r.target.number)).toEqual([pr.number]);
  });

  it('counts an added or removed policy file, and the .yaml spelling', async () => {
    const { repo, pr } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    for (const files of [{ removed: [POLICY_PATH] }, { added: [POLICY_PATH] }, { modified: ['.github/proofgate.yaml'] }]) {
      h.fake.resetCalls();
      const { before, after } = commitTo(h.fake, repo, 'main', {});
      await h.deliver('push', pushEvent(repo, { ref: 'refs/heads/main', before, after, commits: [{ id: h.fake.newSha() }, { id: after, ...files }] }));
      expect(operations(h.fake), JSON.stringify(files)).toEqual(['ProofgateOpenPullRequestsIntoBranch', 'ProofgatePullRequest']);
    }
  });

  it('re-evaluates only the PRs into the pushed branch', async () => {
    const intoMain = addAgentPullRequest(h.fake, { policy: LOOSE, number: 1 });
    const repo = intoMain.repo;
    const releaseTip = h.fake.setBranch(repo, 'release');
    h.fake.setFile(repo, releaseTip, POLICY_PATH, LOOSE);
    const intoRelease = addAgentPullRequest(h.fake, { policy: LOOSE, number: 2 });
    intoRelease.pr.base = { ref: 'release', sha: releaseTip };
    for (const n of [1, 2]) await h.deliver('pull_request', pullRequestEvent(h.fake, repo, n, 'opened'));
    expect(theCheckRun(h.fake, repo, intoMain.headSha).run.conclusion).toBe('success');
    expect(theCheckRun(h.fake, repo, intoRelease.headSha).run.conclusion).toBe('success');
    h.fake.resetCalls();
    h.results.length = 0;

    const { before, after } = commitTo(h.fake, repo, 'release', { [POLICY_PATH]: NEEDS_REVIEW });
    await h.deliver('push', pushEvent(repo, { ref: 'refs/heads/release', before, after, commits: [{ id: after, modified: [POLICY_PATH] }] }));

    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(h.results.map((r) => r.target.number)).toEqual([2]);
    expect(newestRun(h.fake, repo, intoRelease.headSha).run.status).toBe('in_progress');
    expect(theCheckRun(h.fake, repo, intoMain.headSha).run.conclusion).toBe('success');
  });

  it("lets check events through again: the old policy's hints are forgotten even when the re-evaluation fails", async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.setCheckRun(repo, { headSha, name: 'lint', conclusion: 'success', app: GITHUB_ACTIONS_APP });
    const lintDone = checkRunEvent(h.fake, repo, 'completed', { name: 'lint', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] });
    // Under the old policy no proof names `lint`: the event is skipped from the hints, without a call.
    h.fake.resetCalls();
    await h.deliver('check_run', lintDone);
    expect(h.apiCalls()).toEqual([]);

    // The policy now requires `lint`, but GitHub fails the re-evaluation's load: "could not evaluate", no new hints.
    const { before, after } = commitTo(h.fake, repo, 'main', { [POLICY_PATH]: NEEDS_LINT });
    h.fake.failNext((c) => /query ProofgatePullRequest\(/.test(String((c.body as { query?: string }).query)), 502, 100);
    // GitHub failing: the delivery fails (503) for GitHub to send it again.
    await expect(
      h.deliver('push', pushEvent(repo, { ref: 'refs/heads/main', before, after, commits: [{ id: after, modified: [POLICY_PATH] }] })),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 503 })] });
    const failed = newestRun(h.fake, repo, headSha);
    expect(failed.run.conclusion).not.toBe('success');
    expect(failed.receipt.title).toMatch(/could not evaluate/i);
    h.fake.clearFailures();

    // The next `lint` event is evaluated under the new policy instead of skipped.
    h.fake.resetCalls();
    await h.deliver('check_run', lintDone);
    expect(operations(h.fake)).toEqual(['ProofgatePullRequest']);
    const { run, receipt } = newestRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('success');
    expect(receipt.proofs.map((p) => [p.name, p.status])).toEqual([['lint', 'pass']]);
  });
});

describe('pushes that cost no API call', () => {
  it('a push whose commits do not touch the policy', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.resetCalls();
    const { before, after } = commitTo(h.fake, repo, 'main', { 'README.md': 'hello\n' });
    await h.deliver(
      'push',
      pushEvent(repo, {
        ref: 'refs/heads/main',
        before,
        after,
        commits: [
          { id: h.fake.newSha(), added: ['README.md'] },
          { id: after, modified: ['.github/workflows/ci.yml', 'src/proofgate.yml'], removed: ['docs/old.md'] },
        ],
      }),
    );
    expect(h.apiCalls()).toEqual([]);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
  });

  it('a tag push and a new branch', async () => {
    const { repo, pr } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.resetCalls();
    const tip = h.fake.repository(repo).branches.get('main')!;
    const zero = '0'.repeat(40);
    const touching = [{ id: tip, modified: [POLICY_PATH] }];
    await h.deliver('push', pushEvent(repo, { ref: 'refs/tags/v1.0.0', before: zero, after: tip, created: true, commits: [] }));
    await h.deliver('push', pushEvent(repo, { ref: 'refs/tags/v1.0.0', before: zero, after: tip, created: true, forced: true, commits: touching }));
    await h.deliver('push', pushEvent(repo, { ref: 'refs/heads/topic', before: zero, after: tip, created: true, commits: touching }));
    expect(h.apiCalls()).toEqual([]);
    expect(h.results).toHaveLength(1);
  });
});

describe('a deleted branch', () => {
  const ZERO = '0'.repeat(40);

  /** A pull request stacked on `stacked`, whose policy requires nothing, while main's requires a review: green there. */
  async function stackedPullRequest() {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: NEEDS_REVIEW });
    const main = { ...pr.base };
    const stackedTip = h.fake.setBranch(repo, 'stacked');
    h.fake.setFile(repo, stackedTip, POLICY_PATH, LOOSE);
    pr.base = { ref: 'stacked', sha: stackedTip };
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');
    h.fake.resetCalls();
    h.results.length = 0;
    return { repo, pr, headSha, main, stackedTip };
  }

  /** A merged pull request from `head` of `headRepo` (this repository unless a fork's) into `base`. */
  function mergedPullRequest(repo: string, head: string, base: string, headRepo = repo) {
    const merged = h.fake.addPullRequest({
      repo,
      head: { ref: head, repo: headRepo },
      base: { ref: base, sha: h.fake.repository(repo).branches.get(base) ?? h.fake.setBranch(repo, base) },
      commits: [{ message: `Merge ${head}` }],
      files: [{ path: 'README.md' }],
    });
    merged.state = 'MERGED';
    return merged;
  }

  /** The variables of each GraphQL call, by operation. */
  function graphqlCalls(): Array<[string, Record<string, unknown>]> {
    return h.fake.callsTo({ path: '/graphql' }).map((c) => {
      const body = c.body as { query?: string; variables?: Record<string, unknown> };
      return [/query (\w+)/.exec(String(body.query))?.[1] ?? '?', body.variables ?? {}];
    });
  }

  function deleteBranch(repo: string, branch: string) {
    const tip = h.fake.repository(repo).branches.get(branch) ?? h.fake.setBranch(repo, branch);
    h.fake.repository(repo).branches.delete(branch);
    return h.deliver('push', pushEvent(repo, { ref: `refs/heads/${branch}`, before: tip, after: ZERO, deleted: true, commits: [] }));
  }

  it('re-evaluates a pull request GitHub moved off it onto main, which no pull_request event may announce', async () => {
    const { repo, pr, headSha, main } = await stackedPullRequest();
    // The pull request from `stacked` merged; GitHub deletes the branch and moves this one onto main.
    mergedPullRequest(repo, 'stacked', 'main');
    h.fake.changeBase(repo, pr.number, main, { automatic: true });
    await deleteBranch(repo, 'stacked');

    expect(operations(h.fake)).toEqual(['ProofgateDeletedBranch', 'ProofgateOpenPullRequestsIntoBranchWithBases', 'ProofgatePullRequest']);
    const { run, receipt } = newestRun(h.fake, repo, headSha);
    expect(run.status).toBe('in_progress');
    expect(run.output.title).toBe('Waiting for 1 proof: review');
    expect(receipt.base.ref).toBe('main');
    expect(h.results.map((r) => r.target.number)).toEqual([pr.number]);
  });

  it('fails a pull request still based on it: its policy can no longer be read', async () => {
    const { repo, headSha } = await stackedPullRequest();
    await deleteBranch(repo, 'stacked');

    expect(operations(h.fake)).toEqual(['ProofgateDeletedBranch', 'ProofgatePullRequest']);
    const { run, receipt } = newestRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(receipt.title).toMatch(/^Could not evaluate: .*base branch `stacked`/);
  });

  it("fails a pull request still based on a merged pull request's deleted branch (GitHub has not moved it yet)", async () => {
    const { repo, pr, headSha } = await stackedPullRequest();
    mergedPullRequest(repo, 'stacked', 'main');
    await deleteBranch(repo, 'stacked');

    expect(operations(h.fake)).toEqual(['ProofgateDeletedBranch', 'ProofgateOpenPullRequestsIntoBranchWithBases', 'ProofgatePullRequest']);
    expect(h.results.map((r) => r.target.number)).toEqual([pr.number]);
    expect(newestRun(h.fake, repo, headSha).run.conclusion).toBe('failure');
  });

  it('costs one request and no evaluation when no open pull request was based on it', async () => {
    const { repo, pr } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.resetCalls();
    h.results.length = 0;
    await deleteBranch(repo, 'topic');
    expect(callLines(h.apiCalls())).toEqual(['POST /graphql 200']);
    expect(h.results).toEqual([]);
  });

  it('costs one request, not a listing of every open pull request, when no pull request used it, however many are open', async () => {
    const { repo } = addAgentPullRequest(h.fake, { policy: LOOSE });
    for (let i = 0; i < 249; i++) addAgentPullRequest(h.fake, { policy: LOOSE, repo });
    // A fork's merged pull request with a head of the same name was not from this branch.
    h.fake.addRepository('mallory/widgets');
    mergedPullRequest(repo, 'dependabot/npm/x', 'main', 'mallory/widgets');
    h.fake.resetCalls();
    await deleteBranch(repo, 'dependabot/npm/x');
    expect(operations(h.fake)).toEqual(['ProofgateDeletedBranch']);
    expect(h.results).toEqual([]);
  });

  it('lists only the open pull requests into the base of the merged pull request it was the head of', async () => {
    const { repo, pr, headSha } = await stackedPullRequest();
    const intoMain = addAgentPullRequest(h.fake, { policy: LOOSE, repo });
    const release = { ref: 'release', sha: h.fake.setBranch(repo, 'release') };
    h.fake.setFile(repo, release.sha, POLICY_PATH, NEEDS_REVIEW);
    // Into release all along: its verdict still holds.
    const intoRelease = addAgentPullRequest(h.fake, { policy: LOOSE, repo });
    intoRelease.pr.base = { ...release };
    mergedPullRequest(repo, 'stacked', 'release');
    h.fake.changeBase(repo, pr.number, release, { automatic: true });
    await deleteBranch(repo, 'stacked');

    expect(graphqlCalls().slice(0, 2)).toEqual([
      ['ProofgateDeletedBranch', expect.objectContaining({ branch: 'stacked' })],
      ['ProofgateOpenPullRequestsIntoBranchWithBases', expect.objectContaining({ branch: 'release' })],
    ]);
    expect(operations(h.fake).filter((op) => op.startsWith('ProofgateOpenPullRequests'))).toEqual(['ProofgateOpenPullRequestsIntoBranchWithBases']);
    expect(h.results.map((r) => r.target.number)).toEqual([pr.number]);
    expect(h.results.map((r) => r.target.number)).not.toContain(intoMain.pr.number);
    expect(h.results.map((r) => r.target.number)).not.toContain(intoRelease.pr.number);
    const { run, receipt } = newestRun(h.fake, repo, headSha);
    expect(receipt.base.ref).toBe('release');
    expect(run.output.title).toBe('Waiting for 1 proof: review');
  });

  it('lists the open pull requests into every base a merged pull request from a branch of that name went to', async () => {
    const { repo, pr, main } = await stackedPullRequest();
    h.fake.setBranch(repo, 'release');
    mergedPullRequest(repo, 'stacked', 'main');
    mergedPullRequest(repo, 'stacked', 'release');
    h.fake.changeBase(repo, pr.number, main, { automatic: true });
    await deleteBranch(repo, 'stacked');

    expect(
      graphqlCalls()
        .filter(([op]) => op === 'ProofgateOpenPullRequestsIntoBranchWithBases')
        .map(([, v]) => v.branch),
    ).toEqual(['main', 'release']);
    expect(h.results.map((r) => r.target.number)).toEqual([pr.number]);
  });

  it('lists every open pull request when more merged pull requests came from it than one request lists', async () => {
    const { repo, pr, main } = await stackedPullRequest();
    for (let i = 0; i < 101; i++) mergedPullRequest(repo, 'stacked', 'main');
    h.fake.changeBase(repo, pr.number, main, { automatic: true });
    await deleteBranch(repo, 'stacked');

    expect(operations(h.fake).filter((op) => op.startsWith('ProofgateOpenPullRequests'))).toEqual(['ProofgateOpenPullRequestsWithBases']);
    expect(h.results.map((r) => r.target.number)).toEqual([pr.number]);
  });

  it.each([
    ['ProofgateDeletedBranch', false],
    ['ProofgateOpenPullRequestsIntoBranchWithBases', true],
  ])('a failed %s fails the delivery and evaluates nothing', async (operation, merged) => {
    const { repo, pr, main } = await stackedPullRequest();
    if (merged) {
      mergedPullRequest(repo, 'stacked', 'main');
      h.fake.changeBase(repo, pr.number, main, { automatic: true });
    }
    h.fake.failNext((c) => new RegExp(`query ${operation}\\b`).test(String((c.body as { query?: string }).query)), 403, 1, {
      message: 'Resource not accessible by integration',
    });
    await expect(deleteBranch(repo, 'stacked')).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 500 })] });
    expect(h.results).toEqual([]);
  });

  it('an answer without the merged pull requests fails the delivery', async () => {
    const { repo } = await stackedPullRequest();
    h.fake.failNext((c) => /query ProofgateDeletedBranch\b/.test(String((c.body as { query?: string }).query)), 200, 100, {
      data: { repository: { mergedFromBranch: null, openPullRequests: null, oldestOpenPullRequests: null } },
    });
    await expect(deleteBranch(repo, 'stacked')).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 500 })] });
    expect(h.results).toEqual([]);
  });
});

describe('pushes whose payload cannot show the policy untouched', () => {
  const cases: Array<[string, { forced?: boolean; commits: number }]> = [
    ['a force push', { forced: true, commits: 1 }],
    ['a push listing 2,048 commits (the list may be cut short)', { commits: 2048 }],
    ['a push listing no commits', { commits: 0 }],
  ];

  it.each(cases)('%s lists the open PRs into the branch (1 call when there are none)', async (_name, opts) => {
    const { repo, pr } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.setBranch(repo, 'docs-site');
    h.fake.resetCalls();
    h.results.length = 0;
    const { before, after } = commitTo(h.fake, repo, 'docs-site', { 'index.md': '# Docs\n' });
    const commits = Array.from({ length: opts.commits }, () => ({ id: h.fake.newSha(), modified: ['index.md'] }));
    await h.deliver('push', pushEvent(repo, { ref: 'refs/heads/docs-site', before, after, forced: opts.forced ?? false, commits }));
    expect(operations(h.fake)).toEqual(['ProofgateOpenPullRequestsIntoBranch']);
    expect(h.apiCalls()).toHaveLength(1);
    expect(h.results).toEqual([]);
  });

  it('a force push to the base branch re-evaluates its PRs', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.resetCalls();
    const { before, after } = commitTo(h.fake, repo, 'main', { [POLICY_PATH]: NEEDS_REVIEW });
    await h.deliver('push', pushEvent(repo, { ref: 'refs/heads/main', before, after, forced: true, commits: [] }));
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(newestRun(h.fake, repo, headSha).receipt.conclusion).toBe('pending');
  });
});

describe('failures', () => {
  it('a failed list query is logged and fails the delivery, and the server keeps running', async () => {
    const { repo, pr } = addAgentPullRequest(h.fake, { policy: LOOSE });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    h.fake.failNext((c) => /ProofgateOpenPullRequestsIntoBranch/.test(String((c.body as { query?: string }).query)), 403, 1, {
      message: 'Resource not accessible by integration',
    });
    const { before, after } = commitTo(h.fake, repo, 'main', { [POLICY_PATH]: NEEDS_REVIEW });
    await expect(
      h.deliver('push', pushEvent(repo, { ref: 'refs/heads/main', before, after, commits: [{ id: after, modified: [POLICY_PATH] }] })),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 500 })] });
    const failure = h.logs
      .map((l) => JSON.parse(l) as { msg: string; event?: string; reason?: string })
      .find((l) => l.msg === 'proofgate: webhook handling failed');
    expect(failure?.event).toBe('push');
    expect(failure?.reason).toMatch(/listing open pull requests into main of acme\/widgets/);
  });
});
