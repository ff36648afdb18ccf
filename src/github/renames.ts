import type { GitHubClient, PullRequestRef } from './client.js';
import { mapRequestError, PERMISSIONS } from './errors.js';

const PER_PAGE = 100;
/** GitHub lists at most 3,000 files of a pull request, REST as GraphQL. */
const MAX_PAGES = 30;

/**
 * The old paths of renamed and copied files, which only REST reports
 * (`previous_filename`): a file moved out of a restricted route must still be
 * governed by the route of its old path. Pages until every path in `wanted`
 * is found or the listing ends, so a PR whose renames are among its first
 * 100 files costs one request. Paths REST does not name are left out.
 */
export async function readPreviousPaths(client: GitHubClient, pr: PullRequestRef, wanted: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let page = 1; page <= MAX_PAGES && found.size < wanted.size; page++) {
    let files: Array<{ filename: string; previous_filename?: string }>;
    try {
      const res = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
        owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: PER_PAGE, page,
      });
      files = res.data;
    } catch (error) {
      throw mapRequestError(error, {
        doing: `listing the files of ${pr.owner}/${pr.repo}#${pr.number} (page ${page}) to find the old paths of renamed files`,
        permission: PERMISSIONS.pullRequestsRead,
      });
    }
    for (const f of files) {
      if (f.previous_filename && wanted.has(f.filename)) found.set(f.filename, f.previous_filename);
    }
    if (files.length < PER_PAGE) break;
  }
  return found;
}
