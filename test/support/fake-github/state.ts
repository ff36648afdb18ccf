import type { FakeMergeQueueEntry } from './types.js';
import { createHash } from 'node:crypto';
import {
  GITHUB_ACTIONS_APP,
  type FakeActor,
  type FakeApp,
  type FakeChangedFile,
  type FakeCheckRun,
  type FakeCheckStatus,
  type FakeCommit,
  type FakeIdentity,
  type FakePermissions,
  type FakePullRequest,
  type FakeRepository,
  type FakeReview,
  type FakeStatus,
  type FakeStatusState,
} from './types.js';

const SHA = /^[0-9a-f]{40}$/;

export interface CommitInput {
  sha?: string;
  message: string;
  author?: FakeIdentity;
  committer?: FakeIdentity;
  parents?: string[];
  authoredDate?: string;
  signature?: { isValid: boolean; signer: string | null } | null;
}

export interface PullRequestInput {
  /** "owner/name"; created (as an organisation repository) when missing. */
  repo: string;
  number?: number;
  title?: string;
  body?: string;
  author?: FakeActor | null;
  draft?: boolean;
  labels?: string[];
  base?: { ref?: string; sha?: string };
  /** `repo` set to another "owner/name" makes it a fork PR. */
  head?: { ref?: string; repo?: string };
  commits: CommitInput[];
  files: Array<Partial<FakeChangedFile> & { path: string }>;
}

export interface ReviewInput {
  author: FakeActor | null;
  state?: FakeReview['state'];
  /** Defaults to the PR's current head. */
  commitSha?: string | null;
  submittedAt?: string;
  authorCanPush?: boolean;
}

export interface CheckRunInput {
  headSha: string;
  name: string;
  status?: FakeCheckStatus;
  conclusion?: string | null;
  app?: FakeApp;
  externalId?: string | null;
  detailsUrl?: string | null;
  completedAt?: string | null;
  output?: Partial<FakeCheckRun['output']>;
}

const DEFAULT_PERMISSIONS: FakePermissions = {
  checks: 'write',
  contents: 'read',
  pull_requests: 'read',
  statuses: 'read',
  metadata: 'read',
  members: 'read',
  merge_queues: 'read',
};

const DEFAULT_HUMAN: FakeIdentity = { name: 'Alice Example', email: 'alice@example.com', login: 'alice' };

/** The fake's world: repositories, PRs, check runs, statuses, files and teams. */
export class FakeGitHubState {
  readonly repositories = new Map<string, FakeRepository>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly statuses: FakeStatus[] = [];
  /** org login → team slug → member logins */
  readonly teams = new Map<string, Map<string, string[]>>();
  /** lower-case e-mail → login: the accounts GitHub links commit identities and co-authors to. */
  readonly users = new Map<string, string>();
  /** The GitHub App that installation tokens act as. */
  app: FakeApp = { slug: 'proofgate', id: 1001 };
  /** What installation tokens may do; defaults to everything proofgate's app.yml asks for. */
  permissions: FakePermissions = { ...DEFAULT_PERMISSIONS };
  /** Blob text longer than this (UTF-8 bytes) is truncated in GraphQL, as GitHub does for large blobs. */
  blobTextLimit = Number.POSITIVE_INFINITY;
  /**
   * How many contexts `Status.contexts` (a plain list, not a connection) lists
   * at most. GitHub does not document whether it caps the list; the rollup's
   * `statusContextCount` and paged `contexts` always cover every context.
   */
  statusContextsListLimit = Number.POSITIVE_INFINITY;
  /**
   * Called as each `Repository.pullRequests` connection of a query is read.
   * GitHub reads a query's connections (and a connection's count and its
   * nodes) one after another, not from one snapshot: a test changes the state
   * here to have a pull request opened or reopened between two of them.
   */
  onListPullRequests: (() => void) | null = null;
  private seq = 0;
  private nextCheckRunId = 1000;
  private nextReviewId = 5000;
  private nextInstallationId = 100;

