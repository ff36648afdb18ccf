/**
 * Open pull requests of a repository with their head SHAs, newest activity
 * first. Used to find the PRs a check_run/check_suite/status event belongs to:
 * GitHub leaves `pull_requests` empty for fork heads, and
 * `GET /repos/{o}/{r}/commits/{sha}/pulls` does not return open fork PRs
 * either (it only sees commits on the repository's own branches), whereas
 * every open PR, fork or not, is listed here with its `headRefOid`.
 */
export const OPEN_PULL_REQUESTS_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequests($owner: String!, $repo: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      pullRequests(states: OPEN, first: 100, after: $cursor, orderBy: { field: UPDATED_AT, direction: DESC }) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          number
          headRefOid
        }
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
      pullRequests(states: OPEN, baseRefName: $branch, first: 100, after: $cursor, orderBy: { field: UPDATED_AT, direction: DESC }) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          number
          headRefOid
        }
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
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          number
          headRefOid
        }
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
