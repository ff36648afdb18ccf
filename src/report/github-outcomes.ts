/**
 * The GitHub side of the report: for each pull request merged in the period,
 * the reviews that requested changes and proofgate's own check runs (its
 * first verdict, and its verdict on the head that was merged). Read through
 * GraphQL's search, 100 pull requests per query; the API calls and the
 * rate-limit points they cost are counted for the output.
 */
import type { GitHubClient } from '../github/client.js';
import { runQuery } from '../github/graphql.js';
import type { ReviewOutcome } from './analyze.js';

/** The check run name proofgate writes (src/github/checks.ts). */
export const PROOFGATE_CHECK_NAME = 'proofgate';
export const PULLS_PER_PAGE = 100;
/**
 * Commits per pull request whose check runs are read (the last ones, which
 * include the merged head). A pull request with more commits may have had its
 * first proofgate run on an older one: its first verdict is `unknown`, not a guess.
 */
export const COMMITS_PER_PULL = 20;
/** The first verdict of a pull request with more commits than were read. */
export const FIRST_VERDICT_UNKNOWN = 'unknown';

export const MERGED_PULLS_QUERY = `query MergedPulls($search: String!, $after: String, $checkName: String!) {
  rateLimit { cost remaining }
  search(query: $search, type: ISSUE, first: ${PULLS_PER_PAGE}, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest {
        number
        merged
        headRefOid
        reviews(first: 1, states: [CHANGES_REQUESTED]) { totalCount }
        commits(last: ${COMMITS_PER_PULL}) {
          totalCount
          nodes {
            commit {
              oid
              checkSuites(first: 10) {
                nodes {
                  checkRuns(first: 5, filterBy: { checkName: $checkName }) {
                    nodes { name conclusion status startedAt }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}`;

interface CheckRunNode {
  name: string;
  conclusion: string | null;
  status: string;
  startedAt: string | null;
}

interface PullNode {
  __typename: string;
  number?: number;
  merged?: boolean;
  headRefOid?: string;
  reviews?: { totalCount: number } | null;
  commits?: {
    totalCount?: number;
    nodes: Array<{
      commit: { oid: string; checkSuites: { nodes: Array<{ checkRuns: { nodes: CheckRunNode[] | null } | null } | null> | null } | null };
    } | null> | null;
  };
}

interface MergedPullsData {
  rateLimit: { cost: number; remaining: number } | null;
  search: { issueCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<PullNode | null> | null };
}

export interface GitHubOutcomes {
  reviews: Map<number, ReviewOutcome>;
  /** GraphQL requests made, and the rate-limit points GitHub charged for them. */
  apiCalls: number;
  rateLimitCost: number;
  rateLimitRemaining: number | null;
  /** Pull requests the search matched (GitHub's search returns at most 1,000 of them). */
  matched: number;
}

/** `repo:OWNER/REPO is:pr is:merged merged:>=DATE`. */
export function mergedPullsSearch(owner: string, repo: string, since: Date | undefined): string {
  const period = since ? ` merged:>=${since.toISOString().slice(0, 19)}Z` : '';
  return `repo:${owner}/${repo} is:pr is:merged${period}`;
}

export async function readGitHubOutcomes(client: GitHubClient, owner: string, repo: string, since: Date | undefined): Promise<GitHubOutcomes> {
  const out: GitHubOutcomes = { reviews: new Map(), apiCalls: 0, rateLimitCost: 0, rateLimitRemaining: null, matched: 0 };
  let after: string | null = null;
  for (;;) {
    const data: MergedPullsData = await runQuery<MergedPullsData>(
      client,
      MERGED_PULLS_QUERY,
      { search: mergedPullsSearch(owner, repo, since), after, checkName: PROOFGATE_CHECK_NAME },
      {
        doing: `reading the merged pull requests of ${owner}/${repo}`,
        notFound: 'the repository does not exist or the token cannot read it (it needs `pull-requests: read` and `checks: read`)',
      },
    );
    out.apiCalls++;
    if (data.rateLimit) {
      out.rateLimitCost += data.rateLimit.cost;
      out.rateLimitRemaining = data.rateLimit.remaining;
    }
    out.matched = data.search.issueCount;
    for (const node of data.search.nodes ?? []) {
      // Without its reviews (null: not readable) a pull request's review outcome is unknown, not passed.
      if (!node || node.__typename !== 'PullRequest' || typeof node.number !== 'number' || node.merged !== true || !node.reviews) continue;
      out.reviews.set(node.number, outcomeOf(node));
    }
    const { hasNextPage, endCursor } = data.search.pageInfo;
    if (!hasNextPage || !endCursor) return out;
    after = endCursor;
  }
}

/** One pull request's outcome: changes-requested reviews, the first proofgate verdict and the one on the merged head. */
export function outcomeOf(node: PullNode): ReviewOutcome {
  const runs: Array<CheckRunNode & { oid: string }> = [];
  for (const c of node.commits?.nodes ?? []) {
    if (!c) continue;
    for (const suite of c.commit.checkSuites?.nodes ?? []) {
      for (const run of suite?.checkRuns?.nodes ?? []) {
        // filterBy already asks for the name; checked again so another check never counts.
        if (run.name === PROOFGATE_CHECK_NAME) runs.push({ ...run, oid: c.commit.oid });
      }
    }
  }
  const byStart = runs.sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  const verdict = (run: CheckRunNode | undefined) => (run ? (run.conclusion?.toLowerCase() ?? run.status.toLowerCase()) : null);
  const onHead = byStart.filter((r) => r.oid === node.headRefOid);
  // Runs on commits older than the last COMMITS_PER_PULL were not read; without a count, as many as were read is assumed.
  const read = node.commits?.nodes?.length ?? 0;
  const unreadCommits = (node.commits?.totalCount ?? read) > read;
  return {
    changesRequested: node.reviews!.totalCount,
    firstVerdict: unreadCommits ? FIRST_VERDICT_UNKNOWN : verdict(byStart[0]),
    mergeVerdict: verdict(onHead[onHead.length - 1]),
  };
}

/** What reading GitHub cost, for the report's notes. */
export function gitHubCostNote(g: GitHubOutcomes): string {
  const calls = `${g.apiCalls} GraphQL API call${g.apiCalls === 1 ? '' : 's'}`;
  const remaining = g.rateLimitRemaining !== null ? `, ${g.rateLimitRemaining} remaining` : '';
  return `${g.reviews.size} merged pull requests read from GitHub (search matched ${g.matched}) in ${calls}, ${g.rateLimitCost} rate-limit points${remaining}.`;
}
