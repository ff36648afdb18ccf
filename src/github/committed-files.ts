/**
 * Which files of some directories a repository's commits hold, from GitHub:
 * what `git ls-files` would say of a checkout of one of those commits, for a
 * workspace where git cannot answer (actions/checkout downloads an archive
 * when the runner has no git 2.18 or later).
 */
import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { runQuery } from './graphql.js';
import { buildCommittedFilesQuery } from './queries/committed-files.js';

type Entries = { entries: Array<{ name: string; path: string | null }> | null } | null;
type CommitListing = Record<string, Entries | { object: Entries | Record<string, never> | null } | null>;

/**
 * The paths of the files directly in `dirs` (repository-relative, `''` the
 * root) at any of `commits`. A commit GitHub does not know fails: the answer
 * would leave out the files the checkout holds.
 */
export async function listCommittedFiles(
  client: GitHubClient,
  repo: { owner: string; repo: string },
  commits: readonly string[],
  dirs: readonly string[],
): Promise<Set<string>> {
  const shas = [...new Set(commits)];
  const uniqueDirs = [...new Set(dirs)];
  const paths = new Set<string>();
  if (shas.length === 0 || uniqueDirs.length === 0) return paths;
  const variables: Record<string, string> = { owner: repo.owner, repo: repo.repo };
  shas.forEach((sha, c) => (variables[`c${c}`] = sha));
  uniqueDirs.forEach((dir, d) => {
    if (dir !== '') variables[`d${d}`] = dir;
  });
  const data = await runQuery<{ repository: Record<string, CommitListing | null> | null }>(
    client,
    buildCommittedFilesQuery(shas.length, uniqueDirs),
    variables,
    {
      doing: `listing the files committed in ${uniqueDirs.map((d) => d || '.').join(', ')} of ${repo.owner}/${repo.repo}`,
    },
  );
  for (const [c, sha] of shas.entries()) {
    const commit = data.repository?.[`c${c}`];
    if (!commit) {
      throw new GitHubError(`${repo.owner}/${repo.repo}: GitHub does not know commit ${sha}, so proofgate cannot tell which files it holds.`, {
        kind: 'not-found',
        status: null,
        cause: null,
      });
    }
    uniqueDirs.forEach((dir, d) => {
      const listing = commit[`d${d}`];
      const tree = listing && 'object' in listing ? listing.object : listing;
      const entries = tree && 'entries' in tree ? (tree.entries ?? []) : [];
      for (const entry of entries) paths.add(entry.path ?? (dir === '' ? entry.name : `${dir}/${entry.name}`));
    });
  }
  return paths;
}
