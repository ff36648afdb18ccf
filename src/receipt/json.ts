/**
 * The receipt: a versioned, canonical JSON record of one evaluation, with a
 * sha256 digest over everything else in it. The digest shows the receipt is
 * intact; it is unkeyed, so what anchors a receipt to proofgate is where the
 * digest was published: the check run's `external_id`, written by the App.
 */
import type { CommitAttribution, FileClaim, LedgerProblem, SessionSummary } from '../attribution/types.js';
import type { Conclusion, ProofResult, RouteResult, Verdict, Violation } from '../engine/verdict.js';
import type { PolicyError, PolicySource } from '../policy/types.js';
import type { Snapshot } from '../snapshot.js';
import { TOOL_VERSION } from '../version.js';
import { canonicalJson, sha256Tagged } from './canonical.js';

export { canonicalJson, CanonicalJsonError } from './canonical.js';

export const RECEIPT_VERSION = 1;

/** File claims kept in a receipt; a ledger can claim every file of a huge PR. */
export const DEFAULT_MAX_FILE_CLAIMS = 1000;

export interface Receipt {
  receiptVersion: typeof RECEIPT_VERSION;
  tool: { name: 'proofgate'; version: string };
  repository: { owner: string; name: string } | null;
  pullRequest: { number: number; url: string | null } | null;
  base: { ref: string | null; sha: string };
  head: { ref: string | null; sha: string };
  /** What the loader saw; `truncated` means GitHub did not list everything. */
  changes: { files: number; commits: number; truncated: { files: boolean; commits: boolean } };
  /** sha256 over the canonical JSON of the snapshot the verdict was computed from. */
  snapshotDigest: string;
  policy: PolicySource;
  policyErrors: PolicyError[];
  conclusion: Conclusion;
  title: string;
  attribution: {
    commits: CommitAttribution[];
    sessions: SessionSummary[];
    /** The first `DEFAULT_MAX_FILE_CLAIMS` claims; `fileClaimCount` is the full number. */
    fileClaims: FileClaim[];
    fileClaimCount: number;
    problems: LedgerProblem[];
  };
  routes: RouteResult[];
  proofs: ProofResult[];
  violations: Violation[];
  notes: string[];
  evaluatedAt: string;
  /** `sha256:<hex>` over the canonical JSON of every other field. */
  digest: string;
}

export type ReceiptBody = Omit<Receipt, 'digest'>;

export interface ReceiptMeta {
  toolVersion?: string;
  maxFileClaims?: number;
}

const receiptJsonCache = new WeakMap<Receipt, string>();
const verdictJsonCache = new WeakMap<Receipt, string>();

/** The fields a verdict fingerprint leaves out: when it was evaluated, and the digests. */
const NOT_THE_VERDICT = new Set(['evaluatedAt', 'snapshotDigest', 'digest']);

export function buildReceipt(verdict: Verdict, snapshot: Snapshot, meta: ReceiptMeta = {}): Receipt {
  const members = bodyMembers(verdict, snapshot, meta, sha256Tagged(canonicalJson(snapshot)));
  const canonical = objectOf(members);
  const digest = sha256Tagged(canonical);
  // A deep copy through canonical JSON: the receipt shares nothing with the verdict,
  // and anything that cannot be hashed fails here rather than at verification.
  const receipt: Receipt = { ...(JSON.parse(canonical) as ReceiptBody), digest };
  members.set('digest', JSON.stringify(digest));
  receiptJsonCache.set(receipt, objectOf(members));
  verdictJsonCache.set(receipt, objectOf(members, NOT_THE_VERDICT));
  return receipt;
}

/**
 * The canonical JSON of the receipt `buildReceipt(verdict, snapshot, meta)`
 * would give, without its time and digests (what a verdict fingerprint is
 * computed over), without hashing the snapshot: what the App needs to tell
 * whether a check already shows a verdict. Handed to `write` piece by piece,
 * in order: a hash reads the bytes without a joined copy of them.
 */
export function writeVerdictJson(verdict: Verdict, snapshot: Snapshot, write: (piece: string) => void, meta: ReceiptMeta = {}): void {
  writeObject(bodyMembers(verdict, snapshot, meta, null), NOT_THE_VERDICT, write);
}

/** A receipt's canonical JSON without its time and digests (see writeVerdictJson), once per receipt object. */
export function receiptVerdictJson(receipt: Receipt): string {
  let json = verdictJsonCache.get(receipt);
  if (json === undefined) {
    const rest = Object.fromEntries(Object.entries(receipt).filter(([key]) => !NOT_THE_VERDICT.has(key)));
    verdictJsonCache.set(receipt, (json = canonicalJson(rest)));
  }
  return json;
}

/**
 * The receipt body's members as canonical JSON, member by member, so the
 * receipt's own canonical JSON (the body's members plus `digest`, in key
 * order) is assembled rather than serialised again. `snapshotDigest` null
 * leaves that member out.
 */
