/** The fake GitHub's state: plain records the tests build and the routes read. */

/** A GitHub account. `login` is spelled as REST spells it (`claude[bot]` for a bot). */
export interface FakeActor {
  login: string;
  type: 'User' | 'Bot' | 'Organization';
  /** The account's database id (GraphQL `Bot.databaseId`). */
  id?: number;
}

/** A git identity; `login` is the GitHub user GitHub links it to (users only, as on GitHub). */
export interface FakeIdentity {
  name: string;
  email: string;
  login?: string | null;
}

export interface FakeCommit {
  sha: string;
  message: string;
  author: FakeIdentity;
  committer: FakeIdentity;
  parents: string[];
  authoredDate: string;
  signature: { isValid: boolean; signer: string | null } | null;
}

export type FakeChangeType = 'ADDED' | 'CHANGED' | 'COPIED' | 'DELETED' | 'MODIFIED' | 'RENAMED';

export interface FakeChangedFile {
  path: string;
  changeType: FakeChangeType;
  /** The old path of a RENAMED or COPIED file (REST's `previous_filename`; GraphQL does not have it). */
  previousPath?: string | null;
  additions: number;
  deletions: number;
}

export type FakeReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface FakeReview {
  id: string;
  databaseId: number;
  author: FakeActor | null;
  state: FakeReviewState;
  commitSha: string | null;
  submittedAt: string | null;
  authorCanPush: boolean;
}

export interface FakePullRequest {
  repo: string;
  number: number;
  title: string;
  body?: string;
  author: FakeActor | null;
  draft: boolean;
  labels: string[];
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  base: { ref: string; sha: string };
  /** `repo` is "owner/name" of the head repository: a fork when it differs from the PR's repo. */
  head: { ref: string; sha: string; repo: string };
  files: FakeChangedFile[];
  /** GraphQL answers `files: null` (as GitHub does when it cannot list a diff), while `changedFiles` still counts them. */
  filesUnavailable?: boolean;
  commits: FakeCommit[];
  reviews: FakeReview[];
  /** Base changes under the pull request, oldest first: what `timelineItems` lists of them. */
  baseChanges?: FakeBaseChange[];
  updatedAt: string;
}

/** A `BaseRefChangedEvent` (the base switched to another branch), `AutomaticBaseChangeSucceededEvent` (by GitHub) or `BaseRefForcePushedEvent`. */
export interface FakeBaseChange {
  type: 'BASE_REF_CHANGED_EVENT' | 'AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT' | 'BASE_REF_FORCE_PUSHED_EVENT';
  createdAt: string;
  /** The base branch before the change (an automatic change names it as `oldBase`). */
  oldBase: string;
}

export interface FakeApp {
  slug: string;
  id: number;
}

export type FakeCheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  [key: string]: unknown;
}

export interface FakeCheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: FakeCheckStatus;
  conclusion: string | null;
  app: FakeApp;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: FakeAnnotation[];
  actions: Array<{ label: string; description: string; identifier: string }>;
}

export type FakeStatusState = 'success' | 'failure' | 'error' | 'pending';

export interface FakeStatus {
  id: number;
  repo: string;
  sha: string;
  context: string;
  state: FakeStatusState;
  creator: FakeActor;
  targetUrl: string | null;
  description: string | null;
  createdAt: string;
}

export interface FakeRepository {
  owner: string;
  name: string;
  ownerType: 'Organization' | 'User';
  defaultBranch: string;
  installationId: number;
  /** branch name → commit sha */
  branches: Map<string, string>;
  /** commit sha → (path → text): the files at that commit. */
  trees: Map<string, Map<string, string>>;
  /** commit sha → the paths of `trees` that are symbolic links there (their text is the target's path). */
  symlinks: Map<string, Set<string>>;
  /** Every commit this repository knows (PR commits and branch tips). */
  commits: Map<string, FakeCommit>;
  pulls: Map<number, FakePullRequest>;
  /** Target branch → the merge queue's entries, first to merge first. */
  mergeQueues: Map<string, FakeMergeQueueEntry[]>;
}

/** One pull request in a merge queue: its merge group commit on top of the entry ahead (or the branch). */
export interface FakeMergeQueueEntry {
  number: number;
  /** The merge group commit (`merge_group.head_sha`). */
  headSha: string;
  /** The commit the group was built on (`merge_group.base_sha`). */
  baseSha: string;
}

/** Installation permissions as GitHub names them; a missing key is `none`. */
export type FakePermissions = Partial<
  Record<'checks' | 'contents' | 'pull_requests' | 'statuses' | 'metadata' | 'members' | 'merge_queues', 'read' | 'write' | 'none'>
>;

export const GITHUB_ACTIONS_APP: FakeApp = { slug: 'github-actions', id: 15368 };
