import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { runQuery } from './graphql.js';
import { OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY, OPEN_PULL_REQUESTS_QUERY } from './queries/open-pulls.js';
import type { Connection, OpenPullRequestHeadNode } from './response.js';

/** Repositories with more open PRs than this many pages of 100 are listed no further (newest first). */
export const MAX_OPEN_PULL_PAGES = 10;

export interface OpenPullRequest {
  number: number;
  headSha: string;
}

export interface OpenPullRequests {
  /** By number. */
  pullRequests: OpenPullRequest[];
  /** False when there are more open PRs than MAX_OPEN_PULL_PAGES pages hold: the oldest are left out. */
  complete: boolean;
}

type OpenPullsPage = Connection<OpenPullRequestHeadNode>;

/**
 * The open pull requests whose head is `sha`. Webhook payloads list no pull
 * requests for fork heads, and neither `GET /repos/{o}/{r}/commits/{sha}/pulls`
 * nor a commit's `associatedPullRequests` lists open fork PRs (they only know
 * commits on the repository's own branches), so this lists every open PR with
 * its `headRefOid`, which GitHub keeps for forks as well: one request for a
 * repository with up to 100 open PRs. `firstPage` is the first page when the
 * caller already has it (the pull request's own query asks for it).
 */
export async function findOpenPullRequestsForSha(
  client: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
  firstPage?: OpenPullsPage | null,
): Promise<OpenPullRequests> {
  const listed = await listOpenPullRequests(client, owner, repo, {
    what: 'open pull requests',
    query: OPEN_PULL_REQUESTS_QUERY,
    variables: {},
    firstPage: firstPage ?? undefined,
  });
  return { pullRequests: listed.pullRequests.filter((pr) => pr.headSha === sha), complete: listed.complete };
}

/** The open pull requests whose base is `branch` (a branch name, not a ref): the PRs a policy change on it concerns. */
export function findOpenPullRequestsIntoBranch(client: GitHubClient, owner: string, repo: string, branch: string): Promise<OpenPullRequests> {
  return listOpenPullRequests(client, owner, repo, {
    what: `open pull requests into ${branch}`,
    query: OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY,
    variables: { branch },
  });
}

interface Listing {
  what: string;
  query: string;
  variables: Record<string, unknown>;
  firstPage?: OpenPullsPage;
}

/**
 * Reads the pages of an open-PR listing, newest first, up to
 * MAX_OPEN_PULL_PAGES. A page GitHub did not give, or one that says more
 * follow without saying where, is an error: it must never read as "no more
 * pull requests".
 */
async function listOpenPullRequests(client: GitHubClient, owner: string, repo: string, listing: Listing): Promise<OpenPullRequests> {
  const found = new Map<number, string>();
  let page: OpenPullsPage | undefined = listing.firstPage;
  let cursor: string | null = null;
  for (let read = 1; ; read++) {
    if (!page) {
      const data: { repository?: { openPullRequests?: OpenPullsPage | null } | null } | null = await runQuery(
        client,
        listing.query,
        { owner, repo, ...listing.variables, cursor },
        { doing: `listing ${listing.what} of ${owner}/${repo}${read > 1 ? ` (page ${read})` : ''}` },
      );
      page = data?.repository?.openPullRequests ?? undefined;
      if (!page) throw incomplete(owner, repo, listing.what, data);
    }
    for (const node of page.nodes ?? []) if (node) found.set(node.number, node.headRefOid);
    const { hasNextPage, endCursor }: { hasNextPage: boolean; endCursor: string | null } = page.pageInfo;
    if (!hasNextPage || read >= MAX_OPEN_PULL_PAGES) return { pullRequests: byNumber(found), complete: !hasNextPage };
    if (!endCursor) throw incomplete(owner, repo, listing.what, page.pageInfo);
    cursor = endCursor;
    page = undefined;
  }
}

function byNumber(found: ReadonlyMap<number, string>): OpenPullRequest[] {
  return [...found].map(([number, headSha]) => ({ number, headSha })).sort((a, b) => a.number - b.number);
}

function incomplete(owner: string, repo: string, what: string, cause: unknown): GitHubError {
  return new GitHubError(`GitHub's answer listing the ${what} of ${owner}/${repo} was incomplete; retry later.`, { kind: 'server', status: null, cause });
}
