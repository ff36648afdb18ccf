/**
 * Listing a repository's open pull requests takes one request per 100. A pull
 * request updated while the pages are read must not slip past the cursor: the
 * App re-evaluates the ones a policy push concerns, and the ones whose head a
 * check or status names, from these lists.
 */
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { findOpenPullRequestsForSha, findOpenPullRequestsIntoBranch, MAX_OPEN_PULL_PAGES } from '../../src/github/open-pulls.js';
import type { FakePullRequest } from '../support/fake-github/types.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const gh = useFakeGitHub();

describe('open pull requests listed over several pages', () => {
  /** 151 open pull requests into main, updated in the order they were opened; the first opened is updated before the second page is read. */
  function repositoryWithALateUpdate(): { prs: FakePullRequest[]; first: FakePullRequest } {
    const a = addAgentPullRequest(gh.fake);
    const prs = [a.pr, ...Array.from({ length: 150 }, (_, i) => gh.fake.addPullRequest({ repo: a.repo, commits: [{ message: `Other ${i}` }], files: [] }))];
    prs.forEach((pr, i) => (pr.updatedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
    const first = prs[0]!;
    let requests = 0;
    gh.fake.onRequest = (call) => {
      if (call.path === '/graphql' && ++requests === 2) first.updatedAt = new Date(Date.UTC(2026, 1, 1)).toISOString();
    };
    return { prs, first };
  }

  it('into a branch: none is missed when one is updated meanwhile', async () => {
    const { prs } = repositoryWithALateUpdate();
    const listed = await findOpenPullRequestsIntoBranch(gh.client, 'acme', 'widgets', 'main');
    expect(listed.complete).toBe(true);
    expect(listed.pullRequests.map((p) => p.number)).toEqual(prs.map((p) => p.number).sort((x, y) => x - y));
  });

  it('by head commit: the pull request is found when it is updated meanwhile', async () => {
    const { first } = repositoryWithALateUpdate();
    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', first.head.sha)).toEqual({
      pullRequests: [{ number: first.number, headSha: first.head.sha }],
      complete: true,
    });
  });
});

/** A client whose GraphQL answers are `pages`, in order. */
function scripted(pages: unknown[]): GitHubClient {
  const graphql = (async () => pages.shift()) as unknown as GitHubClient['graphql'];
  const request = (async () => {
    throw new Error('no REST call expected');
  }) as unknown as GitHubClient['request'];
  return { graphql, request };
}
/** Numbered in order of creation, a second apart. */
const nodes = (numbers: number[]) =>
  numbers.map((number) => ({ number, headRefOid: 'a'.repeat(40), createdAt: new Date(Date.UTC(2026, 0, 1) + number * 1000).toISOString() }));
const page = (numbers: number[], endCursor: string | null, hasNextPage = endCursor !== null, totalCount = 5000, oldest?: number[]) => ({
  repository: {
    openPullRequests: { totalCount, pageInfo: { hasNextPage, endCursor }, nodes: nodes(numbers) },
    ...(oldest ? { oldestOpenPullRequests: { nodes: nodes(oldest) } } : {}),
  },
});

describe('an open-pull-request listing GitHub cuts short', () => {
  it('is an error, not "no more pull requests", when a later page is missing', async () => {
    for (const missing of [{}, { repository: null }, { repository: { openPullRequests: null } }, null]) {
      const client = scripted([page([3], 'c1'), missing]);
      await expect(findOpenPullRequestsIntoBranch(client, 'acme', 'widgets', 'main')).rejects.toThrow(
        /listing the open pull requests into main of acme\/widgets was incomplete/,
      );
    }
  });

  it('is an error when a page says more follow but gives no cursor to read them from', async () => {
    const client = scripted([page([3], null, true), page([3], null)]);
    await expect(findOpenPullRequestsForSha(client, 'acme', 'widgets', 'a'.repeat(40))).rejects.toThrow(/was incomplete/);
  });

  it(`is not complete past ${MAX_OPEN_PULL_PAGES} pages, and reads no further`, async () => {
    const pages = Array.from({ length: MAX_OPEN_PULL_PAGES + 1 }, (_, i) => page([1000 - i], `c${i}`));
    const client = scripted(pages);
    const listed = await findOpenPullRequestsForSha(client, 'acme', 'widgets', 'a'.repeat(40));
    expect(listed.complete).toBe(false);
    expect(listed.pullRequests).toHaveLength(MAX_OPEN_PULL_PAGES);
    expect(pages).toHaveLength(1);
  });
});

