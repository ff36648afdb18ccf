/**
 * What a listing of open pull requests holds: the number and head SHA of each.
 * GitHub keeps `headRefOid` for fork heads too, which
 * `GET /repos/{o}/{r}/commits/{sha}/pulls` does not list (it only sees commits
 * on the repository's own branches), and webhook payloads leave out.
 * `createdAt`, the order of the lists, tells whether the newest and the
 * oldest meet (src/github/open-pulls.ts).
 */
const OPEN_PULL_HEADS = `nodes {
          number
          headRefOid
          createdAt
        }`;

/**
 * Open pull requests, newest first by creation: an order that never changes,
 * so a pull request updated while the pages are read cannot move behind the
 * cursor and go unread (by last update it could). One opened meanwhile only
 * pushes the others one place on, and is evaluated on its own `opened` event.
 */
const NEWEST_FIRST = 'orderBy: { field: CREATED_AT, direction: DESC }';
const OLDEST_FIRST = 'orderBy: { field: CREATED_AT, direction: ASC }';

/**
 * The first request of a listing (`$cursor` null) also asks for the 100
 * oldest: with the 100 newest they are every open pull request of a
 * repository with up to 198 (the two lists must overlap), in one request. Each is one of the query's
 * connections, which GitHub counts per connection, not per node: the pull
 * request's query stays at 2 points.
 */
function openPullRequestLists(filter: string, paged: boolean, heads = OPEN_PULL_HEADS): string {
  return `openPullRequests: pullRequests(states: OPEN${filter}, first: 100${paged ? ', after: $cursor' : ''}, ${NEWEST_FIRST}) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        ${heads}
      }
      oldestOpenPullRequests: pullRequests(states: OPEN${filter}, first: 100, ${OLDEST_FIRST})${paged ? ' @include(if: $withOldest)' : ''} {
        ${heads}
      }`;
}

/**
 * Every open pull request of the repository with its head: which of them a
 * check_run/check_suite/status event's commit heads, and which others share a
 * pull request's head commit (and so its check run). The pull request's own
 * query (PULL_REQUEST_QUERY) asks for the first request's lists.
 */
export const OPEN_PULL_REQUESTS_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequests($owner: String!, $repo: String!, $cursor: String, $withOldest: Boolean!) {
    repository(owner: $owner, name: $repo) {
      ${openPullRequestLists('', true)}
    }
  }
`;

/**
 * Open pull requests into one base branch, with their head SHAs: the PRs a
 * policy change on that branch (a push event) must re-evaluate.
 */
export const OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequestsIntoBranch($owner: String!, $repo: String!, $branch: String!, $cursor: String, $withOldest: Boolean!) {
    repository(owner: $owner, name: $repo) {
      ${openPullRequestLists(', baseRefName: $branch', true)}
    }
  }
`;

/** The first request's lists of every open pull request, for the pull request's own query. */
export const FIRST_OPEN_PULL_REQUEST_LISTS = openPullRequestLists('', false);

/**
 * An open pull request's head with its base branch and the old base of its
 * latest automatic base change: whether GitHub moved it off a deleted branch.
 */
const OPEN_PULL_HEADS_WITH_BASES = `nodes {
          number
          headRefOid
          createdAt
          baseRefName
          automaticBaseChanges: timelineItems(last: 1, itemTypes: [AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT]) {
            nodes {
              ... on AutomaticBaseChangeSucceededEvent {
                oldBase
              }
            }
          }
        }`;

/**
 * What a deleted branch was, in one request: the head of merged pull requests
 * (when GitHub deletes a merged pull request's head branch it moves the open
 * pull requests based on it onto that pull request's base), and the base of
 * open pull requests GitHub has not closed or moved yet (the first request of
 * OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY's listing). The merged ones are
 * listed in full (up to 100): a fork's pull request with a head of the same
 * name was not from this branch, and a branch name used again may have been
 * merged into several bases.
 */
export const DELETED_BRANCH_QUERY = /* GraphQL */ `
  query ProofgateDeletedBranch($owner: String!, $repo: String!, $branch: String!) {
    repository(owner: $owner, name: $repo) {
      mergedFromBranch: pullRequests(headRefName: $branch, states: MERGED, first: 100) {
        pageInfo {
          hasNextPage
        }
        nodes {
          baseRefName
          isCrossRepository
        }
      }
      ${openPullRequestLists(', baseRefName: $branch', false)}
    }
  }
`;

/**
 * Open pull requests into one base branch with the old base of their latest
 * automatic base change: which of them GitHub moved onto a merged pull
 * request's base when it deleted that pull request's branch.
 */
export const OPEN_PULL_REQUESTS_INTO_BRANCH_WITH_BASES_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequestsIntoBranchWithBases($owner: String!, $repo: String!, $branch: String!, $cursor: String, $withOldest: Boolean!) {
    repository(owner: $owner, name: $repo) {
      ${openPullRequestLists(', baseRefName: $branch', true, OPEN_PULL_HEADS_WITH_BASES)}
    }
  }
`;

/**
 * Every open pull request with its base branch and the old base of its latest
 * automatic base change: for a deleted branch whose merged pull requests are
 * more than DELETED_BRANCH_QUERY lists, so that their bases are not all known.
 */
export const OPEN_PULL_REQUESTS_WITH_BASES_QUERY = /* GraphQL */ `
  query ProofgateOpenPullRequestsWithBases($owner: String!, $repo: String!, $cursor: String, $withOldest: Boolean!) {
    repository(owner: $owner, name: $repo) {
      ${openPullRequestLists('', true, OPEN_PULL_HEADS_WITH_BASES)}
    }
  }
`;
