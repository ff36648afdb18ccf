/**
 * Listing a repository's open pull requests takes one request per 100. A pull
 * request updated while the pages are read must not slip past the cursor: the
 * App re-evaluates the ones a policy push concerns, and the ones whose head a
 * check or status names, from these lists.
 */
import { describe, expect, it } from 'vitest';
import { findOpenPullRequestsForSha } from '../../src/github/pulls-for-sha.js';
import { findOpenPullRequestsIntoBranch } from '../../src/github/pulls-into-branch.js';
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
    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', first.head.sha)).toEqual([{ number: first.number, headSha: first.head.sha }]);
  });
});
