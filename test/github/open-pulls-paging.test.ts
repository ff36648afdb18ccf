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

describe('an open-pull-request listing GitHub cuts short', () => {
  /** A client whose GraphQL answers are `pages`, in order. */
  function scripted(pages: unknown[]): GitHubClient {
    const graphql = (async () => pages.shift()) as unknown as GitHubClient['graphql'];
    const request = (async () => {
      throw new Error('no REST call expected');
    }) as unknown as GitHubClient['request'];
    return { graphql, request };
  }
  const page = (numbers: number[], endCursor: string | null, hasNextPage = endCursor !== null) => ({
    repository: {
      openPullRequests: { pageInfo: { hasNextPage, endCursor }, nodes: numbers.map((number) => ({ number, headRefOid: 'a'.repeat(40) })) },
    },
  });

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
