import type { GitHubClient } from './client.js';
import { runQuery } from './graphql.js';
import { MAX_OPEN_PULL_PAGES, type OpenPullsData } from './pulls-for-sha.js';
import { OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY } from './queries/open-pulls.js';

export interface OpenPullRequestsIntoBranch {
  pullRequests: Array<{ number: number; headSha: string }>;
  /** False when the branch has more open PRs than are listed (the oldest ones are left out). */
  complete: boolean;
}

/**
 * The open pull requests whose base is `branch` (a branch name, not a ref):
 * one GraphQL request for up to 100 of them, at most MAX_OPEN_PULL_PAGES.
 */
export async function findOpenPullRequestsIntoBranch(client: GitHubClient, owner: string, repo: string, branch: string): Promise<OpenPullRequestsIntoBranch> {
  const found: Array<{ number: number; headSha: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_OPEN_PULL_PAGES; page++) {
    const data: OpenPullsData = await runQuery<OpenPullsData>(
      client,
      OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY,
      { owner, repo, branch, cursor },
      { doing: `listing open pull requests into ${branch} of ${owner}/${repo}` },
    );
    if (!data.repository) throw new Error(`GitHub found no repository ${owner}/${repo} while listing open pull requests into ${branch}`);
    const prs = data.repository.pullRequests;
    for (const node of prs?.nodes ?? []) {
      if (node) found.push({ number: node.number, headSha: node.headRefOid });
    }
    if (!prs?.pageInfo.hasNextPage) {
      return { pullRequests: found.sort((a, b) => a.number - b.number), complete: true };
    }
    cursor = prs.pageInfo.endCursor;
  }
  return { pullRequests: found.sort((a, b) => a.number - b.number), complete: false };
}
