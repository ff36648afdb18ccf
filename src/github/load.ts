import {
  emptySnapshot,
  LEDGER_DIRECTORIES,
  ledgersOfThisChange,
  type CheckRunSnapshot,
  type LedgerKind,
  type LedgerSource,
  type Snapshot,
  type StatusSnapshot,
} from '../snapshot.js';
import { LOAD_LIMITS, planLedgerReads, SYMBOLIC_LINK_NOT_READ, type LedgerCandidate } from '../limits.js';
import type { GitHubClient, PullRequestRef } from './client.js';
import { GitHubError } from './errors.js';
import { fetchBlobText, runQuery } from './graphql.js';
import { hasPreviousPath, mapPullRequestAuthor, mapCheckRun, mapCommit, mapFile, mapReview, mapStatuses } from './map.js';
import { buildLedgerBlobsQuery } from './queries/ledgers.js';
import {
  CHECK_RUNS_PAGE_QUERY,
  CHECK_SUITES_PAGE_QUERY,
  HEAD_COMMIT_QUERY,
  PULL_REQUEST_COMMITS_QUERY,
  PULL_REQUEST_PAGE_QUERY,
  PULL_REQUEST_QUERY,
  STATUS_CONTEXTS_PAGE_QUERY,
} from './queries/pull-request.js';
import type {
  CheckRunNode,
  CheckSuiteNode,
  CommitNode,
  Connection,
  FileNode,
  HeadCommitNode,
  LedgerBlobNode,
  LedgerDirNode,
  OpenPullRequestLists,
  PolicyBlobNode,
  PullRequestCommitsData,
  PullRequestNode,
  PullRequestPageData,
  PullRequestQueryData,
  ReviewNode,
  StatusContextNode,
  StatusRollupNode,
} from './response.js';
import { readPreviousPaths } from './renames.js';
import { distinctContexts, listsEveryStatusContext } from './status-contexts.js';
import { DEFAULT_POLICY_PATH } from '../policy/default.js';
import { findOpenPullRequestsForSha } from './open-pulls.js';

export { findOpenPullRequestsForSha } from './open-pulls.js';
export { resolveTeams, TeamCache } from './teams.js';

/** GitHub lists at most this many files and commits of a pull request. */
export const GITHUB_FILES_LIMIT = 3000;
export const GITHUB_COMMITS_LIMIT = 250;
/** Reviews beyond this many pages are not read: the load fails instead of guessing. */
const MAX_PAGES = 50;

export interface LoadOptions {
  /** The policy file in the repository, e.g. `.github/proofgate.yml`. */
  policyPath: string;
  /** proofgate's own check-run name, to find the run to update. */
  checkName: string;
  /** The App's slug; null in the Action, whose check runs belong to `github-actions`. */
  appSlug: string | null;
  /**
   * The file and commit listings an earlier load of this pull request read:
   * reused, instead of paging again, when GitHub reports the same base and
   * head commits and the same first pages and totals (reviews are always read).
   */
  reuseLists?: PullRequestLists | null;
}

/**
 * A pull request's files (with the previous paths of renamed ones) and
 * commits as one load read them, for one base and head commit (every page
 * checked to be of those commits). What they list follows from those two
 * commits; reviews, checks and the policy do not, and are never reused. The
 * GitHub accounts a commit's emails resolve to can change, but not within the
 * seconds between a probe and the read after its mark, the one reuse.
 */
export interface PullRequestLists {
  baseOid: string;
  headOid: string;
  files: FileNode[];
  commits: CommitNode[];
  previousPaths: ReadonlyMap<string, string>;
}

export interface LoadedPolicy {
  text: string;
  /** The file it came from; for the organisation default, `<owner>/.github/<file>`. */
  path: string;
  /** The commit it was read at. */
  ref: string;
  origin: 'base-branch' | 'organization';
  /**
   * The file's size in bytes as GitHub reports it. A file over
   * LOAD_LIMITS.policyBytes is not fetched in full: `text` is then empty and the
   * gate reports the size as a policy error.
   */
  byteSize?: number;
}

