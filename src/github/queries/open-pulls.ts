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

/** The open pull requests of a repository: those a check_run/check_suite/status event's commit heads. */
export const OPEN_PULL_REQUESTS_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequests($owner: String!, $repo: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      pullRequests(states: OPEN, first: 100, after: $cursor, ${NEWEST_FIRST}) {
        ${OPEN_PULL_HEADS_PAGE}
      }
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
      pullRequests(states: OPEN, baseRefName: $branch, first: 100, after: $cursor, ${NEWEST_FIRST}) {
        ${OPEN_PULL_HEADS_PAGE}
      }
    }
  }
`;

/**
 * Every open pull request of the repository with its head SHA, oldest first:
 * which others share a pull request's head commit (and so its check run).
 * Ordered by creation, which never changes, so a pull request updated while
 * the pages are read cannot move past the cursor and go unread. The first
 * page comes with the pull request's own query (PULL_REQUEST_QUERY).
 */
export function openPullRequestHeads(after: string): string {
  return /* GraphQL */ `pullRequests(states: OPEN, first: 100${after}, orderBy: { field: CREATED_AT, direction: ASC }) {
        ${OPEN_PULL_HEADS_PAGE}
      }`;
}

/** Further pages of openPullRequestHeads. */
export const OPEN_PULL_REQUEST_HEADS_PAGE_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequestHeads($owner: String!, $repo: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      openPullRequests: ${openPullRequestHeads(', after: $cursor')}
    }
  }
`;
