/**
 * Attribution: which agent and model wrote each commit, from the commit's own
 * evidence (identities, trailers, footers) and from ledgers (Git AI notes,
 * Agent Trace, proofgate session ledgers).
 */
import { BoundedCache } from '../bounded-cache.js';
import { formatCount } from '../text.js';
import { freezeWithJsonSlot } from '../kept-json.js';
import type { CommitSnapshot, Identity, LedgerSource, Snapshot } from '../snapshot.js';
import { agentById } from './agents.js';
import { agentModelTrailerEvidence, footerEvidence, identityEvidence, messageLineEvidence, pullRequestAuthorEvidence, trailerEvidence } from './evidence.js';
import { readAgentTrace } from './ledgers/agent-trace.js';
import { emptyReading, shaMatches, type LedgerReading } from './ledgers/common.js';
import { readGitAiNote } from './ledgers/git-ai.js';
import { readSessionLedger } from './ledgers/session.js';
import { pricingFrom, type Pricing, type PriceTable } from './pricing.js';
import { parseTrailers, type Trailer } from './trailers.js';
import type { AttributionEvidence, AttributionResult, CommitAttribution, EvidenceStrength, LedgerProblem } from './types.js';

export interface CommitInput {
  message: string;
  author: Identity;
  committer: Identity;
}

export interface CommitAttributionDetail {
  agent: string | null;
  model: string | null;
  models: string[];
  evidence: AttributionEvidence[];
  trailers: Trailer[];
}

export interface AttributeSettings {
  /** What a commit with no AI evidence is: written by a human, or by an unnamed agent. */
  unattributed: 'human' | 'unknown-agent';
  /** The policy's `pricing:`, used before the shipped price table. */
  pricing?: PriceTable;
}

const RANK: Record<EvidenceStrength, number> = { strong: 3, medium: 2, weak: 1 };

/** Strongest first; equal strengths keep the order they were found in. The list itself when it is in that order already (the usual case). */
function byStrength(evidence: readonly AttributionEvidence[]): readonly AttributionEvidence[] {
  for (let i = 1; i < evidence.length; i++) {
    if (RANK[evidence[i]!.strength] > RANK[evidence[i - 1]!.strength]) return [...evidence].sort((a, b) => RANK[b.strength] - RANK[a.strength]);
  }
  return evidence;
}

const sameEvidence = (a: AttributionEvidence, b: AttributionEvidence) =>
  a.source === b.source && a.detail === b.detail && a.agent === b.agent && a.model === b.model;