function bodyMembers(verdict: Verdict, snapshot: Snapshot, meta: ReceiptMeta, snapshotDigest: string | null): Map<string, string> {
  const maxClaims = meta.maxFileClaims ?? DEFAULT_MAX_FILE_CLAIMS;
  const { attribution } = verdict;
  const pr = snapshot.pullRequest;
  const body: Omit<ReceiptBody, 'snapshotDigest'> & { snapshotDigest?: string } = {
    receiptVersion: RECEIPT_VERSION,
    tool: { name: 'proofgate', version: meta.toolVersion ?? TOOL_VERSION },
    repository: snapshot.repository ? { owner: snapshot.repository.owner, name: snapshot.repository.name } : null,
    pullRequest: pr ? { number: pr.number, url: pr.url } : null,
    base: { ref: snapshot.base.ref, sha: snapshot.base.sha },
    head: { ref: snapshot.head.ref, sha: snapshot.head.sha },
    changes: {
      files: snapshot.files.length,
      commits: snapshot.commits.length,
      truncated: { files: snapshot.truncated.files, commits: snapshot.truncated.commits },
    },
    ...(snapshotDigest === null ? {} : { snapshotDigest }),
    policy: verdict.policy,
    policyErrors: verdict.policyErrors,
    conclusion: verdict.conclusion,
    title: verdict.title,
    attribution: {
      commits: attribution.commits,
      sessions: attribution.sessions,
      fileClaims: attribution.fileClaims.slice(0, maxClaims),
      fileClaimCount: attribution.fileClaims.length,
      problems: attribution.problems,
    },
    routes: verdict.routes,
    proofs: verdict.proofs,
    violations: verdict.violations,
    notes: verdict.notes,
    evaluatedAt: verdict.evaluatedAt,
  };
  const members = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    // Member by member, so that the commits' JSON kept by attribution's memo is joined, not written again.
    members.set(key, key === 'attribution' ? objectOf(new Map(Object.entries(body.attribution).map(([k, v]) => [k, canonicalJson(v)]))) : canonicalJson(value));
  }
  return members;
}

/** The canonical JSON object of members already canonical, less the keys in `without`. */
function objectOf(members: ReadonlyMap<string, string>, without: ReadonlySet<string> = new Set()): string {
  const pieces: string[] = [];
  writeObject(members, without, (piece) => pieces.push(piece));
  return pieces.join('');
}

/** objectOf's bytes, piece by piece. */
function writeObject(members: ReadonlyMap<string, string>, without: ReadonlySet<string>, write: (piece: string) => void): void {
  let separator = '{';
  for (const key of [...members.keys()].sort()) {
    if (without.has(key)) continue;
    write(`${separator}${JSON.stringify(key)}:`);
    write(members.get(key)!);
    separator = ',';
  }
  write(separator === '{' ? '{}' : '}');
}

/** A receipt's canonical JSON, computed once per receipt object (renderers need it several times). */
export function receiptJson(receipt: Receipt): string {
  let json = receiptJsonCache.get(receipt);
  if (json === undefined) receiptJsonCache.set(receipt, (json = canonicalJson(receipt)));
  return json;
}

/** The digest of a receipt's body; a `digest` field, if present, is ignored. */
export function computeDigest(body: ReceiptBody | Receipt): string {
  return digestOf(body as unknown as Record<string, unknown>);
}

function digestOf(record: Record<string, unknown>): string {
  const { digest: _ignored, ...rest } = record;
  return sha256Tagged(canonicalJson(rest));
}

export interface ReceiptVerification {
  ok: boolean;
  /** The digest recomputed from the content; empty when it could not be computed. */
  expected: string;
  /** The digest the receipt states; null when missing or not a string. */
  actual: string | null;
  /** Why verification failed; null when ok. */
  reason: string | null;
}

/** Recompute a receipt's digest (from parsed JSON) and compare it with the stated one. */
export function verifyReceipt(receipt: unknown): ReceiptVerification {
  if (typeof receipt !== 'object' || receipt === null || Array.isArray(receipt)) {
    return { ok: false, expected: '', actual: null, reason: 'not a receipt: expected a JSON object' };
  }
  const record = receipt as Record<string, unknown>;
  const actual = typeof record.digest === 'string' ? record.digest : null;
  let expected: string;
  try {
    expected = digestOf(record);
  } catch (err) {
    return { ok: false, expected: '', actual, reason: (err as Error).message };
  }
  if (record.receiptVersion !== RECEIPT_VERSION) {
    return {
      ok: false,
      expected,
      actual,
      reason: `unsupported receiptVersion ${JSON.stringify(record.receiptVersion) ?? 'undefined'}; this proofgate reads version ${RECEIPT_VERSION}`,
    };
  }
  if (actual === null) return { ok: false, expected, actual, reason: 'the receipt has no digest field' };
  if (actual !== expected) {
    return { ok: false, expected, actual, reason: 'digest mismatch: the receipt was changed after it was written' };
  }
  return { ok: true, expected, actual, reason: null };
}