  /** Forgets every repository, PR, check run, status and team; restores default permissions. */
  resetState(): void {
    this.repositories.clear();
    this.checkRuns.length = 0;
    this.statuses.length = 0;
    this.teams.clear();
    this.users.clear();
    this.permissions = { ...DEFAULT_PERMISSIONS };
    this.blobTextLimit = Number.POSITIVE_INFINITY;
    this.statusContextsListLimit = Number.POSITIVE_INFINITY;
    this.onListPullRequests = null;
  }

  /** A deterministic, unique 40-hex SHA. */
  newSha(): string {
    return createHash('sha1').update(`fake-sha-${++this.seq}`).digest('hex');
  }

  now(): string {
    return new Date().toISOString();
  }

  addRepository(fullName: string, opts: { ownerType?: 'Organization' | 'User'; defaultBranch?: string } = {}): FakeRepository {
    const existing = this.repositories.get(fullName);
    if (existing) return existing;
    const [owner, name] = splitRepo(fullName);
    const repo: FakeRepository = {
      owner,
      name,
      ownerType: opts.ownerType ?? 'Organization',
      defaultBranch: opts.defaultBranch ?? 'main',
      installationId: this.nextInstallationId++,
      branches: new Map(),
      trees: new Map(),
      symlinks: new Map(),
      commits: new Map(),
      pulls: new Map(),
      mergeQueues: new Map(),
    };
    this.repositories.set(fullName, repo);
    this.setBranch(fullName, repo.defaultBranch);
    return repo;
  }

  repository(fullName: string): FakeRepository {
    const repo = this.repositories.get(fullName);
    if (!repo) throw new Error(`fake GitHub: no repository ${fullName} (call addRepository first)`);
    return repo;
  }

  /** Points a branch at `sha` (a new commit when omitted); returns the sha. */
  setBranch(fullName: string, branch: string, sha?: string): string {
    const repo = this.repository(fullName);
    const target = sha ?? this.newSha();
    repo.branches.set(branch, target);
    if (!repo.commits.has(target)) {
      repo.commits.set(target, this.commit({ sha: target, message: `Tip of ${branch}` }));
    }
    if (!repo.trees.has(target)) repo.trees.set(target, new Map());
    return target;
  }

  /** Writes (or with `null`, deletes) a file at a branch name or commit SHA. */
  setFile(fullName: string, ref: string, path: string, text: string | null): void {
    const repo = this.addRepository(fullName);
    const sha = repo.branches.get(ref) ?? (SHA.test(ref) ? ref : this.setBranch(fullName, ref));
    let tree = repo.trees.get(sha);
    if (!tree) {
      tree = new Map();
      repo.trees.set(sha, tree);
    }
    if (text === null) tree.delete(path);
    else tree.set(path, text);
  }

  /** Writes a symbolic link (git mode 120000) at a branch name or commit SHA: its blob's text is `target`. */
  setSymlink(fullName: string, ref: string, path: string, target: string): void {
    this.setFile(fullName, ref, path, target);
    const repo = this.repository(fullName);
    const sha = repo.branches.get(ref) ?? ref;
    const links = repo.symlinks.get(sha) ?? new Set<string>();
    links.add(path);
    repo.symlinks.set(sha, links);
  }

  /** Text of a file at a branch or SHA, or null. */
  fileAt(fullName: string, ref: string, path: string): string | null {
    const repo = this.repositories.get(fullName);
    if (!repo) return null;
    const sha = repo.branches.get(ref) ?? ref;
    return repo.trees.get(sha)?.get(path) ?? null;
  }

  /** A GitHub user with a verified e-mail address: commits and Co-authored-by trailers naming it link to `login`. */
  addUser(login: string, email: string): void {
    this.users.set(email.toLowerCase(), login);
  }

  /** The login GitHub links an e-mail address to, or null. */
  userByEmail(email: string | null | undefined): string | null {
    return email ? (this.users.get(email.toLowerCase()) ?? null) : null;
  }

  setTeam(org: string, slug: string, members: string[]): void {
    let teams = this.teams.get(org);
    if (!teams) {
      teams = new Map();
      this.teams.set(org, teams);
    }
    teams.set(slug, members);
  }