export interface LoadedPullRequest {
  snapshot: Snapshot;
  /** The base branch's policy, else the organisation default, else null. */
  policy: LoadedPolicy | null;
  /**
   * proofgate's existing check run on the head commit, to update instead of
   * duplicating: the newest run with the check name, from the expected app,
   * whose external id is a receipt digest (`sha256:…`). `shown`: no newer run
   * of that name and app (an in-progress mark, a workflow job) hides it, so it
   * is the run GitHub shows and enforces.
   */
  ownCheckRun: { id: number; externalId: string | null; status: string; shown?: boolean } | null;
  /**
   * Whether the organisation's `.github` repository could be read. GitHub
   * answers NOT_FOUND both when it does not exist and when the App is not
   * installed on it (or the token cannot read it); a "no policy" verdict says so.
   */
  organizationRepository: 'readable' | 'not-found';
  /** The listings this load read, for a later load of the same base and head (`reuseLists`). */
  lists: PullRequestLists;
}

const LEDGER_DIRS: Array<{ key: 'agentTrace' | 'sessions'; kind: LedgerKind; dir: string }> = [
  { key: 'agentTrace', kind: 'agent-trace', dir: LEDGER_DIRECTORIES['agent-trace'] },
  { key: 'sessions', kind: 'proofgate-session', dir: LEDGER_DIRECTORIES['proofgate-session'] },
];

/** proofgate always sets a check run's external id to the receipt digest; a workflow job of the same name does not. */
const OWN_EXTERNAL_ID = 'sha256:';

/**
 * Loads a pull request into a Snapshot with one GraphQL request, plus one
 * follow-up request per further 100 files/commits (paged together), one REST
 * request per 100-file page that holds a renamed or copied file (then one
 * small query to check the head did not move meanwhile), and, rarely, for more than 100 check suites or runs or a truncated ledger or
 * policy blob.
 */
