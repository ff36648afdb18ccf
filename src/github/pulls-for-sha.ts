import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { runQuery } from './graphql.js';
import { OPEN_PULL_REQUESTS_QUERY } from './queries/open-pulls.js';

/** Repositories with more open PRs than this are searched no further (newest first). */
export const MAX_OPEN_PULL_PAGES = 10;

export interface OpenPullsData {
  repository: {
    pullRequests: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{ number: number; headRefOid: string } | null> | null;
    };
  } | null;
}

/**
 * The open pull requests whose head is `sha`, for check_run, check_suite and
 * status events. Their payloads list no pull requests for fork heads, and
 * `GET /repos/{o}/{r}/commits/{sha}/pulls` misses open fork PRs too (it only
 * knows commits on the repository's own branches), so this lists the open PRs
 * with their `headRefOid`, which GitHub keeps for forks as well: one request
 * for a repository with up to 100 open PRs.
 */
export async function findOpenPullRequestsForSha(
  client: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
): Promise<Array<{ number: number; headSha: string }>> {
  const found: Array<{ number: number; headSha: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_OPEN_PULL_PAGES; page++) {
    const data: OpenPullsData = await runQuery<OpenPullsData>(
      client,
      OPEN_PULL_REQUESTS_QUERY,
      { owner, repo, cursor },
      { doing: `listing open pull requests of ${owner}/${repo}` },
    );
    if (!data || typeof data !== 'object' || !('repository' in data)) {
      // An answer cut short parses to nothing: never read as "no pull requests".
      throw new GitHubError(`GitHub's answer listing open pull requests of ${owner}/${repo} was incomplete; retry later.`, {
        kind: 'server',
        status: null,
        cause: data,
      });
    }
    const prs = data.repository?.pullRequests;
    for (const node of prs?.nodes ?? []) {
      if (node && node.headRefOid === sha) found.push({ number: node.number, headSha: node.headRefOid });
    }
    if (!prs?.pageInfo.hasNextPage) break;
    cursor = prs.pageInfo.endCursor;
  }
  return found.sort((a, b) => a.number - b.number);
}
