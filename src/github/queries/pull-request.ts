import {
  CHECK_RUN_FIELDS,
  CHECK_SUITE_FIELDS,
  COMMIT_FIELDS,
  FILE_FIELDS,
  HEAD_COMMIT_FIELDS,
  LEDGER_DIR_FIELDS,
  PAGE_INFO,
  POLICY_BLOB_FIELDS,
  REVIEW_FIELDS,
  STATUS_CONTEXT_FIELDS,
} from './fragments.js';
import { FIRST_OPEN_PULL_REQUEST_LISTS } from './open-pulls.js';

/**
 * Everything proofgate needs about one pull request, in one request:
 * the PR, its first 100 commits/files/reviews, when its base last changed
 * under it (switched to another branch, by hand or by GitHub when the old base
 * was merged and deleted, or force-pushed), the check runs and
 * statuses on the head commit, ledger directories at head, the policy file at
 * the tip of the base branch (never the head), the first 100 open pull
 * requests of the repository with their heads (which share this head commit),
 * and the organisation default policy from the owner's `.github` repository.
 *
 * `headCommit` is `commits(last: 1)`: the PR head commit as the base
 * repository sees it (`refs/pull/N/head`), which also works for fork PRs.
 */
export const PULL_REQUEST_QUERY = /* GraphQL */ `
  query ProofgatePullRequest($owner: String!, $repo: String!, $number: Int!, $policyPath: String!) {
    repository(owner: $owner, name: $repo) {
      pullRequest(number: $number) {
        id
        number
        title
        url
        body
        author {
          __typename
          login
          ... on Bot {
            databaseId
          }
        }
        baseRefName
        baseRefOid
        headRefName
        headRefOid
        changedFiles
        baseRef {
          target {
            oid
            ... on Commit {
              policy: file(path: $policyPath) {
                ...PolicyBlobFields
              }
            }
          }
        }
        files(first: 100) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            ...FileFields
          }
        }
        commits(first: 100) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            commit {
              ...CommitFields
            }
          }
        }
        reviews(first: 100) {
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            ...ReviewFields
          }
        }
        baseChanges: timelineItems(last: 1, itemTypes: [BASE_REF_CHANGED_EVENT, AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT, BASE_REF_FORCE_PUSHED_EVENT]) {
          nodes {
            __typename
            ... on BaseRefChangedEvent {
              createdAt
            }
            ... on AutomaticBaseChangeSucceededEvent {
              createdAt
            }
            ... on BaseRefForcePushedEvent {
              createdAt
            }
          }
        }
        headCommit: commits(last: 1) {
          nodes {
            commit {
              ...HeadCommitFields
            }
          }
        }
      }
      ${FIRST_OPEN_PULL_REQUEST_LISTS}
    }
    orgDefaults: repositoryOwner(login: $owner) {
      repository(name: ".github") {
        defaultBranchRef {
          name
          target {
            oid
            ... on Commit {
              root: file(path: "proofgate.yml") {
                ...PolicyBlobFields
              }
              nested: file(path: ".github/proofgate.yml") {
                ...PolicyBlobFields
              }
            }
          }
        }
      }
    }
  }
  ${PAGE_INFO}
  ${COMMIT_FIELDS}
  ${FILE_FIELDS}
  ${REVIEW_FIELDS}
  ${CHECK_RUN_FIELDS}
  ${CHECK_SUITE_FIELDS}
  ${STATUS_CONTEXT_FIELDS}
  ${HEAD_COMMIT_FIELDS}
  ${LEDGER_DIR_FIELDS}
  ${POLICY_BLOB_FIELDS}
`;

/**
 * The head commit by SHA, for when `commits(last: 1)` is not the head (a PR
 * with more commits than GitHub lists).
 */
