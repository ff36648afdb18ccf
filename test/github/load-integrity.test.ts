import { describe, expect, it } from 'vitest';
import { GitHubError } from '../../src/github/errors.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { MAX_OPEN_PULL_PAGES } from '../../src/github/open-pulls.js';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const ACTION: LoadOptions = { ...OPTS, appSlug: null };
const gh = useFakeGitHub();

const load = (number: number, opts = OPTS) => loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number }, opts);

describe("proofgate's own check run", () => {
  it('is not a workflow job that happens to be named like the check (Action mode)', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    const job = gh.fake.setCheckRun(repo, { headSha, name: 'proofgate', conclusion: 'success', externalId: 'job-7', app: GITHUB_ACTIONS_APP });
    const loaded = await load(pr.number, ACTION);
    expect(loaded.ownCheckRun).toBeNull();
    // The job stays an ordinary check that a policy may name.
    expect(loaded.snapshot.checkRuns.map((r) => `${r.app?.slug}/${r.name}:${r.conclusion}`).sort()).toEqual([
      'github-actions/proofgate:success',
      'github-actions/tests:success',
    ]);
    expect(job).toMatchObject({ status: 'completed', conclusion: 'success', externalId: 'job-7' });
  });

  it('is the run of that name from the expected app whose external id is a receipt digest', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    const own = gh.fake.setCheckRun(repo, {
      headSha,
      name: 'proofgate',
      conclusion: 'failure',
      externalId: 'sha256:abcd annotations:0123',
      app: GITHUB_ACTIONS_APP,
    });
    const loaded = await load(pr.number, ACTION);
    expect(loaded.ownCheckRun).toEqual({ id: own.id, externalId: 'sha256:abcd annotations:0123', status: 'completed', shown: true });
    expect(loaded.snapshot.checkRuns.map((r) => r.name)).toEqual(['tests']);
  });

  it("is not the App's run without a digest either", async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.setCheckRun(repo, { headSha, name: 'proofgate', status: 'in_progress', app: gh.fake.app });
    const loaded = await load(pr.number);
    expect(loaded.ownCheckRun).toBeNull();
  });
});

describe('commit co-authors', () => {
  it("come from GitHub's Commit.authors, with logins, without the commit author", async () => {
    gh.fake.addUser('carol', 'carol@corp.example');
    const { repo, pr } = addAgentPullRequest(gh.fake, { commits: 1 });
    const alice = { name: 'Alice Example', email: 'alice@example.com', login: 'alice' };
    const message = `${claudeCodeMessage('Refresh tokens')}Co-authored-by: Carol <carol@corp.example>\nCo-authored-by: Nobody <nobody@nowhere.example>\n`;
    gh.fake.pushCommits(repo, pr.number, [{ message, author: alice, committer: alice }]);
    const loaded = await load(pr.number);
    expect(loaded.snapshot.commits[1]?.coAuthors).toEqual([{ name: 'Carol', email: 'carol@corp.example', login: 'carol', isBot: false }]);
    expect(loaded.snapshot.commits[0]?.coAuthors).toEqual([]);
  });

  it('mark a linked [bot] login as a bot', async () => {
    gh.fake.addUser('helper[bot]', 'helper@bots.example');
    const { repo, pr } = addAgentPullRequest(gh.fake, { commits: 1 });
    gh.fake.pushCommits(repo, pr.number, [{ message: 'Fix\n\nCo-authored-by: Helper <helper@bots.example>\n' }]);
    const loaded = await load(pr.number);
    expect(loaded.snapshot.commits[1]?.coAuthors).toEqual([{ name: 'Helper', email: 'helper@bots.example', login: 'helper[bot]', isBot: true }]);
  });
});

describe('the organisation default policy', () => {
  it('is optional: a missing .github repository means no policy', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    const loaded = await load(pr.number);
    expect(loaded.policy).toBeNull();
  });

  it('fails the load when GitHub forbids reading it (never "no policy")', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    gh.fake.addRepository('acme/.github');
    gh.fake.setFile('acme/.github', 'main', 'proofgate.yml', 'version: 1\n');
    gh.fake.failNext({ path: '/graphql' }, 200, 1, {
      data: partialPullRequestData(pr.number),
      errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration', path: ['orgDefaults', 'repository'] }],
    });
    const error = await load(pr.number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).kind).toBe('permission');
    expect((error as Error).message).toContain('orgDefaults.repository');
  });

  it('fails the load when reading it times out', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    gh.fake.failNext({ path: '/graphql' }, 200, 1, {
      data: partialPullRequestData(pr.number),
      errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout.', path: ['orgDefaults'] }],
    });
    const error = await load(pr.number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as Error).message).toMatch(/timeout/);
  });
});