export async function loadPullRequest(client: GitHubClient, pr: PullRequestRef, opts: LoadOptions): Promise<LoadedPullRequest> {
  const where = `${pr.owner}/${pr.repo}#${pr.number}`;
  const data = await runQuery<PullRequestQueryData>(
    client,
    PULL_REQUEST_QUERY,
    { owner: pr.owner, repo: pr.repo, number: pr.number, policyPath: opts.policyPath },
    {
      doing: `loading pull request ${where}`,
      notFound: `check the pull request number, and that the token can read ${pr.owner}/${pr.repo}`,
      // The organisation's `.github` repository is optional: only its absence is tolerated.
      // Any other error there (FORBIDDEN, a timeout) must not read as "no policy".
      tolerate: (e) => e.path?.[0] === 'orgDefaults' && e.type === 'NOT_FOUND',
    },
  );
  const node = data.repository?.pullRequest;
  if (!node) {
    throw new GitHubError(`GitHub returned no pull request ${where}: check the number, and that the token can read ${pr.owner}/${pr.repo}.`, {
      kind: 'not-found',
      status: null,
      cause: null,
    });
  }

  const reuse = reusableLists(node, opts.reuseLists ?? null);
  const lists = await readAllPages(client, pr, node, reuse);
  let previousPaths = reuse.files ? reuse.files.previousPaths : null;
  if (previousPaths === null) {
    const renamed = new Map<string, number>();
    lists.files.forEach((f, index) => {
      if (hasPreviousPath(f)) renamed.set(f.path, index);
    });
    previousPaths = new Map<string, string>();
    if (renamed.size > 0) {
      previousPaths = await readPreviousPaths(client, pr, renamed);
      // REST names no commit: the old paths are this head's only if GitHub still reports it.
      await expectSameCommits(client, pr, node, 'its renamed files');
    }
  }
  const head = await readHeadCommit(client, pr, node);
  const suites = await readAllCheckSuites(client, pr, head);

  const ownSlug = opts.appSlug ?? 'github-actions';
  let own: { node: CheckRunNode } | null = null;
  let shown = 0;
  const checkRuns: CheckRunSnapshot[] = [];
  for (const suite of suites) {
    for (const run of suite.runs) {
      const sameName = suite.app?.slug === ownSlug && run.name === opts.checkName;
      if (sameName) shown = Math.max(shown, run.databaseId ?? 0);
      if (sameName && run.externalId?.startsWith(OWN_EXTERNAL_ID)) {
        if (!own || (run.databaseId ?? 0) > (own.node.databaseId ?? 0)) own = { node: run };
        continue;
      }
      // The App's own runs are never evidence (an in-progress mark has no receipt digest yet);
      // in the Action, a workflow job of the same name is another app's check like any other.
      if (sameName && opts.appSlug !== null) continue;
      checkRuns.push(mapCheckRun(run, suite.app));
    }
  }

  const snapshot = emptySnapshot(node.baseRefOid, node.headRefOid);
  snapshot.repository = { owner: pr.owner, name: pr.repo };
  snapshot.pullRequest = {
    number: node.number,
    title: node.title,
    author: mapPullRequestAuthor(node.author),
    body: node.body ?? null,
    url: node.url,
  };
  snapshot.base.ref = node.baseRefName;
  snapshot.head.ref = node.headRefName;
  snapshot.files = lists.files.map((f) => mapFile(f, previousPaths));
  snapshot.commits = lists.commits.map(mapCommit);
  snapshot.truncated = {
    // A null `files` connection or a listing cut short must not read as "fewer files".
    files: Math.max(node.changedFiles ?? 0, node.files?.totalCount ?? 0) > lists.files.length,
    commits: node.commits.totalCount !== undefined && node.commits.totalCount > lists.commits.length,
  };
  snapshot.reviews = lists.reviews.map(mapReview);
  // Left out when the base never changed under the pull request, so most snapshots keep their shape.
  const baseChangedAt = lastBaseChange(node);
  if (baseChangedAt !== null) snapshot.baseChangedAt = baseChangedAt;
  snapshot.checkRuns = checkRuns;
  snapshot.statuses = head ? await readStatuses(client, pr, head) : [];
  snapshot.ledgers = head ? await readLedgers(client, pr, head, ledgersOfThisChange(snapshot)) : [];
  snapshot.sharedHead = await sharedHead(client, pr, node, data.repository);
  // Left out at the default path, which the engine always counts, so most snapshots keep their shape.
  if (opts.policyPath !== DEFAULT_POLICY_PATH) snapshot.policyPath = opts.policyPath;

  const policy = await readPolicy(client, pr, node, data.orgDefaults, opts.policyPath);
  const ownCheckRun =
    own?.node.databaseId != null
      ? { id: own.node.databaseId, externalId: own.node.externalId, status: own.node.status.toLowerCase(), shown: own.node.databaseId >= shown }
      : null;
  const organizationRepository = data.orgDefaults?.repository ? 'readable' : 'not-found';
  const read: PullRequestLists = { baseOid: node.baseRefOid, headOid: node.headRefOid, files: lists.files, commits: lists.commits, previousPaths };
  return { snapshot, policy, ownCheckRun, organizationRepository, lists: read };
}

/** When the base last changed under the pull request (switched or force-pushed), or null. */
function lastBaseChange(node: PullRequestNode): string | null {
  const times = (node.baseChanges?.nodes ?? []).flatMap((event) => (typeof event?.createdAt === 'string' ? [event.createdAt] : []));
  return times.sort().at(-1) ?? null;
}

interface Reusable {
  files: PullRequestLists | null;
  commits: PullRequestLists | null;
}

/**
 * Which earlier listings still hold: same base and head commits, and GitHub's
 * first page and total now are the earlier listing's. Anything else (a moved
 * base, a recomputed diff) reads the pages again.
 */
function reusableLists(node: PullRequestNode, earlier: PullRequestLists | null): Reusable {
  if (!earlier || earlier.baseOid !== node.baseRefOid || earlier.headOid !== node.headRefOid) return { files: null, commits: null };
  const firstFiles = nodesOf(node.files);
  const firstCommits = nodesOf(node.commits).map((c) => c.commit);
  const filesHold =
    node.files?.pageInfo.hasNextPage === true &&
    node.files.totalCount === earlier.files.length &&
    (node.changedFiles ?? 0) === earlier.files.length &&
    firstFiles.every((f, i) => sameFile(f, earlier.files[i]));
  const commitsHold =
    node.commits.pageInfo.hasNextPage === true &&
    node.commits.totalCount === earlier.commits.length &&
    firstCommits.every((c, i) => c.oid === earlier.commits[i]?.oid);
  return { files: filesHold ? earlier : null, commits: commitsHold ? earlier : null };
}

