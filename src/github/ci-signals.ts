/**
 * What can change a pending verdict while the Action waits (`wait-for-proofs`):
 * the check runs and commit statuses on the pull request's head, and the head
 * itself. One small GraphQL query (1 rate-limit point; the full load is 2 plus
 * the check-run write), read between full evaluations: the gate evaluates
 * again only when this changed.
 */
import type { GitHubClient } from './client.js';
import { runQuery } from './graphql.js';
import { CI_SIGNALS_QUERY } from './queries/ci-signals.js';

interface Page<T> {
  pageInfo: { hasNextPage: boolean };
  nodes: Array<T | null> | null;
}

interface CiSignalsData {
  repository: {
    pullRequest: {
      headRefOid: string;
      headCommit: {
        nodes: Array<{
          commit: {
            oid: string;
            checkSuites: Page<{
              app: { slug: string } | null;
              checkRuns: Page<{ databaseId: number | null; name: string; status: string; conclusion: string | null }> | null;
            }> | null;
            status: { contexts: Array<{ context: string; state: string }> } | null;
            statusCheckRollup?: { contexts: { statusContextCount: number } } | null;
          };
        } | null> | null;
      };
    } | null;
  } | null;
}

/**
 * A key that changes whenever the head, a check run or a status on it
 * changes; null when the listing is cut short (more than 100 suites or runs,
 * or fewer statuses than the commit has), which callers treat as "changed".
 */
export async function readCiSignals(client: GitHubClient, pr: { owner: string; repo: string; number: number }): Promise<string | null> {
  const data = await runQuery<CiSignalsData>(
    client,
    CI_SIGNALS_QUERY,
    { owner: pr.owner, repo: pr.repo, number: pr.number },
    {
      doing: `reading the checks of pull request ${pr.owner}/${pr.repo}#${pr.number}`,
    },
  );
  const node = data.repository?.pullRequest;
  if (!node) return null;
  const commit = node.headCommit.nodes?.[0]?.commit ?? null;
  const suites = commit?.checkSuites;
  if (!commit || !suites || suites.pageInfo.hasNextPage) return null;
  const runs: string[] = [];
  for (const suite of suites.nodes ?? []) {
    if (!suite) continue;
    if (suite.checkRuns?.pageInfo.hasNextPage) return null;
    for (const run of suite.checkRuns?.nodes ?? []) {
      if (run) runs.push(JSON.stringify([suite.app?.slug ?? null, run.name, run.databaseId, run.status, run.conclusion]));
    }
  }
  const contexts = commit.status?.contexts ?? [];
  // `Status.contexts` is not paged: a list short of the rollup's count cannot show a change.
  if (contexts.length < (commit.statusCheckRollup?.contexts.statusContextCount ?? 0)) return null;
  const statuses = contexts.map((c) => JSON.stringify([c.context, c.state]));
  return JSON.stringify([node.headRefOid, commit.oid, runs.sort(), statuses.sort()]);
}
