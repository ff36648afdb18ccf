import type {
  ChangedFile,
  CheckConclusion,
  CheckRunSnapshot,
  CheckStatus,
  CommitSnapshot,
  FileStatus,
  Identity,
  ReviewSnapshot,
  ReviewState,
  StatusSnapshot,
  StatusState,
} from '../snapshot.js';
import type { ActorNode, CheckRunNode, CheckSuiteNode, CommitNode, FileNode, GitActorNode, ReviewNode, StatusContextNode } from './response.js';

/**
 * GitHub's GraphQL spells a bot's login without `[bot]` (`github-actions`),
 * REST and webhooks with it (`github-actions[bot]`). The snapshot uses the
 * REST form so a policy can name a bot the way GitHub shows it everywhere else.
 */
export function mapActor(actor: ActorNode | null): { login: string; isBot: boolean } | null {
  if (!actor) return null;
  const isBot = actor.__typename === 'Bot' || actor.login.endsWith('[bot]');
  const login = isBot && !actor.login.endsWith('[bot]') ? `${actor.login}[bot]` : actor.login;
  return { login, isBot };
}

/** A PR author, with the bot account's database id when GitHub gives it. */
export function mapPullRequestAuthor(actor: (ActorNode & { databaseId?: number | null }) | null): { login: string; isBot: boolean; id: number | null } | null {
  const mapped = mapActor(actor);
  return mapped ? { ...mapped, id: typeof actor?.databaseId === 'number' ? actor.databaseId : null } : null;
}

/**
 * GitHub links a commit identity only to a User account (`GitActor.user`), so
 * `isBot` here is true only for a linked login ending in `[bot]`; an agent's
 * bot e-mail address is a claim attribution reads from `email`.
 */
function mapIdentity(actor: GitActorNode | null): Identity {
  const login = actor?.user?.login ?? null;
  return { name: actor?.name ?? null, email: actor?.email ?? null, login, isBot: login?.endsWith('[bot]') ?? false };
}

/**
 * GitHub's `Commit.authors` lists the git author first, then each
 * Co-authored-by trailer it could resolve; the author is dropped here since
 * the snapshot carries it already.
 */
function mapCoAuthors(c: CommitNode, author: Identity): Identity[] {
  const same = (a: Identity) => a.email?.toLowerCase() === author.email?.toLowerCase() && a.login === author.login && a.name === author.name;
  let authorSkipped = false;
  const out: Identity[] = [];
  for (const node of c.authors?.nodes ?? []) {
    if (!node) continue;
    const identity = mapIdentity(node);
    if (!authorSkipped && same(identity)) {
      authorSkipped = true;
      continue;
    }
    out.push(identity);
  }
  return out;
}

export function mapCommit(c: CommitNode): CommitSnapshot {
  const author = mapIdentity(c.author);
  return {
    sha: c.oid,
    message: c.message,
    author,
    committer: mapIdentity(c.committer),
    authoredAt: c.authoredDate,
    // The PR listing does not say which files each commit changed.
    files: null,
    coAuthors: mapCoAuthors(c, author),
  };
}

const FILE_STATUS: Record<string, FileStatus> = {
  ADDED: 'added',
  MODIFIED: 'modified',
  DELETED: 'removed',
  RENAMED: 'renamed',
  COPIED: 'copied',
  CHANGED: 'changed',
};

/** Whether GitHub reports the file under a new path, so its old path matters to routing. */
export function hasPreviousPath(f: FileNode): boolean {
  return f.changeType === 'RENAMED' || f.changeType === 'COPIED';
}

/**
 * `previousPath` comes from REST (`previous_filename`): GraphQL's changed-file
 * listing does not carry it. It stays null when REST did not name it.
 */
export function mapFile(f: FileNode, previousPaths: ReadonlyMap<string, string>): ChangedFile {
  // A change type GitHub added later may move the file from a path proofgate does not see: it stays unknown, and fails.
  const known = Object.hasOwn(FILE_STATUS, f.changeType);
  return {
    path: f.path,
    status: known ? FILE_STATUS[f.changeType]! : 'unknown',
    ...(known ? {} : { unknownChangeType: f.changeType }),
    previousPath: hasPreviousPath(f) ? (previousPaths.get(f.path) ?? null) : null,
    additions: f.additions,
    deletions: f.deletions,
  };
}

const REVIEW_STATES = new Set<ReviewState>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);

export function mapReview(r: ReviewNode): ReviewSnapshot {
  // An unknown future state may withdraw an approval or request changes: it stays, as UNKNOWN, and blocks.
  const known = REVIEW_STATES.has(r.state as ReviewState);
  return {
    id: r.id,
    author: mapActor(r.author),
    state: known ? (r.state as ReviewState) : 'UNKNOWN',
    ...(known ? {} : { unknownState: r.state }),
    commitSha: r.commit?.oid ?? null,
    submittedAt: r.submittedAt,
    authorCanPush: r.authorCanPushToRepository,
  };
}

const CHECK_STATUSES = new Set<CheckStatus>(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']);
const CONCLUSIONS = new Set<CheckConclusion>([
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
]);

export function mapCheckRun(run: CheckRunNode, app: CheckSuiteNode['app']): CheckRunSnapshot {
  const status = run.status.toLowerCase() as CheckStatus;
  const conclusion = run.conclusion?.toLowerCase() as CheckConclusion | undefined;
  return {
    name: run.name,
    status: CHECK_STATUSES.has(status) ? status : 'pending',
    // An unknown conclusion is reported as failure: it must never read as success.
    conclusion: conclusion ? (CONCLUSIONS.has(conclusion) ? conclusion : 'failure') : null,
    app: app ? { slug: app.slug, id: app.databaseId } : null,
    url: run.detailsUrl,
    completedAt: run.completedAt,
  };
}

const STATUS_STATES = new Set<StatusState>(['success', 'failure', 'error', 'pending', 'expected']);

export function mapStatuses(contexts: readonly StatusContextNode[]): StatusSnapshot[] {
  return contexts.map((s) => {
    const state = s.state.toLowerCase() as StatusState;
    const creator = mapActor(s.creator);
    return {
      context: s.context,
      state: STATUS_STATES.has(state) ? state : 'error',
      creator: creator ? { login: creator.login } : null,
      url: s.targetUrl,
    };
  });
}