function sameFile(a: FileNode, b: FileNode | undefined): boolean {
  return b !== undefined && a.path === b.path && a.changeType === b.changeType && a.additions === b.additions && a.deletions === b.deletions;
}

/**
 * The other open pull requests whose head is this one's, from the list of
 * every open pull request of the repository with its head. A commit's own
 * `associatedPullRequests` cannot tell: GitHub leaves out the open pull
 * requests whose head is in a fork, and lists none once the commit is on the
 * default branch. A list cut short (more than MAX_OPEN_PULL_PAGES pages)
 * cannot show there is none.
 */
async function sharedHead(
  client: GitHubClient,
  pr: PullRequestRef,
  node: PullRequestNode,
  first: OpenPullRequestLists | null,
): Promise<{ pullRequests: number[]; complete: boolean }> {
  const heads = await findOpenPullRequestsForSha(client, pr.owner, pr.repo, node.headRefOid, first);
  return { pullRequests: heads.pullRequests.map((p) => p.number).filter((n) => n !== node.number), complete: heads.complete };
}

interface Lists {
  files: FileNode[];
  commits: CommitNode[];
  reviews: ReviewNode[];
}

function nodesOf<T>(c: Connection<T> | null | undefined): T[] {
  return (c?.nodes ?? []).filter((n): n is T => n !== null);
}

/** Follows every PR connection that has more than 100 nodes, advancing all of them in each request. */
async function readAllPages(client: GitHubClient, pr: PullRequestRef, node: PullRequestNode, reuse: Reusable): Promise<Lists> {
  const lists: Lists = {
    files: reuse.files ? [...reuse.files.files] : nodesOf(node.files),
    commits: reuse.commits ? [...reuse.commits.commits] : nodesOf(node.commits).map((c) => c.commit),
    reviews: nodesOf(node.reviews),
  };
  const cursor = (c: Connection<unknown> | null | undefined): string | null => (c?.pageInfo.hasNextPage ? c.pageInfo.endCursor : null);
  let files = reuse.files ? null : cursor(node.files);
  let commits = reuse.commits ? null : cursor(node.commits);
  let reviews = cursor(node.reviews);
  for (let page = 1; files || commits || reviews; page++) {
    if (page > MAX_PAGES + 1) {
      throw new GitHubError(
        `${pr.owner}/${pr.repo}#${pr.number} has more than ${MAX_PAGES * 100} reviews; proofgate does not evaluate a pull request it cannot read in full.`,
        { kind: 'invalid', status: null, cause: null },
      );
    }
    // GitHub stops listing at its limits; do not ask past them.
    if (lists.files.length >= GITHUB_FILES_LIMIT) files = null;
    if (lists.commits.length >= GITHUB_COMMITS_LIMIT) commits = null;
    if (!files && !commits && !reviews) break;
    const data = await runQuery<PullRequestPageData>(
      client,
      PULL_REQUEST_PAGE_QUERY,
      {
        owner: pr.owner,
        repo: pr.repo,
        number: pr.number,
        withFiles: files !== null,
        filesCursor: files,
        withCommits: commits !== null,
        commitsCursor: commits,
        withReviews: reviews !== null,
        reviewsCursor: reviews,
      },
      { doing: `loading page ${page + 1} of pull request ${pr.owner}/${pr.repo}#${pr.number}` },
    );
    const next = data.repository?.pullRequest;
    if (!next) throw disappeared(pr);
    // Every page must list the first page's commits: pages of two heads are no head's files.
    checkSameCommits(pr, node, next, `page ${page + 1}`);
    if (files) {
      lists.files.push(...nodesOf(next.files));
      files = cursor(next.files);
    }
    if (commits) {
      lists.commits.push(...nodesOf(next.commits).map((c) => c.commit));
      commits = cursor(next.commits);
    }
    if (reviews) {
      lists.reviews.push(...nodesOf(next.reviews));
      reviews = cursor(next.reviews);
    }
  }
  return lists;
}

/**
 * Fails the load when GitHub now reports another base or head than the first
 * page did (a push while the listing was read): a retryable failure, so the
 * check is not green and the evaluation runs again, on one head.
 */