export const HEAD_COMMIT_QUERY = /* GraphQL */ `
  query ProofgateHeadCommit($owner: String!, $repo: String!, $oid: GitObjectID!) {
    repository(owner: $owner, name: $repo) {
      object(oid: $oid) {
        ... on Commit {
          ...HeadCommitFields
        }
      }
    }
  }
  ${PAGE_INFO}
  ${CHECK_RUN_FIELDS}
  ${CHECK_SUITE_FIELDS}
  ${STATUS_CONTEXT_FIELDS}
  ${HEAD_COMMIT_FIELDS}
  ${LEDGER_DIR_FIELDS}
`;

/**
 * Follow-up pages of the PR connections that had more than 100 nodes. Each
 * connection is included only when asked, so one request advances every
 * connection still open (files and commits page together).
 */
export const PULL_REQUEST_PAGE_QUERY = /* GraphQL */ `
  query ProofgatePullRequestPage(
    $owner: String!
    $repo: String!
    $number: Int!
    $withFiles: Boolean!
    $filesCursor: String
    $withCommits: Boolean!
    $commitsCursor: String
    $withReviews: Boolean!
    $reviewsCursor: String
  ) {
    repository(owner: $owner, name: $repo) {
      pullRequest(number: $number) {
        baseRefOid
        headRefOid
        files(first: 100, after: $filesCursor) @include(if: $withFiles) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            ...FileFields
          }
        }
        commits(first: 100, after: $commitsCursor) @include(if: $withCommits) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            commit {
              ...CommitFields
            }
          }
        }
        reviews(first: 100, after: $reviewsCursor) @include(if: $withReviews) {
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            ...ReviewFields
          }
        }
      }
    }
  }
  ${PAGE_INFO}
  ${COMMIT_FIELDS}
  ${FILE_FIELDS}
  ${REVIEW_FIELDS}
`;

/** Further check suites on the head commit (more than 100 suites). */
export const CHECK_SUITES_PAGE_QUERY = /* GraphQL */ `
  query ProofgateCheckSuitesPage($owner: String!, $repo: String!, $oid: GitObjectID!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      object(oid: $oid) {
        ... on Commit {
          checkSuites(first: 100, after: $cursor) {
            pageInfo {
              ...PageInfoFields
            }
            nodes {
              ...CheckSuiteFields
            }
          }
        }
      }
    }
  }
  ${PAGE_INFO}
  ${CHECK_RUN_FIELDS}
  ${CHECK_SUITE_FIELDS}
`;

/** Further check runs of one suite (a suite with more than 100 runs). */
export const CHECK_RUNS_PAGE_QUERY = /* GraphQL */ `
  query ProofgateCheckRunsPage($suiteId: ID!, $cursor: String) {
    node(id: $suiteId) {
      ... on CheckSuite {
        checkRuns(first: 100, after: $cursor, filterBy: { checkType: LATEST }) {
          pageInfo {
            ...PageInfoFields
          }
          nodes {
            ...CheckRunFields
          }
        }
      }
    }
  }
  ${PAGE_INFO}
  ${CHECK_RUN_FIELDS}
`;

/**
 * The head's status contexts read from its rollup, 100 contexts (check runs
 * and statuses, mixed) a page: for when `Status.contexts` listed fewer
 * contexts than the rollup counts.
 */
export const STATUS_CONTEXTS_PAGE_QUERY = /* GraphQL */ `
  query ProofgateStatusContextsPage($owner: String!, $repo: String!, $oid: GitObjectID!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      object(oid: $oid) {
        ... on Commit {
          statusCheckRollup {
            contexts(first: 100, after: $cursor) {
              statusContextCount
              pageInfo {
                ...PageInfoFields
              }
              nodes {
                __typename
                ...StatusContextFields
              }
            }
          }
        }
      }
    }
  }
  ${PAGE_INFO}
  ${STATUS_CONTEXT_FIELDS}
`;

/** The base and head commits GitHub reports for a pull request now: read after a listing from REST, which names neither. */
export const PULL_REQUEST_COMMITS_QUERY = /* GraphQL */ `
  query ProofgatePullRequestCommits($owner: String!, $repo: String!, $number: Int!) {
    repository(owner: $owner, name: $repo) {
      pullRequest(number: $number) {
        baseRefOid
        headRefOid
      }
    }
  }
`;