  addPullRequest(input: PullRequestInput): FakePullRequest {
    const repo = this.addRepository(input.repo);
    if (input.commits.length === 0) throw new Error('fake GitHub: a pull request needs at least one commit');
    const number = input.number ?? nextPullNumber(repo);
    const baseRef = input.base?.ref ?? repo.defaultBranch;
    const baseSha = input.base?.sha ?? repo.branches.get(baseRef) ?? this.setBranch(input.repo, baseRef);
    const commits = this.chain(input.commits, baseSha);
    const headSha = commits[commits.length - 1]!.sha;
    for (const c of commits) repo.commits.set(c.sha, c);
    if (!repo.trees.has(headSha)) repo.trees.set(headSha, new Map());
    const pr: FakePullRequest = {
      repo: input.repo,
      number,
      title: input.title ?? `Pull request #${number}`,
      body: input.body ?? '',
      author: input.author === undefined ? { login: 'alice', type: 'User' } : input.author,
      draft: input.draft ?? false,
      labels: input.labels ?? [],
      state: 'OPEN',
      base: { ref: baseRef, sha: baseSha },
      head: { ref: input.head?.ref ?? `feature-${number}`, sha: headSha, repo: input.head?.repo ?? input.repo },
      files: input.files.map((f) => ({ changeType: 'MODIFIED', additions: 1, deletions: 0, ...f })),
      commits,
      reviews: [],
      updatedAt: this.now(),
    };
    repo.pulls.set(number, pr);
    return pr;
  }

  pullRequest(fullName: string, number: number): FakePullRequest {
    const pr = this.repository(fullName).pulls.get(number);
    if (!pr) throw new Error(`fake GitHub: no pull request ${fullName}#${number}`);
    return pr;
  }

  /** A push to the PR branch (`synchronize`): appends commits; the last one is the new head. */
  pushCommits(fullName: string, number: number, commits: CommitInput[], files?: PullRequestInput['files']): string {
    const pr = this.pullRequest(fullName, number);
    const repo = this.repository(fullName);
    const added = this.chain(commits, pr.head.sha);
    for (const c of added) repo.commits.set(c.sha, c);
    pr.commits.push(...added);
    pr.head.sha = added[added.length - 1]!.sha;
    if (!repo.trees.has(pr.head.sha)) repo.trees.set(pr.head.sha, new Map());
    if (files) pr.files = files.map((f) => ({ changeType: 'MODIFIED', additions: 1, deletions: 0, ...f }));
    pr.updatedAt = this.now();
    return pr.head.sha;
  }

  /**
   * Adds pull requests to the merge queue of their base branch, as GitHub
   * does: each gets a merge group commit built on the entry ahead of it (the
   * first on the branch's tip); returns the entries added.
   */
  enqueue(fullName: string, numbers: number[]): FakeMergeQueueEntry[] {
    const repo = this.repository(fullName);
    const added: FakeMergeQueueEntry[] = [];
    for (const number of numbers) {
      const pr = this.pullRequest(fullName, number);
      const queue = repo.mergeQueues.get(pr.base.ref) ?? [];
      repo.mergeQueues.set(pr.base.ref, queue);
      const baseSha = queue.at(-1)?.headSha ?? repo.branches.get(pr.base.ref) ?? this.setBranch(fullName, pr.base.ref);
      const group = this.commit({ message: `Merge pull request #${number} from ${pr.head.ref}\n\n${pr.title}`, parents: [baseSha, pr.head.sha] });
      repo.commits.set(group.sha, group);
      repo.trees.set(group.sha, new Map(repo.trees.get(baseSha) ?? []));
      const entry = { number, headSha: group.sha, baseSha };
      queue.push(entry);
      added.push(entry);
    }
    return added;
  }

  /**
   * The pull request's base switched to another branch (`edited` with `changes.base`), or, with
   * `forcePushed`, its base branch force-pushed; `automatic`: GitHub retargeted it (its old base was
   * merged and deleted). The head stays, the timeline records the event.
   */
  changeBase(
    fullName: string,
    number: number,
    base: { ref: string; sha: string },
    opts: { forcePushed?: boolean; automatic?: boolean; at?: string } = {},
  ): void {
    const pr = this.pullRequest(fullName, number);
    const oldBase = pr.base.ref;
    pr.base = { ref: base.ref, sha: base.sha };
    const createdAt = opts.at ?? this.now();
    const type = opts.forcePushed ? 'BASE_REF_FORCE_PUSHED_EVENT' : opts.automatic ? 'AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT' : 'BASE_REF_CHANGED_EVENT';
    (pr.baseChanges ??= []).push({ type, createdAt, oldBase });
    pr.updatedAt = createdAt;
  }