describe('the first request of a listing', () => {
  it('lists a repository with up to 198 open pull requests in one request, the oldest included', async () => {
    const a = addAgentPullRequest(gh.fake);
    const others = Array.from({ length: 150 }, (_, i) => gh.fake.addPullRequest({ repo: a.repo, commits: [{ message: `Other ${i}` }], files: [] }));
    gh.fake.resetCalls();

    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', a.headSha)).toEqual({
      pullRequests: [{ number: a.pr.number, headSha: a.headSha }],
      complete: true,
    });
    const listed = await findOpenPullRequestsIntoBranch(gh.client, 'acme', 'widgets', 'main');
    expect(listed).toMatchObject({ complete: true });
    expect(listed.pullRequests.map((p) => p.number)).toEqual([a.pr.number, ...others.map((p) => p.number)].sort((x, y) => x - y));
    expect(gh.fake.callsTo({ path: '/graphql' })).toHaveLength(2);
  });

  it('reads on, newest first, when the newest and the oldest 100 are not all of them', async () => {
    const before = Array.from({ length: 120 }, (_, i) => gh.fake.addPullRequest({ repo: 'acme/widgets', commits: [{ message: `Older ${i}` }], files: [] }));
    const middle = addAgentPullRequest(gh.fake, { repo: before[0]!.repo });
    Array.from({ length: 120 }, (_, i) => gh.fake.addPullRequest({ repo: middle.repo, commits: [{ message: `Newer ${i}` }], files: [] }));
    gh.fake.resetCalls();

    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', middle.headSha)).toEqual({
      pullRequests: [{ number: middle.pr.number, headSha: middle.headSha }],
      complete: true,
    });
    expect(gh.fake.callsTo({ path: '/graphql' })).toHaveLength(3);
  });

  it('reads on when a pull request reopened between the two lists pushes one that was open throughout out of both', async () => {
    // #1 closed long ago, #2 to #201 open: 200, so the newest and the oldest 100 would be all of them.
    const repo = 'acme/widgets';
    const reopened = gh.fake.addPullRequest({ repo, number: 1, commits: [{ message: 'Old' }], files: [] });
    reopened.state = 'CLOSED';
    const open = range(2, 201).map((number) => gh.fake.addPullRequest({ repo, number, commits: [{ message: `Open ${number}` }], files: [] }));
    const middle = open.find((pr) => pr.number === 101)!;
    // GitHub reads the newest 100 and their count, then #1 is reopened, then it reads the oldest 100: #1 to #100.
    let lists = 0;
    gh.fake.onListPullRequests = () => {
      if (++lists === 2) reopened.state = 'OPEN';
    };

    // #101 was open all along; the two lists hold 200 numbers, as many as GitHub counted, and not it.
    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', middle.head.sha)).toEqual({
      pullRequests: [{ number: 101, headSha: middle.head.sha }],
      complete: true,
    });
  });

  it('reads on when the newest and the oldest 100 meet only on an equal creation time', async () => {
    // GitHub's order among pull requests created in the same second decides which list holds each: one can be in neither.
    const first = page(range(101, 200), 'c1', true, 200, range(1, 100));
    const tie = new Date(Date.UTC(2026, 0, 1) + 100 * 1000).toISOString();
    const { openPullRequests: newest } = first.repository;
    newest.nodes[newest.nodes.length - 1]!.createdAt = tie;
    const client = scripted([first, page([300], null, false, 201)]);
    const listed = await findOpenPullRequestsIntoBranch(client, 'acme', 'widgets', 'main');
    expect(listed.pullRequests.map((p) => p.number)).toContain(300);
  });

  it('reads on when GitHub counts more open pull requests than the newest and the oldest 100 hold', async () => {
    // 150 counted, but the two lists overlap and name only 120 between them: some are unaccounted for.
    const first = page(range(151, 250), 'c1', true, 150, range(131, 230));
    const client = scripted([first, page([1, 2], null, false, 150)]);
    const listed = await findOpenPullRequestsIntoBranch(client, 'acme', 'widgets', 'main');
    expect(listed.complete).toBe(true);
    expect(listed.pullRequests.map((p) => p.number)).toContain(1);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
