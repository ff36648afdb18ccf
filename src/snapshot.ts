/**
 * The Snapshot: everything the engine reads about one pull request (or one local
 * git range), besides the policy. Every loader (GitHub, local git, fixtures)
 * produces it; it is plain JSON so a receipt can be reproduced from it.
 *
 * Everything that comes from the PR head (commit messages, ledgers, file
 * contents) is a claim by the party being gated; the engine treats it as such.
 */

export const SNAPSHOT_VERSION = 1;

/** A git identity as seen on a commit, enriched with GitHub's view when known. */
export interface Identity {
  name: string | null;
  email: string | null;
  /** GitHub login of the linked account, when GitHub resolved one. */
  login: string | null;
  /** GitHub says this account is a bot (an App's `[bot]` user). */
  isBot: boolean;
}

export interface CommitSnapshot {
  sha: string;
  message: string;
  author: Identity;
  committer: Identity;
  /**
   * Parent commits, where the loader read them (local git). No rule reads them;
   * the GitHub loaders leave them out (they cost a GraphQL connection per commit).
   */
  parents?: string[];
  /** ISO 8601; when the commit was authored. */
  authoredAt: string | null;
  /**
   * Paths this commit changed, when the loader knows them (local git does,
   * GitHub's PR listing does not). `null` means unknown: the engine then
   * assumes the commit may have touched every file in the PR (fail closed).
   */
  files: string[] | null;
  /** Signature verification, when a loader reports it. No rule reads it; the GitHub loaders leave it out. */
  signature?: { verified: boolean; signer: string | null } | null;
  /**
   * Co-authors GitHub resolved from the message's trailers (GraphQL
   * `Commit.authors`), with their logins. Optional: local git cannot resolve logins.
   */
  coAuthors?: Identity[];
}

/** `unknown`: a change type GitHub added after this code; the gate does not pass it. */
export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unknown';

export interface ChangedFile {
  path: string;
  status: FileStatus;
  /** The old path of a rename or copy. */
  previousPath: string | null;
  /** GitHub's own spelling of an `unknown` change type, for the receipt. */
  unknownChangeType?: string;
  additions: number;
  deletions: number;
}

/** `UNKNOWN`: a state GitHub added after this code; the review proof treats it as blocking. */
export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING' | 'UNKNOWN';

export interface ReviewSnapshot {
  id: string;
  /** null when the account was deleted ("ghost"). */
  author: { login: string; isBot: boolean } | null;
  state: ReviewState;
  /** GitHub's own spelling of an `UNKNOWN` state, for the receipt. */
  unknownState?: string;
  /** The commit the review was made on; a review on an older commit is stale. */
  commitSha: string | null;
  submittedAt: string | null;
  /** GitHub's `authorCanPushToRepository`: the reviewer has write access. */
  authorCanPush: boolean;
}

/** Lower-case check-run conclusions as GitHub's REST API spells them. */
export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale' | 'startup_failure';

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';

export interface CheckRunSnapshot {
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  /** The GitHub App that produced the run; null when unknown. */
  app: { slug: string; id: number | null } | null;
  url: string | null;
  completedAt: string | null;
}

export type StatusState = 'success' | 'failure' | 'error' | 'pending' | 'expected';

export interface StatusSnapshot {
  context: string;
  state: StatusState;
  /** The account that created the status; null when unknown. */
  creator: { login: string } | null;
  url: string | null;
}

export type LedgerKind = 'git-ai-note' | 'agent-trace' | 'proofgate-session';

/** Where ledger files live at the head: `.jsonl` files directly in these directories. */
export const LEDGER_DIRECTORIES = {
  'agent-trace': '.agent-trace',
  'proofgate-session': '.proofgate/sessions',
} as const satisfies Record<Exclude<LedgerKind, 'git-ai-note'>, string>;

/**
 * A raw ledger artifact. Loaders only fetch; parsing happens in the engine's
 * attribution step so a malformed ledger is reported in the receipt.
 */
export interface LedgerSource {
  kind: LedgerKind;
  /** Where it came from: a path at head, or `refs/notes/ai` for a note. */
  path: string;
  /** The commit a git note is attached to; null for files at head. */
  commitSha: string | null;
  content: string;
  /**
   * `job`: a file an earlier step of the Action's job wrote (input `ledger`),
   * not one of the head commit. Absent: a file of the head commit, or a note.
   */
  origin?: 'job';
  /**
   * Set when the loader did not read the ledger (over a size or count limit):
   * why, e.g. `120 MiB, over the 1 MiB limit; not read`. `content` is then
   * empty and attribution reports this as a ledger problem.
   */
  skipped?: string;
}