  addReview(fullName: string, number: number, input: ReviewInput): FakeReview {
    const pr = this.pullRequest(fullName, number);
    const databaseId = this.nextReviewId++;
    const review: FakeReview = {
      id: Buffer.from(`PullRequestReview:${databaseId}`).toString('base64'),
      databaseId,
      author: input.author,
      state: input.state ?? 'APPROVED',
      commitSha: input.commitSha === undefined ? pr.head.sha : input.commitSha,
      submittedAt: input.submittedAt ?? this.now(),
      authorCanPush: input.authorCanPush ?? true,
    };
    pr.reviews.push(review);
    pr.updatedAt = this.now();
    return review;
  }

  /** Creates a check run (another run of the same name is a re-run; GraphQL's LATEST shows the newest). */
  setCheckRun(fullName: string, input: CheckRunInput): FakeCheckRun {
    this.repository(fullName);
    const completed = input.conclusion != null;
    const run: FakeCheckRun = {
      id: this.nextCheckRunId++,
      repo: fullName,
      headSha: input.headSha,
      name: input.name,
      status: input.status ?? (completed ? 'completed' : 'queued'),
      conclusion: input.conclusion ?? null,
      app: input.app ?? GITHUB_ACTIONS_APP,
      externalId: input.externalId ?? null,
      detailsUrl: input.detailsUrl ?? null,
      startedAt: this.now(),
      completedAt: input.completedAt ?? (completed ? this.now() : null),
      output: { title: null, summary: null, text: null, ...input.output },
      annotations: [],
      actions: [],
    };
    this.checkRuns.push(run);
    return run;
  }

  checkRunsFor(fullName: string, sha?: string): FakeCheckRun[] {
    return this.checkRuns.filter((r) => r.repo === fullName && (sha === undefined || r.headSha === sha));
  }

  addStatus(
    fullName: string,
    sha: string,
    input: {
      context: string;
      state: FakeStatusState;
      creator?: FakeActor;
      targetUrl?: string | null;
      description?: string | null;
    },
  ): FakeStatus {
    const status: FakeStatus = {
      id: this.statuses.length + 1,
      repo: fullName,
      sha,
      context: input.context,
      state: input.state,
      creator: input.creator ?? { login: 'github-actions[bot]', type: 'Bot' },
      targetUrl: input.targetUrl ?? null,
      description: input.description ?? null,
      createdAt: this.now(),
    };
    this.statuses.push(status);
    return status;
  }

  /** Latest status per context on a commit, as GitHub's combined status shows them. */
  statusesFor(fullName: string, sha: string): FakeStatus[] {
    const latest = new Map<string, FakeStatus>();
    for (const s of this.statuses) if (s.repo === fullName && s.sha === sha) latest.set(s.context, s);
    return [...latest.values()];
  }

  private commit(input: CommitInput): FakeCommit {
    return {
      sha: input.sha ?? this.newSha(),
      message: input.message,
      author: input.author ?? DEFAULT_HUMAN,
      committer: input.committer ?? input.author ?? DEFAULT_HUMAN,
      parents: input.parents ?? [],
      authoredDate: input.authoredDate ?? this.now(),
      signature: input.signature ?? null,
    };
  }

  /** Commits that form a line on top of `parent`, unless parents are given. */
  private chain(inputs: CommitInput[], parent: string): FakeCommit[] {
    const out: FakeCommit[] = [];
    let previous = parent;
    for (const input of inputs) {
      const c = this.commit({ parents: [previous], ...input });
      out.push(c);
      previous = c.sha;
    }
    return out;
  }
}

export function splitRepo(fullName: string): [string, string] {
  const [owner, name, ...rest] = fullName.split('/');
  if (!owner || !name || rest.length) throw new Error(`fake GitHub: expected "owner/name", got "${fullName}"`);
  return [owner, name];
}

function nextPullNumber(repo: FakeRepository): number {
  return Math.max(0, ...repo.pulls.keys()) + 1;
}
