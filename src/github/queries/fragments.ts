/**
 * GraphQL fragments shared by the pull-request queries. Kept in .ts (not
 * .graphql) so esbuild bundles them into the Action without a loader.
 */
import { LEDGER_DIRECTORIES } from '../../snapshot.js';

export const PAGE_INFO = /* GraphQL */ `
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`;

export const COMMIT_FIELDS = /* GraphQL */ `
  fragment CommitFields on Commit {
    oid
    message
    authoredDate
    author {
      name
      email
      user {
        login
      }
    }
    committer {
      name
      email
      user {
        login
      }
    }
    authors(first: 10) {
      nodes {
        name
        email
        user {
          login
        }
      }
    }
  }
`;

export const FILE_FIELDS = /* GraphQL */ `
  fragment FileFields on PullRequestChangedFile {
    path
    changeType
    additions
    deletions
  }
`;

export const REVIEW_FIELDS = /* GraphQL */ `
  fragment ReviewFields on PullRequestReview {
    id
    state
    author {
      __typename
      login
    }
    commit {
      oid
    }
    submittedAt
    authorCanPushToRepository
  }
`;

export const CHECK_RUN_FIELDS = /* GraphQL */ `
  fragment CheckRunFields on CheckRun {
    databaseId
    name
    status
    conclusion
    detailsUrl
    completedAt
    externalId
  }
`;

/** A check suite with its first 100 latest check runs (one per name). */
export const CHECK_SUITE_FIELDS = /* GraphQL */ `
  fragment CheckSuiteFields on CheckSuite {
    id
    app {
      slug
      databaseId
    }
    checkRuns(first: 100, filterBy: { checkType: LATEST }) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...CheckRunFields
      }
    }
  }
`;

/**
 * A directory of ledger files: its immediate entries with object id and size,
 * never their text (the loader fetches the text of the files the load limits
 * admit in a second request).
 */
export const LEDGER_DIR_FIELDS = /* GraphQL */ `
  fragment LedgerDirFields on TreeEntry {
    object {
      ... on Tree {
        entries {
          name
          path
          type
          mode
          oid
          size
        }
      }
    }
  }
`;

export const POLICY_BLOB_FIELDS = /* GraphQL */ `
  fragment PolicyBlobFields on TreeEntry {
    path
    object {
      ... on Blob {
        oid
        byteSize
        text
        isTruncated
      }
    }
  }
`;

export const STATUS_CONTEXT_FIELDS = /* GraphQL */ `
  fragment StatusContextFields on StatusContext {
    context
    state
    creator {
      __typename
      login
    }
    targetUrl
  }
`;

/**
 * What the loader reads on the PR head commit: check runs, statuses, ledger
 * directories. `Status.contexts` is a plain list that GitHub neither pages nor
 * documents as complete; the rollup's `statusContextCount` (which counts
 * every context whatever `first` asks for) says how many there are.
 */
export const HEAD_COMMIT_FIELDS = /* GraphQL */ `
fragment HeadCommitFields on Commit {
  oid
  checkSuites(first: 100) {
    pageInfo { ...PageInfoFields }
    nodes { ...CheckSuiteFields }
  }
  status { contexts { ...StatusContextFields } }
  statusCheckRollup { contexts(first: 1) { statusContextCount } }
  agentTrace: file(path: "${LEDGER_DIRECTORIES['agent-trace']}") { ...LedgerDirFields }
  sessions: file(path: "${LEDGER_DIRECTORIES['proofgate-session']}") { ...LedgerDirFields }
}`;