export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  repository: { owner: string; name: string } | null;
  pullRequest: {
    number: number;
    title: string;
    /**
     * The PR's author; `id` is the account's database id when the loader knows
     * it (GitHub's GraphQL gives it for bots), so an agent's bot account is
     * recognised even if renamed.
     */
    author: { login: string; isBot: boolean; id?: number | null } | null;
    /**
     * The PR description, a claim by the party being gated: attribution reads
     * agent footers and session links from it for commits that carry no
     * evidence of their own, and only ever to add restrictions. Optional:
     * older snapshots and loaders without it.
     */
    body?: string | null;
    /** Where a loader reports them; no rule reads labels or the draft state, and the GitHub loaders leave them out. */
    labels?: string[];
    draft?: boolean;
    url: string | null;
  } | null;
  base: { ref: string | null; sha: string };
  head: { ref: string | null; sha: string };
  files: ChangedFile[];
  commits: CommitSnapshot[];
  /**
   * The loader could not list everything (GitHub stops at 3,000 files and 250
   * commits). The engine fails closed when set.
   */
  truncated: { files: boolean; commits: boolean };
  reviews: ReviewSnapshot[];
  checkRuns: CheckRunSnapshot[];
  statuses: StatusSnapshot[];
  ledgers: LedgerSource[];
  /** Resolved team memberships: "org/team-slug" → member logins. */
  teams: Record<string, string[]>;
  /**
   * Teams whose members the token could not read: "org/team-slug" → what to
   * do about it, in the words of the shell that loaded the snapshot (the App
   * and the Action need different access). A review proof that depends on one
   * of them is pending, with that next step.
   */
  unreadableTeams?: Record<string, string>;
  /**
   * The other open pull requests of this repository whose head is this head
   * commit. GitHub shows one check of a name per commit, so their verdicts and
   * this one's land on the same check; the engine fails while any exists, or
   * while the loader could not list them all (`complete` false). Absent where
   * no pull request is involved (the CLI, older snapshots).
   */
  sharedHead?: { pullRequests: number[]; complete: boolean };
  /**
   * Where the repository's own policy file goes when the shell reads it from
   * another path than `.github/proofgate.yml` (the App's PROOFGATE_POLICY_PATH,
   * the Action's \`policy\` input). A change to it is a policy change even while
   * another policy is in force (the organisation default), which would
   * otherwise judge as an ordinary file the one that replaces it. Absent: the
   * default path.
   */
  policyPath?: string;
  /**
   * When the pull request's base last changed under it without a push to its
   * head, as GitHub's timeline records it: the base switched to another branch
   * (by hand, or by GitHub when the old base was merged and deleted) or
   * force-pushed. The head may be the same commit, but the change is another
   * diff: an approval given before then did not see it. Absent when the base
   * never changed so (and where no pull request is involved: the CLI).
   */
  baseChangedAt?: string;
  /**
   * Proof outcomes asserted by the person running the CLI (`--proof NAME=pass`).
   * Never set by the App or the Action.
   */
  asserted: Record<string, 'pass' | 'fail'>;
}

/** An empty snapshot to build on (tests, loaders). */
export function emptySnapshot(base: string, head: string): Snapshot {
  return {
    version: SNAPSHOT_VERSION,
    repository: null,
    pullRequest: null,
    base: { ref: null, sha: base },
    head: { ref: null, sha: head },
    files: [],
    commits: [],
    truncated: { files: false, commits: false },
    reviews: [],
    checkRuns: [],
    statuses: [],
    ledgers: [],
    teams: {},
    asserted: {},
  };
}

/**
 * The session ledgers that speak for this pull request: the ones it adds or
 * changes, and those an earlier step of the Action's job wrote. A ledger an
 * earlier change left in the tree records that change's session, not this one's.
 */
export function ledgersOfThisChange(snapshot: Snapshot): Set<string> {
  const paths = new Set(snapshot.files.filter((f) => f.status !== 'removed').map((f) => f.path));
  for (const ledger of snapshot.ledgers) if (ledger.origin === 'job') paths.add(ledger.path);
  return paths;
}
