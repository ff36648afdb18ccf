import type { GitHubClient, PullRequestRef } from './client.js';
import { mapRequestError, PERMISSIONS } from './errors.js';

const PER_PAGE = 100;
/** GitHub lists at most 3,000 files of a pull request, REST as GraphQL. */
const MAX_PAGES = 30;

/**
 * The old paths of renamed and copied files, which only REST reports
 * (`previous_filename`): a file moved out of a restricted route must still be
 * governed by the route of its old path.
 *
 * `wanted` maps each path to its position in GraphQL's listing. REST lists a
 * pull request's files in the same order, so the pages holding those
 * positions are read first: three renames near the end of a 3,000-file PR
 * cost one request, not thirty. Should a path not be where its position says,
 * the remaining pages are read in order until every path is found or the
 * listing ends; paths REST does not name are left out.
 */
export async function readPreviousPaths(client: GitHubClient, pr: PullRequestRef, wanted: ReadonlyMap<string, number>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const likely = [...new Set([...wanted.values()].map((index) => Math.floor(index / PER_PAGE) + 1))].filter((p) => p <= MAX_PAGES).sort((a, b) => a - b);
  const read = new Set<number>();
  let lastPage = MAX_PAGES;
  const readPage = async (page: number): Promise<void> => {
    read.add(page);
    const files = await listPage(client, pr, page);
    for (const f of files) {
      if (f.previous_filename && wanted.has(f.filename)) found.set(f.filename, f.previous_filename);
    }
    if (files.length < PER_PAGE) lastPage = Math.min(lastPage, page);
  };
  for (const page of likely) {
    if (found.size === wanted.size || page > lastPage) break;
    await readPage(page);
  }
  for (let page = 1; page <= lastPage && found.size < wanted.size; page++) {
    if (!read.has(page)) await readPage(page);
  }
  return found;
}

async function listPage(client: GitHubClient, pr: PullRequestRef, page: number): Promise<Array<{ filename: string; previous_filename?: string }>> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
      per_page: PER_PAGE,
      page,
    });
    return res.data;
  } catch (error) {
    throw mapRequestError(error, {
      doing: `listing the files of ${pr.owner}/${pr.repo}#${pr.number} (page ${page}) to find the old paths of renamed files`,
      permission: PERMISSIONS.pullRequestsRead,
    });
  }
}
