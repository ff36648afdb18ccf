/**
 * The one set of load limits for the App, the Action and the CLI: how much of
 * a policy file and of the ledger files at a pull request's head proofgate
 * reads. The same pull request gets the same verdict in every shell only if
 * every shell stops at the same place.
 *
 * Ledger files are the PR author's to write (how many, how large): a loader
 * lists their names and sizes first and reads only what these limits admit.
 * A ledger that is not read is recorded with the reason, and attribution
 * reports it as a ledger problem (an unread session ledger of the change
 * fails a policy that relies on budgets or ledger proofs).
 *
 * The ledgers of the change (the files it adds or changes) are admitted before
 * the ones earlier changes left in the tree: a repository keeps every merged
 * change's ledgers, and in path order a long-lived one would spend the limits
 * on them and leave the change's own unread.
 */
import type { LedgerKind, LedgerSource } from './snapshot.js';
import { formatBytes } from './text.js';

export const LOAD_LIMITS = {
  /** Bytes of the policy file; a larger one is a policy error, not parsed. */
  policyBytes: 256 * 1024,
  /** Bytes of one ledger file. */
  ledgerFileBytes: 1024 * 1024,
  /** Ledger files read per pull request, across all ledger directories. */
  ledgerFiles: 50,
  /** Bytes across all ledger files read. */
  ledgerTotalBytes: 5 * 1024 * 1024,
} as const;

/** A ledger file as listed before it is read: where it is and how large. */
export interface LedgerCandidate {
  kind: LedgerKind;
  /** The directory it was listed in; files over the count limit are reported once per directory. */
  dir: string;
  path: string;
  bytes: number;
}

/** What the limits admitted so far (a shell that reads ledgers from two places plans them in turn). */
export interface LedgerBudget {
  files: number;
  bytes: number;
}

export interface LedgerPlan<C extends LedgerCandidate> {
  /** The files to read, in path order. */
  read: C[];
  /** Ledgers that are not read, with why (content empty): files in path order, then one entry per directory over the count limit. */
  skipped: LedgerSource[];
  /** The budget used, including `read`. */
  used: LedgerBudget;
}

export interface LedgerPlanOptions<C extends LedgerCandidate> {
  /** What the limits admitted before (a shell that reads ledgers from two places plans them in turn). */
  used?: LedgerBudget;
  /**
   * The change's own ledgers: admitted before every other candidate. Which
   * files a change touches is its author's to choose, so this decides only the
   * order; the limits hold for all candidates together.
   */
  first?: (candidate: C) => boolean;
}

/**
 * Which listed ledger files to read: the `first` ones in path order, then the
 * rest in path order; each at most `ledgerFileBytes`, at most `ledgerFiles` of
 * them, together at most `ledgerTotalBytes`. Files past the count limit are
 * reported as one entry per directory, since their number is the PR author's
 * to inflate.
 */
export function planLedgerReads<C extends LedgerCandidate>(candidates: readonly C[], options: LedgerPlanOptions<C> = {}): LedgerPlan<C> {
  const first = options.first ?? (() => false);
  const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
  const ordered = [...candidates.filter((c) => first(c)).sort(byPath), ...candidates.filter((c) => !first(c)).sort(byPath)];
  const read: C[] = [];
  const skipped: LedgerSource[] = [];
  const skip = (e: { kind: LedgerKind; path: string }, why: string): void => {
    skipped.push({ kind: e.kind, path: e.path, commitSha: null, content: '', skipped: why });
  };
  let { files, bytes } = options.used ?? { files: 0, bytes: 0 };
  const overCount = new Map<string, { kind: LedgerKind; count: number }>();
  for (const e of ordered) {
    const oversized = ledgerSizeProblem(e.bytes);
    if (oversized !== null) {
      skip(e, oversized);
      continue;
    }
    if (files >= LOAD_LIMITS.ledgerFiles) {
      const over = overCount.get(e.dir) ?? { kind: e.kind, count: 0 };
      over.count++;
      overCount.set(e.dir, over);
      continue;
    }
    if (bytes + e.bytes > LOAD_LIMITS.ledgerTotalBytes) {
      skip(e, `${formatBytes(e.bytes)}; with it the ledger files would total over the ${formatBytes(LOAD_LIMITS.ledgerTotalBytes)} limit; not read`);
      continue;
    }
    files++;
    bytes += e.bytes;
    read.push(e);
  }
  skipped.sort(byPath);
  for (const [dir, { kind, count }] of [...overCount].sort(([a], [b]) => a.localeCompare(b))) skipped.push(pastCountEntry(kind, dir, count));
  return { read: read.sort(byPath), skipped, used: { files, bytes } };
}

const PAST_COUNT = new RegExp(`^(\\d+) more ledger files? past the limit of ${LOAD_LIMITS.ledgerFiles} ledger files; not read$`);

function pastCountEntry(kind: LedgerKind, dir: string, count: number): LedgerSource {
  const why = `${count} more ledger ${count === 1 ? 'file' : 'files'} past the limit of ${LOAD_LIMITS.ledgerFiles} ledger files; not read`;
  return { kind, path: dir, commitSha: null, content: '', skipped: why };
}

/**
 * One entry per directory for the files past the count limit, where two plans
 * (the head's, then the head's with the Action's input files) each left some
 * of its files out: the receipt says how many in all, once.
 */
export function mergePastCount(ledgers: readonly LedgerSource[]): LedgerSource[] {
  const out: LedgerSource[] = [];
  const at = new Map<string, number>();
  for (const ledger of ledgers) {
    const count = ledger.origin === undefined && ledger.skipped !== undefined ? PAST_COUNT.exec(ledger.skipped)?.[1] : undefined;
    const key = `${ledger.kind}\u0000${ledger.path}`;
    const earlier = count === undefined ? undefined : at.get(key);
    if (count === undefined) {
      out.push(ledger);
    } else if (earlier === undefined) {
      at.set(key, out.length);
      out.push(ledger);
    } else {
      const before = Number(PAST_COUNT.exec(out[earlier]!.skipped!)![1]);
      out[earlier] = pastCountEntry(ledger.kind, ledger.path, before + Number(count));
    }
  }
  return out;
}

/**
 * Why a ledger of this size is not read, or null when it is within
 * `ledgerFileBytes`. Git AI notes are held to it too: a note is the pull
 * request author's to write, as large as they like.
 */
export function ledgerSizeProblem(bytes: number): string | null {
  return bytes > LOAD_LIMITS.ledgerFileBytes ? `${formatBytes(bytes)}, over the ${formatBytes(LOAD_LIMITS.ledgerFileBytes)} limit; not read` : null;
}

/**
 * Why a ledger path that is a symbolic link (git mode 120000) is not read: git
 * would give the link's target path as its text, and following it would read
 * another file (or none) under a ledger's name.
 */
export const SYMBOLIC_LINK_NOT_READ = 'a symbolic link; not read';

/** The policy-size message every shell shows, or null when the size is within the limit. */
export function policySizeProblem(bytes: number): string | null {
  return bytes > LOAD_LIMITS.policyBytes ? `policy file is ${formatBytes(bytes)}; the limit is ${formatBytes(LOAD_LIMITS.policyBytes)}` : null;
}