function checkSameCommits(pr: PullRequestRef, first: PullRequestNode, now: { baseRefOid: string; headRefOid: string }, what: string): void {
  if (now.headRefOid === first.headRefOid && now.baseRefOid === first.baseRefOid) return;
  const moved =
    now.headRefOid !== first.headRefOid
      ? `head ${first.headRefOid.slice(0, 7)} → ${now.headRefOid.slice(0, 7)}`
      : `base ${first.baseRefOid.slice(0, 7)} → ${now.baseRefOid.slice(0, 7)}`;
  throw new GitHubError(`Pull request ${pr.owner}/${pr.repo}#${pr.number} changed while proofgate read ${what} (${moved}); evaluate it again.`, {
    kind: 'server',
    status: null,
    cause: null,
  });
}

function disappeared(pr: PullRequestRef): GitHubError {
  return new GitHubError(`Pull request ${pr.owner}/${pr.repo}#${pr.number} disappeared while loading it.`, { kind: 'not-found', status: null, cause: null });
}

async function expectSameCommits(client: GitHubClient, pr: PullRequestRef, first: PullRequestNode, what: string): Promise<void> {
  const data = await runQuery<PullRequestCommitsData>(
    client,
    PULL_REQUEST_COMMITS_QUERY,
    { owner: pr.owner, repo: pr.repo, number: pr.number },
    { doing: `checking the head of ${pr.owner}/${pr.repo}#${pr.number}` },
  );
  const now = data.repository?.pullRequest;
  if (!now) throw disappeared(pr);
  checkSameCommits(pr, first, now, what);
}

/** The head commit's checks, statuses and ledgers; fetched by SHA when `commits(last: 1)` is not the head. */
async function readHeadCommit(client: GitHubClient, pr: PullRequestRef, node: PullRequestNode): Promise<HeadCommitNode | null> {
  const listed = node.headCommit.nodes?.[0]?.commit ?? null;
  if (listed && listed.oid === node.headRefOid) return listed;
  const data = await runQuery<{ repository: { object: HeadCommitNode | null } | null }>(
    client,
    HEAD_COMMIT_QUERY,
    { owner: pr.owner, repo: pr.repo, oid: node.headRefOid },
    { doing: `loading head commit ${node.headRefOid} of ${pr.owner}/${pr.repo}#${pr.number}` },
  );
  return data.repository?.object?.oid ? data.repository.object : null;
}

interface Suite {
  app: CheckSuiteNode['app'];
  runs: CheckRunNode[];
}

async function readAllCheckSuites(client: GitHubClient, pr: PullRequestRef, head: HeadCommitNode | null): Promise<Suite[]> {
  if (!head) return [];
  const suiteNodes = nodesOf(head.checkSuites);
  let after = head.checkSuites?.pageInfo.hasNextPage ? head.checkSuites.pageInfo.endCursor : null;
  for (let page = 0; after && page < MAX_PAGES; page++) {
    const data = await runQuery<{ repository: { object: { checkSuites: Connection<CheckSuiteNode> | null } | null } | null }>(
      client,
      CHECK_SUITES_PAGE_QUERY,
      { owner: pr.owner, repo: pr.repo, oid: head.oid, cursor: after },
      { doing: `loading check suites of ${head.oid}` },
    );
    const suites = data.repository?.object?.checkSuites;
    suiteNodes.push(...nodesOf(suites));
    after = suites?.pageInfo.hasNextPage ? suites.pageInfo.endCursor : null;
  }
  // A check that was not read could be a failing one: fail instead of evaluating without it.
  if (after) throw tooManyChecks(pr, head.oid, `more than ${(MAX_PAGES + 1) * 100} check suites`);
  const out: Suite[] = [];
  for (const suite of suiteNodes) {
    const runs = nodesOf(suite.checkRuns);
    let cursor = suite.checkRuns?.pageInfo.hasNextPage ? suite.checkRuns.pageInfo.endCursor : null;
    for (let page = 0; cursor && page < MAX_PAGES; page++) {
      const data = await runQuery<{ node: { checkRuns: Connection<CheckRunNode> | null } | null }>(
        client,
        CHECK_RUNS_PAGE_QUERY,
        { suiteId: suite.id, cursor },
        { doing: `loading check runs of ${suite.app?.slug ?? 'a check suite'} on ${head.oid}` },
      );
      runs.push(...nodesOf(data.node?.checkRuns));
      cursor = data.node?.checkRuns?.pageInfo.hasNextPage ? data.node.checkRuns.pageInfo.endCursor : null;
    }
    if (cursor) throw tooManyChecks(pr, head.oid, `more than ${(MAX_PAGES + 1) * 100} check runs in the ${suite.app?.slug ?? 'unnamed'} check suite`);
    out.push({ app: suite.app, runs });
  }
  return out;
}

