/** The shapes the queries in ./queries return (only the fields they select). */

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  totalCount?: number;
  pageInfo: PageInfo;
  nodes: Array<T | null> | null;
}

export interface ActorNode {
  __typename: string;
  login: string;
}

export interface GitActorNode {
  name: string | null;
  email: string | null;
  user: { login: string } | null;
}

export interface CommitNode {
  oid: string;
  message: string;
  authoredDate: string | null;
  author: GitActorNode | null;
  committer: GitActorNode | null;
  /** The git author first, then the co-authors GitHub resolved from Co-authored-by trailers. */
  authors: { nodes: Array<GitActorNode | null> | null } | null;
}

export interface FileNode {
  path: string;
  changeType: string;
  additions: number;
  deletions: number;
}

export interface ReviewNode {
  id: string;
  state: string;
  author: ActorNode | null;
  commit: { oid: string } | null;
  submittedAt: string | null;
  authorCanPushToRepository: boolean;
}

export interface CheckRunNode {
  databaseId: number | null;
  name: string;
  status: string;
  conclusion: string | null;
  detailsUrl: string | null;
  completedAt: string | null;
  externalId: string | null;
}

export interface CheckSuiteNode {
  id: string;
  app: { slug: string; databaseId: number | null } | null;
  checkRuns: Connection<CheckRunNode> | null;
}

export interface BlobNode {
  oid?: string;
  /** The blob's full size in bytes, whether or not `text` is truncated. */
  byteSize?: number;
  text?: string | null;
  isTruncated?: boolean;
  isBinary?: boolean | null;
}

/** A ledger directory's entry: listed with its size, without its text. */
export interface TreeEntryNode {
  name: string;
  path: string | null;
  type: string;
  /** The git file mode as a number: 40960 (0o120000) for a symbolic link, whose blob holds the target's path. */
  mode?: number;
  oid: string;
  size: number;
}

/** A ledger blob fetched by id (ProofgateLedgerBlobs). */
export interface LedgerBlobNode {
  oid?: string;
  text?: string | null;
  isTruncated?: boolean;
  isBinary?: boolean | null;
}

export interface LedgerDirNode {
  object: { entries?: TreeEntryNode[] | null } | null;
}

export interface PolicyBlobNode {
  path: string | null;
  object: BlobNode | null;
}

export interface StatusContextNode {
  context: string;
  state: string;
  creator: ActorNode | null;
  targetUrl: string | null;
}

/** A node of a commit's status rollup: a StatusContext with its fields, or a CheckRun (only its type read). */
export type StatusRollupNode = ({ __typename: 'StatusContext' } & StatusContextNode) | { __typename: 'CheckRun' };

export interface HeadCommitNode {
  oid: string;
  checkSuites: Connection<CheckSuiteNode> | null;
  status: { contexts: StatusContextNode[] } | null;
  /** How many status contexts the commit has (null: none, and no check runs either). */
  statusCheckRollup: { contexts: { statusContextCount: number } } | null;
  agentTrace: LedgerDirNode | null;
  sessions: LedgerDirNode | null;
}

export interface PullRequestNode {
  id: string;
  number: number;
  title: string;
  url: string;
  /** The description as written (markdown); GitHub gives "" when empty. */
  body?: string | null;
  author: (ActorNode & { databaseId?: number | null }) | null;
  baseRefName: string;
  baseRefOid: string;
  headRefName: string;
  headRefOid: string;
  /** How many files the PR changes, whether or not GitHub lists them all. */
  changedFiles: number;
  baseRef: { target: { oid: string; policy?: PolicyBlobNode | null } | null } | null;
  files: Connection<FileNode> | null;
  commits: Connection<{ commit: CommitNode }>;
  reviews: Connection<ReviewNode> | null;
  /** The latest `BaseRefChangedEvent`, `AutomaticBaseChangeSucceededEvent` or `BaseRefForcePushedEvent` of the timeline. */
  baseChanges?: { nodes: Array<{ __typename: string; createdAt?: string } | null> | null } | null;
  headCommit: { nodes: Array<{ commit: HeadCommitNode } | null> | null };
}

/** The lists of open pull requests a listing's first request gives (queries/open-pulls.ts). */
export interface OpenPullRequestLists {
  openPullRequests?: Connection<OpenPullRequestHeadNode> | null;
  oldestOpenPullRequests?: { nodes: Array<OpenPullRequestHeadNode | null> | null } | null;
}

/** DELETED_BRANCH_QUERY's answer (queries/open-pulls.ts). */
export interface DeletedBranchData {
  repository?:
    | (OpenPullRequestLists & {
        mergedFromBranch?: {
          pageInfo?: { hasNextPage: boolean } | null;
          nodes?: Array<{ baseRefName?: string | null; isCrossRepository?: boolean | null } | null> | null;
        } | null;
      })
    | null;
}

/** An open pull request and its head, as the lists in queries/open-pulls.ts give them. */
export interface OpenPullRequestHeadNode {
  number: number;
  headRefOid: string;
  createdAt: string;
  /** The queries with bases (OPEN_PULL_REQUESTS_WITH_BASES_QUERY, OPEN_PULL_REQUESTS_INTO_BRANCH_WITH_BASES_QUERY) only. */
  baseRefName?: string;
  /** The queries with bases only: the latest automatic base change (GitHub moved the pull request off a deleted branch). */
  automaticBaseChanges?: { nodes: Array<{ oldBase?: string } | null> | null } | null;
}

export interface PullRequestQueryData {
  repository: ({ pullRequest: PullRequestNode | null } & OpenPullRequestLists) | null;
  orgDefaults: {
    repository: {
      defaultBranchRef: {
        name: string;
        target: { oid: string; root?: PolicyBlobNode | null; nested?: PolicyBlobNode | null } | null;
      } | null;
    } | null;
  } | null;
}

export interface PullRequestPageData {
  repository: {
    pullRequest: {
      baseRefOid: string;
      headRefOid: string;
      files?: Connection<FileNode> | null;
      commits?: Connection<{ commit: CommitNode }>;
      reviews?: Connection<ReviewNode> | null;
    } | null;
  } | null;
}

export interface PullRequestCommitsData {
  repository: { pullRequest: { baseRefOid: string; headRefOid: string } | null } | null;
}