describe('files GitHub did not list', () => {
  it('mark the snapshot truncated when the files connection is null', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 5 });
    pr.filesUnavailable = true;
    const loaded = await load(pr.number);
    expect(loaded.snapshot.files).toEqual([]);
    expect(loaded.snapshot.truncated.files).toBe(true);
  });

  it('mark it truncated when fewer files were listed than changedFiles counts', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 3100 });
    const loaded = await load(pr.number);
    expect(loaded.snapshot.files).toHaveLength(3000);
    expect(loaded.snapshot.truncated.files).toBe(true);
  });

  it('leave an empty pull request untruncated', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 0 });
    pr.filesUnavailable = true;
    const loaded = await load(pr.number);
    expect(loaded.snapshot.truncated).toEqual({ files: false, commits: false });
  });
});

/** The PR part of a real answer, so only the organisation lookup errs. */
function partialPullRequestData(number: number): unknown {
  const pr = gh.fake.pullRequest('acme/widgets', number);
  return {
    repository: {
      pullRequest: {
        id: 'PR',
        number,
        title: pr.title,
        url: `https://github.com/acme/widgets/pull/${number}`,
        isDraft: false,
        author: { __typename: 'User', login: 'alice' },
        baseRefName: pr.base.ref,
        baseRefOid: pr.base.sha,
        headRefName: pr.head.ref,
        headRefOid: pr.head.sha,
        baseRef: { target: { oid: pr.base.sha, policy: null } },
        changedFiles: 0,
        labels: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        files: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        commits: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        reviews: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        headCommit: { nodes: [] },
      },
    },
    orgDefaults: null,
  };
}

describe('other open pull requests with the same head commit', () => {
  /** A second pull request on `a`'s head branch, into `release`. */
  function sameHead(a: ReturnType<typeof addAgentPullRequest>, state: 'OPEN' | 'CLOSED' | 'MERGED' = 'OPEN') {
    gh.fake.setBranch(a.repo, 'release');
    const b = gh.fake.addPullRequest({
      repo: a.repo,
      head: { ref: a.pr.head.ref, repo: a.repo },
      base: { ref: 'release' },
      commits: [{ message: 'x' }],
      files: a.pr.files,
    });
    Object.assign(b, { head: { ...a.pr.head }, commits: a.pr.commits, state });
    return b;
  }

  it('are listed by number; closed and merged ones are not', async () => {
    const a = addAgentPullRequest(gh.fake);
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [], complete: true });
    sameHead(a, 'CLOSED');
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [], complete: true });
    const b = sameHead(a);
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [b.number], complete: true });
    expect((await load(b.number)).snapshot.sharedHead).toEqual({ pullRequests: [a.pr.number], complete: true });
  });

  it("are found when their head is in a fork, which GitHub's commit-to-pull-request association leaves out", async () => {
    const a = addAgentPullRequest(gh.fake, { forkOf: 'mallory/widgets' });
    const b = sameHead(a);
    b.head = { ...a.pr.head };
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [b.number], complete: true });
    expect((await load(b.number)).snapshot.sharedHead).toEqual({ pullRequests: [a.pr.number], complete: true });
  });

  it('are found past the first 100 open pull requests, and a listing GitHub would cut short is not complete', async () => {
    const a = addAgentPullRequest(gh.fake);
    for (let i = 0; i < 150; i++) gh.fake.addPullRequest({ repo: a.repo, commits: [{ message: `Other ${i}` }], files: [] });
    const b = sameHead(a);
    expect(b.number).toBeGreaterThan(150);
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [b.number], complete: true });
    // Newest first: 1,000 newer pull requests fill every page read, so neither older one is listed.
    for (let i = 0; i < MAX_OPEN_PULL_PAGES * 100; i++) gh.fake.addPullRequest({ repo: a.repo, commits: [{ message: `More ${i}` }], files: [] });
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [], complete: false });
  });

  it('are not a pull request that only contains the commit below a head of its own (a stacked branch)', async () => {
    const a = addAgentPullRequest(gh.fake);
    const stacked = sameHead(a);
    gh.fake.pushCommits(a.repo, stacked.number, [{ message: 'Next step' }]);
    expect(stacked.head.sha).not.toBe(a.headSha);
    expect((await load(a.pr.number)).snapshot.sharedHead).toEqual({ pullRequests: [], complete: true });
  });
});
