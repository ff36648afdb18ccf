import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { runQuery } from './graphql.js';
import {
  DELETED_BRANCH_QUERY,
  OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY,
  OPEN_PULL_REQUESTS_INTO_BRANCH_WITH_BASES_QUERY,
  OPEN_PULL_REQUESTS_QUERY,
  OPEN_PULL_REQUESTS_WITH_BASES_QUERY,
} from './queries/open-pulls.js';
import type { Connection, DeletedBranchData, OpenPullRequestHeadNode, OpenPullRequestLists } from './response.js';

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

/**
 * The open pull requests whose head is `sha`. Webhook payloads list no pull
 * requests for fork heads, and neither `GET /repos/{o}/{r}/commits/{sha}/pulls`
 * nor a commit's `associatedPullRequests` lists open fork PRs (they only know
 * commits on the repository's own branches), so this lists every open PR with
 * its `headRefOid`, which GitHub keeps for forks as well: one request for a
 * repository with up to 198 open PRs. `first` is the first request's lists
 * when the caller already has them (the pull request's own query asks for them).
 */
export async function findOpenPullRequestsForSha(
  client: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
  first?: OpenPullRequestLists | null,
): Promise<OpenPullRequests> {
  const listed = await listOpenPullRequests(client, owner, repo, {
    what: 'open pull requests',
    query: OPEN_PULL_REQUESTS_QUERY,
    variables: {},
    first: first ?? undefined,
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

/**
 * The open pull requests a deleted branch was the base of: those still into it
 * (GitHub has not closed or moved them yet) and those whose latest automatic base
 * change moved them off it. GitHub makes that move only when the deleted branch
 * was the head of a merged pull request of this repository, onto that pull
 * request's base: one request tells both, and only the open pull requests into
 * the merged ones' bases are listed after it. A branch no open pull request is
 * into and no merged one came from costs that one request. When the merged pull
 * requests are more than it lists, their bases are not all known and every open
 * pull request is listed.
 */
export async function findOpenPullRequestsOffDeletedBranch(client: GitHubClient, owner: string, repo: string, branch: string): Promise<OpenPullRequests> {
  const what = `pull requests from and into the deleted ${branch}`;
  const data: DeletedBranchData | null = await runQuery(
    client,
    DELETED_BRANCH_QUERY,
    { owner, repo, branch },
    { doing: `listing the ${what} of ${owner}/${repo}` },
  );
  const merged = data?.repository?.mergedFromBranch;
  if (!data?.repository || !merged?.pageInfo || !Array.isArray(merged.nodes)) throw incomplete(owner, repo, what, data);
  const listings: Listing[] = [
    { what: `open pull requests into ${branch}`, query: OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY, variables: { branch }, first: data.repository },
  ];
  const movedOff = (node: OpenPullRequestHeadNode) => node.automaticBaseChanges?.nodes?.some((e) => e?.oldBase === branch) === true;
  if (merged.pageInfo.hasNextPage) {
    listings.push({ what: `open pull requests based on ${branch}`, query: OPEN_PULL_REQUESTS_WITH_BASES_QUERY, variables: {}, keep: movedOff });
  } else {
    const bases = new Set<string>();
    for (const node of merged.nodes) {
      if (!node) continue;
      if (typeof node.baseRefName !== 'string' || node.baseRefName === '') throw incomplete(owner, repo, what, node);
      // A fork's pull request with a head of the same name was not from this branch.
      if (node.isCrossRepository !== true) bases.add(node.baseRefName);
    }
    for (const base of [...bases].sort()) {
      listings.push({
        what: `open pull requests into ${base}`,
        query: OPEN_PULL_REQUESTS_INTO_BRANCH_WITH_BASES_QUERY,
        variables: { branch: base },
        keep: movedOff,
      });
    }
  }
  const found = new Map<number, OpenPullRequest>();
  let complete = true;
  for (const listing of listings) {
    const listed = await listOpenPullRequests(client, owner, repo, listing);
    for (const pr of listed.pullRequests) found.set(pr.number, pr);
    complete &&= listed.complete;
  }
  return { pullRequests: [...found.values()].sort((a, b) => a.number - b.number), complete };
}

interface Listing {
  what: string;
  query: string;
  variables: Record<string, unknown>;
  first?: OpenPullRequestLists;
  /** Which listed pull requests to return (all when absent); the listing is still read in full. */
  keep?: (node: OpenPullRequestHeadNode) => boolean;
}

/**
 * Reads a listing of open pull requests, newest first, up to
 * MAX_OPEN_PULL_PAGES pages of 100. The first request also gives the 100
 * oldest: when they and the newest overlap, they are all of them, and no
 * further page is read. A page GitHub did not give, or one that says more
 * follow without saying where, is an error: it must never read as "no more
 * pull requests".
 */
async function listOpenPullRequests(client: GitHubClient, owner: string, repo: string, listing: Listing): Promise<OpenPullRequests> {
  const found = new Map<number, string>();
  // Every pull request listed, kept or not: what the count is compared with.
  const listed = new Set<number>();
  const add = (nodes: ReadonlyArray<OpenPullRequestHeadNode | null> | null | undefined) => {
    for (const node of nodes ?? []) {
      if (!node) continue;
      listed.add(node.number);
      if (listing.keep?.(node) ?? true) found.set(node.number, node.headRefOid);
    }
  };
  let lists = listing.first;
  let cursor: string | null = null;
  for (let read = 1; ; read++) {
    if (!lists?.openPullRequests) lists = await readLists(client, owner, repo, listing, cursor, read);
    const page: Connection<OpenPullRequestHeadNode> | null | undefined = lists.openPullRequests;
    if (!page) throw incomplete(owner, repo, listing.what, lists);
    add(page.nodes);
    const { hasNextPage, endCursor }: { hasNextPage: boolean; endCursor: string | null } = page.pageInfo;
    if (!hasNextPage) return { pullRequests: byNumber(found), complete: true };
    if (read === 1 && lists.oldestOpenPullRequests && typeof page.totalCount === 'number') {
      add(lists.oldestOpenPullRequests.nodes);
      if (listed.size >= page.totalCount && listsMeet(page.nodes, lists.oldestOpenPullRequests.nodes)) return { pullRequests: byNumber(found), complete: true };
    }
    if (read >= MAX_OPEN_PULL_PAGES) return { pullRequests: byNumber(found), complete: false };
    if (!endCursor) throw incomplete(owner, repo, listing.what, page.pageInfo);
    cursor = endCursor;
    lists = undefined;
  }
}

async function readLists(
  client: GitHubClient,
  owner: string,
  repo: string,
  listing: Listing,
  cursor: string | null,
  read: number,
): Promise<OpenPullRequestLists> {
  const data: { repository?: OpenPullRequestLists | null } | null = await runQuery(
    client,
    listing.query,
    { owner, repo, ...listing.variables, cursor, withOldest: cursor === null },
    { doing: `listing ${listing.what} of ${owner}/${repo}${read > 1 ? ` (page ${read})` : ''}` },
  );
  if (!data?.repository) throw incomplete(owner, repo, listing.what, data);
  return data.repository;
}

/**
 * Whether the newest 100 reach back past where the oldest 100 end. GitHub
 * reads a query's lists and its count one after another, not from one
 * snapshot: a pull request opened or reopened between them (a reopened one
 * keeps its creation time) can push one that was open all along out of both
 * while the numbers still add up to the count. Every pull request open while
 * both lists were read is in one of them only when the oldest of the newest
 * was created strictly before the newest of the oldest (on an equal time,
 * GitHub's order among equals decides); one opened or reopened meanwhile is
 * evaluated on its own event.
 */
function listsMeet(
  newest: ReadonlyArray<OpenPullRequestHeadNode | null> | null | undefined,
  oldest: ReadonlyArray<OpenPullRequestHeadNode | null> | null | undefined,
): boolean {
  const times = (nodes: typeof newest) => (nodes ?? []).map((node) => (node ? Date.parse(node.createdAt) : Number.NaN));
  const newestTimes = times(newest);
  const oldestTimes = times(oldest);
  if (newestTimes.length === 0 || oldestTimes.length === 0 || [...newestTimes, ...oldestTimes].some(Number.isNaN)) return false;
  return Math.min(...newestTimes) < Math.max(...oldestTimes);
}

function byNumber(found: ReadonlyMap<number, string>): OpenPullRequest[] {
  return [...found].map(([number, headSha]) => ({ number, headSha })).sort((a, b) => a.number - b.number);
}

function incomplete(owner: string, repo: string, what: string, cause: unknown): GitHubError {
  return new GitHubError(`GitHub's answer listing the ${what} of ${owner}/${repo} was incomplete; retry later.`, { kind: 'server', status: null, cause });
}