/**
 * The head commit's statuses, the latest of each context. `Status.contexts`
 * is a plain list GitHub does not page nor document as complete; when it
 * lists fewer contexts than the rollup counts (or the answer left the rollup
 * out), the statuses are read from the
 * rollup's pages instead, and a listing that still falls short fails the load:
 * a status that was not read could be the failing or the required one.
 */
async function readStatuses(client: GitHubClient, pr: PullRequestRef, head: HeadCommitNode): Promise<StatusSnapshot[]> {
  const listed = head.status?.contexts ?? [];
  if (listsEveryStatusContext(listed, head.statusCheckRollup)) return mapStatuses(listed);
  // Statuses are never deleted: the count only grows from one read to the next,
  // and is at least the contexts already listed.
  let counted = Math.max(head.statusCheckRollup?.contexts.statusContextCount ?? 0, distinctContexts(listed));
  const contexts: StatusContextNode[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const data: { repository: { object: { statusCheckRollup: { contexts: StatusRollupPage } | null } | null } | null } = await runQuery(
      client,
      STATUS_CONTEXTS_PAGE_QUERY,
      { owner: pr.owner, repo: pr.repo, oid: head.oid, cursor },
      { doing: `loading the statuses of ${head.oid}` },
    );
    const rollup = data.repository?.object?.statusCheckRollup?.contexts;
    for (const node of rollup?.nodes ?? []) if (node?.__typename === 'StatusContext') contexts.push(node);
    counted = Math.max(counted, rollup?.statusContextCount ?? 0);
    cursor = rollup?.pageInfo.hasNextPage ? rollup.pageInfo.endCursor : null;
  } while (cursor && ++pages <= MAX_PAGES);
  if (cursor) throw tooManyChecks(pr, head.oid, `more than ${(MAX_PAGES + 1) * 100} check runs and statuses`);
  const read = distinctContexts(contexts);
  if (read < counted) throw tooManyChecks(pr, head.oid, `${counted} commit statuses, of which GitHub listed ${read}`);
  return mapStatuses(contexts);
}

type StatusRollupPage = Connection<StatusRollupNode> & { statusContextCount: number };

function tooManyChecks(pr: PullRequestRef, sha: string, what: string): GitHubError {
  return new GitHubError(
    `${pr.owner}/${pr.repo}#${pr.number}: head commit ${sha.slice(0, 7)} has ${what}; proofgate does not evaluate a pull request whose checks it cannot read in full.`,
    { kind: 'invalid', status: null, cause: null },
  );
}

/** A symbolic link's git mode, 0o120000, as GitHub's GraphQL `TreeEntry.mode` gives it. */
const SYMBOLIC_LINK_MODE = 0o120000;

/**
 * The ledger files at head: listed with their sizes by the main query, read
 * within LOAD_LIMITS, the pull request's own (`ofThisChange`) first, with one
 * more request for the blobs admitted (plus one REST request for any blob
 * GitHub's GraphQL text cuts short).
 */