function dedupe(evidence: AttributionEvidence[]): AttributionEvidence[] {
  // A commit has a handful: compared pairwise, no key built for each.
  if (evidence.length <= 16) {
    const kept: AttributionEvidence[] = [];
    for (const e of evidence) if (!kept.some((k) => sameEvidence(k, e))) kept.push(e);
    return kept;
  }
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = JSON.stringify([e.source, e.detail, e.agent, e.model]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const isNamed = (e: AttributionEvidence) => e.agent !== null && e.agent !== 'unknown';
const isReviewBot = (e: AttributionEvidence) => agentById(e.agent ?? '')?.reviewBot === true;

/**
 * Agent and model from evidence: the strongest named agent wins; a harness beats the agent it drives.
 * Every commit is decided, so the lists are walked rather than filtered and sorted into new ones.
 */
export function decide(evidence: readonly AttributionEvidence[]): { agent: string | null; model: string | null; models: string[] } {
  const models: string[] = [];
  for (const e of evidence) if (e.model !== null && !models.includes(e.model)) models.push(e.model);
  const ranked = byStrength(evidence);
  // The strongest named agent; at equal strength a coding agent beats a review bot: a squash merge
  // of an agent's work that also took one review suggestion is the agent's.
  let first: AttributionEvidence | undefined;
  for (const e of ranked) {
    if (!isNamed(e)) continue;
    if (first === undefined) first = e;
    else if (RANK[e.strength] < RANK[first.strength]) break;
    if (!isReviewBot(e)) {
      first = e;
      break;
    }
  }
  let agent: string | null = first?.agent ?? (ranked.some((e) => e.agent === 'unknown' || e.model) ? 'unknown' : null);
  if (agent && agent !== 'unknown') {
    const chosen = agent;
    // The first harness, in the order above, that drives the chosen agent.
    const wrapper = namedInOrder(ranked).find((e) => agentById(e.agent as string)?.wraps?.includes(chosen));
    if (wrapper?.agent) agent = wrapper.agent;
  }
  const wrapped = (agent && agentById(agent)?.wraps) ?? [];
  const model = ranked.find((e) => e.model && (e.agent === agent || e.agent === null || e.agent === 'unknown' || wrapped.includes(e.agent)))?.model ?? null;
  return { agent, model, models };
}

/** The named agents' evidence, strongest first and, at equal strength, coding agents before review bots (stable). */
function namedInOrder(ranked: readonly AttributionEvidence[]): AttributionEvidence[] {
  // Most evidence names no harness: nothing to order then.
  if (!ranked.some((e) => isNamed(e) && agentById(e.agent as string)?.wraps)) return [];
  return ranked.filter(isNamed).sort((a, b) => RANK[b.strength] - RANK[a.strength] || Number(isReviewBot(a)) - Number(isReviewBot(b)));
}

/** Attribute one commit from its message and identities alone. */
export function attributeCommit(input: CommitInput): CommitAttributionDetail {
  return attributeCommitWith(input, identityEvidence);
}

function attributeCommitWith(input: CommitInput, identityOf: typeof identityEvidence): CommitAttributionDetail {
  const kept = parseTrailers(input.message).map(keptTrailer);
  const trailers = kept.map((k) => k.trailer);
  const pair = agentModelTrailerEvidence(trailers);
  // Pushed one list after another: a commit is attributed by the thousand, most of these lists empty.
  const found: AttributionEvidence[] = [];
  pushAll(found, identityOf('author', input.author));
  pushAll(found, identityOf('committer', input.committer));
  for (const k of kept) pushAll(found, k.evidence);
  pushAll(found, pair.evidence);
  pushAll(found, footerEvidence(input.message));
  pushAll(found, messageLineEvidence(input.message, trailers));
  const evidence = found.length < 2 ? found : dedupe(found);
  // A `Model:` trailer alone could mean anything; next to AI evidence it names the model.
  if (evidence.some((e) => e.agent !== null)) pushAll(evidence, pair.modelOnly);
  const { agent, model, models } = decide(evidence);
  return { agent, model, models, evidence, trailers };
}

function pushAll<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}

/**
 * The memos of identities, trailers and evidence are bounded in bytes, not only
 * in count: their strings come from the gated party's commits, and a few
 * thousand entries of a megabyte each would hold gigabytes in the long-running
 * App. Strings longer than an agent's usual line are not kept at all.
 */
const MEMO_BYTES = 4 * 1024 * 1024;
const LONGEST_KEPT = 1024;
/** An entry's objects besides its strings, roughly. */
const ENTRY_BYTES = 512;
/** A string's size in V8 at worst (two bytes a character). */
const stringBytes = (chars: number) => 2 * chars;
const identityChars = (id: Identity) => (id.name?.length ?? 0) + (id.email?.length ?? 0) + (id.login?.length ?? 0);

/**
 * Agents write the same trailers on commit after commit (`Co-Authored-By: Claude
 * <noreply@anthropic.com>`), and a trailer's evidence is a pure function of its
 * key and value: the trailer and its evidence are kept, frozen and shared by
 * every commit that carries it (the memo's entries hold the shared copy), under
 * the key and the value (a key holds no newline, so the two cannot run together
 * ambiguously).
 */
interface KeptTrailer {
  trailer: Readonly<Trailer>;
  evidence: readonly AttributionEvidence[];
}
const trailerMemo = new BoundedCache<string, KeptTrailer>(
  MEMO_BYTES,
  (kept) => stringBytes(kept.trailer.key.length + kept.trailer.value.length) * 2 + ENTRY_BYTES,
);

function keptTrailer(trailer: Trailer): KeptTrailer {
  // A trailer too long to be an agent's usual line is worked out afresh, never kept.
  if (trailer.key.length + trailer.value.length > LONGEST_KEPT) {
    return { trailer, evidence: trailerEvidence(trailer) };
  }
  const key = `${trailer.key}\n${trailer.value}`;
  let kept = trailerMemo.get(key);
  if (!kept) {
    kept = { trailer: Object.freeze({ key: trailer.key, value: trailer.value }), evidence: Object.freeze(trailerEvidence(trailer).map(sharedEvidence)) };
    trailerMemo.set(key, kept);
  }
  return kept;
}

/**
 * attributeCommit is a pure function of a commit's message and identities, and
 * the same commits are attributed again and again (every event on a pull
 * request, both policies of a backtest): results are kept by sha and used only
 * when the message and both identities are the same, so a sha reused with other
 * content (a rewritten identity, a fabricated snapshot) is attributed afresh.
 * Cached results are frozen, so no caller can change what the next one reads.
 * Bounded in memory, not in count (messages run from a line to kilobytes): the
 * oldest entries go first, and a message too long to be worth keeping is not kept.
 */
const COMMIT_MEMO_BYTES = 40 * 1024 * 1024;
/** A character V8 cannot store in one byte: a message without one takes a byte a character. */
const TWO_BYTE = /[^\u0000-\u00ff]/;
/**
 * An entry's size, roughly: its message as V8 stores it, and the rest (the entry,
 * its own evidence and trailers, the attribution and its kept JSON; identities
 * and repeated evidence are shared), measured at 1.43 KB for a 130-character
 * Claude Code message and 1.82 KB for a 530-character one (2.57 and 2.96 KB
 * before identities and evidence were shared, arrays trimmed and the JSON
 * flattened), so 1.25 KB and the message. At 40 MiB the App's benchmark keeps
 * its 20,000 commits of 130 characters whole (26.9 MiB: four generations keep
 * a working set of 75 %, 30 MiB), in about 28 MB of heap.
 */
const memoBytes = ({ message, author, committer }: { message: string; author: Identity; committer: Identity }) =>
  (TWO_BYTE.test(message) ? 2 : 1) * message.length + 1280 + unusualIdentityBytes(author) + unusualIdentityBytes(committer);
/** An identity longer than most, which the entry may be the last to hold: its bytes past the usual. */
const unusualIdentityBytes = (id: Identity) => stringBytes(Math.max(0, identityChars(id) - 64));
/**
 * What a commit was attributed from, and what it was attributed as. The identities
 * are the shared copies of knownIdentity (a history has few distinct authors), and
 * the arrays are exactly as long as their items: entries are kept by the ten
 * thousand, and every byte of one is paid that many times.
 */
interface MemoEntry {
  message: string;
  author: Readonly<Identity>;
  committer: Readonly<Identity>;
  detail: Readonly<CommitAttributionDetail>;
  /** The commit's attribution from its own evidence, per `unattributed` setting, made once (see ownAttribution). */
  attributions?: Partial<Record<AttributeSettings['unattributed'], CommitAttribution>>;
}
const commitMemo = new BoundedCache<string, MemoEntry>(COMMIT_MEMO_BYTES, memoBytes);
const COMMIT_MEMO_MAX_MESSAGE = 16 * 1024;
/** Whether a commit is worth keeping: a long message or identity (kept by the entry) is not. */
const keepable = (commit: CommitInput) =>
  commit.message.length <= COMMIT_MEMO_MAX_MESSAGE && identityChars(commit.author) <= LONGEST_KEPT && identityChars(commit.committer) <= LONGEST_KEPT;

const sameIdentity = (a: Identity, b: Identity) => a.name === b.name && a.email === b.email && a.login === b.login && Boolean(a.isBot) === Boolean(b.isBot);

/** An identity seen before: a frozen copy of it, shared by every memo entry that names it, and its evidence. */
interface KnownIdentity {
  identity: Readonly<Identity>;
  evidence: AttributionEvidence[];
}

/**
 * A history has few distinct authors and committers: their evidence is worked
 * out once each (frozen, as it is shared). Looked up by email, then compared
 * whole, so no key is built for each commit.
 */
const identitiesBytes = (known: KnownIdentity[]) => known.reduce((sum, k) => sum + stringBytes(identityChars(k.identity)) + ENTRY_BYTES, 0);
const identityMemo = {
  author: new BoundedCache<string, KnownIdentity[]>(MEMO_BYTES, identitiesBytes),
  committer: new BoundedCache<string, KnownIdentity[]>(MEMO_BYTES, identitiesBytes),
};
/** Identities kept for one email (a bot's email under many names, say): the oldest go first. */
const IDENTITIES_PER_EMAIL = 16;

/** The first item under `key` that `matches` accepts; else `make()`, kept under `key` with the newest `perKey - 1` before it. */
function keptUnder<T>(memo: BoundedCache<string, T[]>, key: string, perKey: number, matches: (item: T) => boolean, make: () => T): T {
  const kept = memo.get(key);
  const found = kept?.find(matches);
  if (found) return found;
  const made = make();
  memo.set(key, kept ? [...kept.slice(1 - perKey), made] : [made]);
  return made;
}

function knownIdentity(role: 'author' | 'committer', id: Identity): KnownIdentity {
  return keptUnder(
    identityMemo[role],
    id.email ?? '',
    IDENTITIES_PER_EMAIL,
    (k) => sameIdentity(k.identity, id),
    () => {
      const evidence = identityEvidence(role, id);
      for (const e of evidence) Object.freeze(e);
      const identity = Object.freeze({ name: id.name, email: id.email, login: id.login, isBot: Boolean(id.isBot) });
      return { identity, evidence: Object.freeze(evidence) as AttributionEvidence[] };
    },
  );
}

function identityEvidenceMemo(role: 'author' | 'committer', id: Identity): AttributionEvidence[] {
  if (identityChars(id) > LONGEST_KEPT) return identityEvidence(role, id);
  return knownIdentity(role, id).evidence;
}

/**
 * Commits of one agent carry the same trailer and footer, so most of their evidence
 * is equal item for item: one frozen object is kept for each, and memo entries share it.
 * Looked up by detail, then compared whole.
 */
const evidenceMemo = new BoundedCache<string, AttributionEvidence[]>(
  MEMO_BYTES,
  (kept) => kept.length * (stringBytes(kept[0]?.detail.length ?? 0) + ENTRY_BYTES),
);
const EVIDENCE_PER_DETAIL = 16;

function sharedEvidence(e: AttributionEvidence): AttributionEvidence {
  if (e.detail.length > LONGEST_KEPT) return Object.freeze({ ...e });
  return keptUnder(
    evidenceMemo,
    e.detail,
    EVIDENCE_PER_DETAIL,
    (k) => k.source === e.source && k.strength === e.strength && k.agent === e.agent && k.model === e.model,
    () => Object.freeze({ source: e.source, detail: e.detail, strength: e.strength, agent: e.agent, model: e.model }),
  );
}

/** A frozen copy of `items` with no spare capacity (an array grown by push keeps room for more). */
const exactFrozen = <T>(items: readonly T[]): T[] => Object.freeze(items.slice()) as T[];

/** Looked up by sha (short to hash), kept only when the message and both identities are equal too; null for a message too long to keep. */
function memoEntry(commit: CommitInput & { sha: string }): MemoEntry | null {
  if (!keepable(commit)) return null;
  const cached = commitMemo.get(commit.sha);
  if (cached && cached.message === commit.message && sameIdentity(cached.author, commit.author) && sameIdentity(cached.committer, commit.committer)) {
    return cached;
  }
  const author = knownIdentity('author', commit.author);
  const committer = knownIdentity('committer', commit.committer);
  const found = attributeCommitWith(commit, (role) => (role === 'author' ? author : committer).evidence);
  for (const t of found.trailers) Object.freeze(t);
  const detail: CommitAttributionDetail = {
    agent: found.agent,
    model: found.model,
    models: exactFrozen(found.models),
    evidence: exactFrozen(found.evidence.map(sharedEvidence)),
    trailers: exactFrozen(found.trailers),
  };
  // The identities are copies: a caller changing its commit object later cannot make a stale entry match.
  const entry: MemoEntry = {
    message: commit.message,
    author: author.identity,
    committer: committer.identity,
    detail: Object.freeze(detail),
  };
  commitMemo.set(commit.sha, entry);
  return entry;
}

function attributeCommitMemo(commit: CommitInput & { sha: string }): Readonly<CommitAttributionDetail> {
  return memoEntry(commit)?.detail ?? attributeCommitWith(commit, identityEvidenceMemo);
}

/**
 * An attributor for a reader of a long history: it works out each commit's
 * attribution as git prints it, and keeps it for the evaluation that reads the
 * commit later. It stops once its commits fill half of the memo: read before
 * anything else is kept (the backtest replays newest first, as git prints),
 * they are all still there, and a history too long to keep costs no work twice.
 */
export function attributionAhead(): (commit: CommitInput & { sha: string }) => void {
  let room = COMMIT_MEMO_BYTES / 2;
  return (commit) => {
    if (room <= 0 || !keepable(commit)) return;
    room -= memoBytes(commit);
    memoEntry(commit);
  };
}

/** A commit's git trailers, from the same cache as its attribution. */
export function commitTrailers(input: CommitInput & { sha: string }): readonly Trailer[] {
  return attributeCommitMemo(input).trailers;
}

/** What a pull request says about who wrote it. */
export interface PullRequestClaim {
  author: { login: string; isBot: boolean; id?: number | null } | null;
  body?: string | null;
}

/**
 * PR-level evidence: the PR author's agent bot account, and agent footers,
 * session links and agent identities in its description. It never names a
 * model: the description is the gated party's claim, and a model named there
 * could place a commit in a stronger tier than `unknownModel` would.
 */
export function pullRequestEvidence(pr: PullRequestClaim | null): AttributionEvidence[] {
  if (!pr) return [];
  const body = pr.body ?? '';
  const fromBody = [...footerEvidence(body), ...messageLineEvidence(body, [])].map((e): AttributionEvidence => ({
    ...e,
    source: 'pull-request',
    detail: `PR description: ${e.detail}`,
  }));
  const fromAuthor = pr.author ? pullRequestAuthorEvidence(pr.author) : [];
  return dedupe([...fromAuthor, ...fromBody].map((e) => ({ ...e, model: null })));
}

/**
 * A commit with no evidence of its own takes the PR's: it becomes an agent
 * commit (gated, its co-authors excluded from review), never the reverse. The
 * PR names no model, and with `unattributed: unknown-agent` the commit stays
 * `unknown`, since naming an agent could satisfy a route's `agents` list.
 */
function withPullRequestEvidence(commit: CommitAttribution, prEvidence: AttributionEvidence[], settings: AttributeSettings): CommitAttribution {
  if (commit.evidence.length > 0 || prEvidence.length === 0) return commit;
  const decided = decide(prEvidence);
  if (decided.agent === null) return commit;
  const agent = settings.unattributed === 'unknown-agent' ? 'unknown' : decided.agent;
  return { ...commit, agent, model: null, models: [], evidence: prEvidence };
}

function readLedger(ledger: LedgerSource, knownPaths: readonly string[], pricing: Pricing): LedgerReading {
  if (ledger.skipped) return { ...emptyReading(), problems: [{ source: ledger.path, line: null, message: ledger.skipped }] };
  switch (ledger.kind) {
    case 'git-ai-note':
      return readGitAiNote(ledger, knownPaths);
    case 'agent-trace':
      return readAgentTrace(ledger, knownPaths);
    case 'proofgate-session':
      return readSessionLedger(ledger, pricing, knownPaths);
  }
}

/**
 * The first commit of the snapshot a possibly abbreviated sha names (shaMatches),
 * looked up by its first seven characters rather than by a scan of the commits:
 * a ledger can name tens of thousands of shas.
 */
function commitFinder(commits: readonly CommitSnapshot[]): (short: string) => CommitSnapshot | undefined {
  // Built on the first look-up: most snapshots have no ledger naming a commit.
  let byPrefix: Map<string, CommitSnapshot[]> | null = null;
  const index = () => {
    const map = new Map<string, CommitSnapshot[]>();
    for (const c of commits) {
      const prefix = c.sha.slice(0, 7).toLowerCase();
      const list = map.get(prefix);
      if (list) list.push(c);
      else map.set(prefix, [c]);
    }
    return map;
  };
  return (short) => (short.length < 7 ? undefined : (byPrefix ??= index()).get(short.slice(0, 7).toLowerCase())?.find((c) => shaMatches(short, c.sha)));
}

/** Problems listed per ledger; the rest are counted in one more. */
const MAX_PROBLEMS_PER_LEDGER = 20;

/**
 * A ledger's problems as the receipt lists them. A ledger can hold a bad record
 * on every line, and each problem is a receipt note: 1 MiB of junk lines would
 * otherwise make a receipt of about 100 MB.
 */
function listedProblems(problems: LedgerProblem[]): LedgerProblem[] {
  if (problems.length <= MAX_PROBLEMS_PER_LEDGER) return problems;
  const rest = problems.length - MAX_PROBLEMS_PER_LEDGER;
  const source = problems[MAX_PROBLEMS_PER_LEDGER]!.source;
  return [...problems.slice(0, MAX_PROBLEMS_PER_LEDGER), { source, line: null, message: `${formatCount(rest)} more problems in this ledger, not listed` }];
}

/** Attribute every commit of a snapshot, merging in what its ledgers say. */
export function attribute(snapshot: Snapshot, settings: AttributeSettings): AttributionResult {
  const knownPaths =
    snapshot.ledgers.length === 0 ? [] : [...snapshot.files.map((f) => f.path), ...snapshot.files.flatMap((f) => (f.previousPath ? [f.previousPath] : []))];
  const result: AttributionResult = { commits: [], fileClaims: [], sessions: [], problems: [] };
  const pricing = pricingFrom(settings.pricing);
  const ledgerEvidence = new Map<string, AttributionEvidence[]>();
  const commitNamed = commitFinder(snapshot.commits);
  for (const ledger of snapshot.ledgers) {
    const reading = readLedger(ledger, knownPaths, pricing);
    // One at a time, not spread into push(): a ledger within the size limits can name
    // 100,000 files or hold as many bad lines, more arguments than a call takes.
    for (const claim of reading.claims) result.fileClaims.push(claim);
    for (const session of reading.sessions) result.sessions.push(session);
    for (const problem of listedProblems(reading.problems)) result.problems.push(problem);
    if (reading.unread !== undefined) (result.unreadLedgers ??= []).push({ source: ledger.path, why: reading.unread });
    for (const { commitSha, evidence } of reading.commitEvidence) {
      const commit = commitNamed(commitSha);
      if (!commit) continue;
      const list = ledgerEvidence.get(commit.sha) ?? [];
      list.push(evidence);
      ledgerEvidence.set(commit.sha, list);
    }
  }
  // Ledgers may abbreviate shas; claims name the full sha of a commit in the snapshot.
  for (const claim of result.fileClaims) {
    if (!claim.commitSha) continue;
    const commit = commitNamed(claim.commitSha);
    if (commit) claim.commitSha = commit.sha;
  }

  const prEvidence = pullRequestEvidence(snapshot.pullRequest);
  const author = snapshot.pullRequest?.author ? pullRequestAuthorEvidence(snapshot.pullRequest.author)[0] : undefined;
  result.pullRequestAgent = author?.agent ?? null;
  for (const c of snapshot.commits) {
    const fromLedgers = ledgerEvidence.get(c.sha);
    let commit: CommitAttribution;
    if (fromLedgers) {
      const own = attributeCommitMemo(c);
      const evidence = dedupe([...own.evidence, ...fromLedgers]);
      // A ledger names the agent of a commit whose own evidence names none; it never replaces
      // (nor wraps in a harness) the agent the commit names: that could satisfy a route's
      // `agents` list. Its file claims still touch the files as its agent, and its models count.
      const ownNamed = own.agent !== null && own.agent !== 'unknown';
      const deciding = ownNamed ? evidence.filter((e) => e.source !== 'ledger' || e.agent === own.agent || e.agent === null) : evidence;
      const decided = { ...decide(deciding), models: decide(evidence).models };
      commit = { sha: c.sha, ...decided, agent: unattributedAs(decided.agent, settings.unattributed), evidence };
    } else {
      // Without ledger evidence the commit's own evidence (already deduplicated) decides as it did.
      commit = ownAttribution(c, settings.unattributed);
    }
    result.commits.push(withPullRequestAuthor(withPullRequestEvidence(commit, prEvidence, settings), author));
  }
  return result;
}

/**
 * The pull request's author is a fact, not a claim: when an agent's bot account
 * opened it, a commit whose own claims name another agent (a trailer, a ledger)
 * keeps that agent and its model, and also lists the author's evidence, so the
 * receipt shows why the commit touches its files as the author's agent too
 * (indexTouches). A claim can add an agent, never take the author's away.
 */
function withPullRequestAuthor(commit: CommitAttribution, author: AttributionEvidence | undefined): CommitAttribution {
  if (!author || commit.agent === author.agent || commit.evidence.some((e) => e.source === author.source && e.detail === author.detail)) return commit;
  return { ...commit, evidence: [...commit.evidence, { ...author, model: null }] };
}

/** A commit with no AI evidence (agent null) is a human's, or with `unattributed: unknown-agent` an unnamed agent's. */
const unattributedAs = (agent: string | null, unattributed: AttributeSettings['unattributed']): string | null =>
  agent === null && unattributed === 'unknown-agent' ? 'unknown' : agent;

/**
 * A commit's attribution from its own evidence. A memoised commit's is made
 * once per setting, frozen with a slot for its canonical JSON (src/kept-json.ts):
 * every evaluation of the pull request puts the same object in its verdict, and
 * the verdict fingerprint joins the kept JSON instead of serialising the
 * commits again. A commit the PR's evidence changes gets a
 * new object (withPullRequestEvidence), which carries no kept JSON.
 */
function ownAttribution(c: CommitInput & { sha: string }, unattributed: AttributeSettings['unattributed']): CommitAttribution {
  const entry = memoEntry(c);
  const own = entry?.detail ?? attributeCommitWith(c, identityEvidenceMemo);
  const agent = unattributedAs(own.agent, unattributed);
  if (!entry) return { sha: c.sha, agent, model: own.model, models: [...own.models], evidence: [...own.evidence] };
  const made = (entry.attributions ??= {});
  // The memo keeps an entry under its commit's sha alone, so `sha` is the same every time.
  return (made[unattributed] ??= freezeWithJsonSlot({ sha: c.sha, agent, model: own.model, models: own.models, evidence: own.evidence }));
}
