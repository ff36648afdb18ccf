/**
 * What each page of open pull requests holds: the number and head SHA of each.
 * GitHub keeps `headRefOid` for fork heads too, which
 * `GET /repos/{o}/{r}/commits/{sha}/pulls` does not list (it only sees commits
 * on the repository's own branches), and webhook payloads leave out.
 */
const OPEN_PULL_HEADS_PAGE = `pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          number
          headRefOid
        }`;

/**
 * Open pull requests, newest first by creation: an order that never changes,
 * so a pull request updated while the pages are read cannot move behind the
 * cursor and go unread (by last update it could). One opened meanwhile only
 * pushes the others one place on, and is evaluated on its own `opened` event.
 */
const NEWEST_FIRST = 'orderBy: { field: CREATED_AT, direction: DESC }';

/**
 * Every open pull request of the repository with its head: which of them a
 * check_run/check_suite/status event's commit heads, and which others share a
 * pull request's head commit (and so its check run). The pull request's own
 * query (PULL_REQUEST_QUERY) asks for the first page.
 */
export const OPEN_PULL_REQUESTS_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequests($owner: String!, $repo: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      openPullRequests: ${openPullRequestHeads(', after: $cursor')}
    }
  }
`;

/**
 * Open pull requests into one base branch, with their head SHAs: the PRs a
 * policy change on that branch (a push event) must re-evaluate.
 */
export const OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequestsIntoBranch($owner: String!, $repo: String!, $branch: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      openPullRequests: pullRequests(states: OPEN, baseRefName: $branch, first: 100, after: $cursor, ${NEWEST_FIRST}) {
        ${OPEN_PULL_HEADS_PAGE}
      }
    }
  }
`;

/** The connection of every open pull request, newest first; `after` is empty or `, after: $cursor`. */
export function openPullRequestHeads(after: string): string {
  return /* GraphQL */ `pullRequests(states: OPEN, first: 100${after}, ${NEWEST_FIRST}) {
        ${OPEN_PULL_HEADS_PAGE}
      }`;
}