async function readLedgers(client: GitHubClient, pr: PullRequestRef, head: HeadCommitNode, ofThisChange: ReadonlySet<string>): Promise<LedgerSource[]> {
  const candidates: Array<LedgerCandidate & { oid: string }> = [];
  const linked: LedgerSource[] = [];
  for (const { key, kind, dir } of LEDGER_DIRS) {
    const node: LedgerDirNode | null = head[key];
    for (const entry of node?.object?.entries ?? []) {
      if (entry.type !== 'blob' || !entry.name.endsWith('.jsonl')) continue;
      const path = entry.path ?? `${dir}/${entry.name}`;
      // A symbolic link (0o120000) is a blob whose text is its target's path: listed as not read, as every loader lists it.
      if (entry.mode === SYMBOLIC_LINK_MODE) linked.push({ kind, path, commitSha: null, content: '', skipped: SYMBOLIC_LINK_NOT_READ });
      else candidates.push({ kind, dir, path, bytes: entry.size, oid: entry.oid });
    }
  }
  const plan = planLedgerReads(candidates, { first: (c) => ofThisChange.has(c.path) });
  const ledgers: LedgerSource[] = [...plan.skipped, ...linked];
  if (plan.read.length > 0) {
    const variables: Record<string, string> = { owner: pr.owner, repo: pr.repo };
    plan.read.forEach((e, i) => {
      variables[`o${i}`] = e.oid;
    });
    const data = await runQuery<{ repository: Record<string, LedgerBlobNode | null> | null }>(client, buildLedgerBlobsQuery(plan.read.length), variables, {
      doing: `reading ${plan.read.length} ledger file${plan.read.length === 1 ? '' : 's'} of ${pr.owner}/${pr.repo}#${pr.number}`,
    });
    for (const [i, e] of plan.read.entries()) {
      const blob = data.repository?.[`b${i}`] ?? null;
      if (!blob || blob.isBinary) {
        ledgers.push({
          kind: e.kind,
          path: e.path,
          commitSha: null,
          content: '',
          skipped: blob ? 'a binary file; not read' : 'GitHub returned no blob for it; not read',
        });
        continue;
      }
      const content = blob.isTruncated ? await fetchBlobText(client, pr.owner, pr.repo, e.oid, `ledger ${e.path}`) : (blob.text ?? '');
      ledgers.push({ kind: e.kind, path: e.path, commitSha: null, content });
    }
  }
  return ledgers.sort((a, b) => a.path.localeCompare(b.path));
}

interface PolicyText {
  text: string;
  byteSize: number;
}

/** A policy file's text; not fetched past LOAD_LIMITS.policyBytes (the size alone is enough to refuse it). */
async function blobText(client: GitHubClient, owner: string, repo: string, file: PolicyBlobNode | null | undefined, what: string): Promise<PolicyText | null> {
  if (!file?.object) return null;
  const inline = file.object.text ?? '';
  const byteSize = file.object.byteSize ?? Buffer.byteLength(inline, 'utf8');
  if (byteSize > LOAD_LIMITS.policyBytes) return { text: '', byteSize };
  if (file.object.isTruncated && file.object.oid) return { text: await fetchBlobText(client, owner, repo, file.object.oid, what), byteSize };
  return { text: inline, byteSize };
}

/** The policy at the tip of the base branch (never the PR head); else the organisation default. A base branch that no longer exists is an error. */
async function readPolicy(
  client: GitHubClient,
  pr: PullRequestRef,
  node: PullRequestNode,
  org: PullRequestQueryData['orgDefaults'],
  policyPath: string,
): Promise<LoadedPolicy | null> {
  const base = node.baseRef?.target;
  // A base branch deleted under the pull request (GitHub then closes or retargets it): its policy cannot
  // be read, which is not "no policy" (neutral, which a required check accepts) nor the organisation default.
  if (!base) {
    throw new GitHubError(
      `the base branch \`${node.baseRefName}\` of ${pr.owner}/${pr.repo}#${pr.number} no longer exists, so its policy cannot be read; evaluate the pull request again once it has a base branch`,
      { kind: 'invalid', status: null, cause: null },
    );
  }
  const baseText = await blobText(client, pr.owner, pr.repo, base.policy, policyPath);
  if (baseText !== null) return { ...baseText, path: policyPath, ref: base.oid, origin: 'base-branch' };
  const target = org?.repository?.defaultBranchRef?.target;
  if (!target) return null;
  for (const [file, name] of [
    [target.root, 'proofgate.yml'],
    [target.nested, '.github/proofgate.yml'],
  ] as const) {
    const text = await blobText(client, pr.owner, '.github', file, `${pr.owner}/.github/${name}`);
    if (text !== null) return { ...text, path: `${pr.owner}/.github/${name}`, ref: target.oid, origin: 'organization' };
  }
  return null;
}
