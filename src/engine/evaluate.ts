/**
 * evaluate(policy, snapshot, { now }) → Verdict. Pure: no I/O, no clock, no
 * logging; the same inputs give the same verdict.
 */
import { attribute, type AttributeSettings } from '../attribution/attribute.js';
import type { AttributionResult, SessionSummary } from '../attribution/types.js';
import { POLICY_CHANGE_PROOF, POLICY_CHANGE_ROUTE } from '../policy/reserved.js';
import type { Budgets } from '../policy/schema.js';
import type { Policy, PolicyError, PolicySource } from '../policy/types.js';
import { evaluateProof, readsSessions, type Proof, type ProofContext } from '../proofs/registry.js';
import type { ReviewProof } from '../proofs/review.js';
import { ledgersOfThisChange, type LedgerSource, type Snapshot } from '../snapshot.js';
import { checkBudgets } from './budgets.js';
import { agentAccountLogins, agentCoauthorLogins, committerLogins } from './coauthors.js';
import { compilePolicy } from './compile.js';
import { unsafePathViolations } from './paths.js';
import { routeFiles } from './routing.js';
import { sharedHeadViolations } from './shared-head.js';
import { indexTouches, touchKey, type TouchIndex } from './touches.js';
import { plural } from '../text.js';
import { decide } from './conclusion.js';
import type { ModelTouch, ProofResult, RouteResult, Verdict, Violation } from './verdict.js';

export interface EvaluateOptions {
  now: Date;
  /**
   * Shares attribution between evaluations of one snapshot under several
   * policies (a backtest's current and proposed policy): computed once per
   * snapshot and attribution settings. The snapshot must not change between them.
   */
  attributions?: AttributionMemo;
}

/** What evaluate works out from a snapshot and its attribution alone, whatever the policy. */
interface Derived {
  touches: TouchIndex;
  agentCoauthors: ReadonlySet<string>;
  committers: ReadonlySet<string>;
  agentAccounts: ReadonlyMap<string, string>;
}

function derive(snapshot: Snapshot, attribution: AttributionResult): Derived {
  return {
    touches: indexTouches(snapshot, attribution),
    agentCoauthors: agentCoauthorLogins(snapshot, attribution),
    committers: committerLogins(snapshot),
    agentAccounts: agentAccountLogins(snapshot, attribution),
  };
}

/**
 * Attribution results by snapshot and by the policy settings attribution reads
 * (`unattributed`, `pricing`), and what is derived from each result (who
 * touched which file, the humans behind agent commits), which no policy changes.
 */
export class AttributionMemo {
  private readonly bySnapshot = new WeakMap<Snapshot, Array<{ settings: AttributeSettings; result: AttributionResult }>>();
  private readonly derivedFrom = new WeakMap<AttributionResult, Derived>();

  derived(snapshot: Snapshot, attribution: AttributionResult): Derived {
    let found = this.derivedFrom.get(attribution);
    if (!found) this.derivedFrom.set(attribution, (found = derive(snapshot, attribution)));
    return found;
  }

  get(snapshot: Snapshot, settings: AttributeSettings): AttributionResult {
    let entries = this.bySnapshot.get(snapshot);
    if (!entries) this.bySnapshot.set(snapshot, (entries = []));
    const found = entries.find((e) => e.settings.unattributed === settings.unattributed && samePricing(e.settings.pricing, settings.pricing));
    if (found) return found.result;
    const result = attribute(snapshot, settings);
    entries.push({ settings, result });
    return result;
  }
}

function samePricing(a: AttributeSettings['pricing'], b: AttributeSettings['pricing']): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

export { POLICY_CHANGE_PROOF, POLICY_CHANGE_ROUTE };
const policyChangeReview: ReviewProof = {
  kind: 'review',
  count: 1,
  users: [],
  teams: [],
  allowStale: false,
  allowCoauthors: false,
  allowAuthor: false,
  allowBots: false,
  requireWriteAccess: true,
  description: 'A change to the proofgate policy needs an approval from someone with write access.',
};

export function evaluate(policy: Policy, snapshot: Snapshot, opts: EvaluateOptions): Verdict {
  const { doc } = policy;
  const settings: AttributeSettings = { unattributed: doc.attribution.unattributed, pricing: doc.pricing };
  const attribution = opts.attributions ? opts.attributions.get(snapshot, settings) : attribute(snapshot, settings);
  const derived = opts.attributions ? opts.attributions.derived(snapshot, attribution) : derive(snapshot, attribution);
  const routing = routeFiles(compilePolicy(policy), doc.attribution.unknownModel, snapshot, derived.touches);

  const required = new Map<string, string[]>();
  // An ungated route requires nothing (routing leaves its `required` empty).
  for (const route of routing.routes) {
    for (const proofName of route.required) required.set(proofName, [...(required.get(proofName) ?? []), route.name]);
  }
  const proofs: Array<[string, Proof]> = [];
  const undefinedProofs: Violation[] = [];
  for (const [name, routes] of required) {
    const proof = Object.hasOwn(doc.proofs, name) ? doc.proofs[name] : undefined;
    if (proof) proofs.push([name, proof]);
    else undefinedProofs.push(policyViolation(`route ${routes.join(', ')} requires proof \`${name}\`, which the policy does not define`, policy.source));
  }
  // A change to the policy itself is a route of its own, so every receipt shows what it needs.
  const policyFiles = policyFilesChanged(snapshot, policy.source);
  const routes = policyFiles.length === 0 ? routing.routes : [...routing.routes, policyChangeRoute(policyFiles, routing.routes)];
  if (policyFiles.length > 0) {
    required.set(POLICY_CHANGE_PROOF, [POLICY_CHANGE_ROUTE]);
    proofs.push([POLICY_CHANGE_PROOF, policyChangeReview]);
  }

  const ofThisChange = ledgersOfThisChange(snapshot);
  const ctx: ProofContext = {
    snapshot,
    headSha: snapshot.head.sha,
    prAuthor: snapshot.pullRequest?.author?.login.toLowerCase() ?? null,
    agentCoauthors: derived.agentCoauthors,
    committers: derived.committers,
    agentAccounts: derived.agentAccounts,
    sessions: attribution.sessions,
    ledgersOfThisChange: ofThisChange,
  };
  const proofResults = proofs.map(([name, proof]) => toResult(name, proof, required.get(name) ?? [], ctx));

  // Budgets hold each session of this change; one an earlier change left in the tree is that change's.
  const sessionsOfThisChange = attribution.sessions.filter((s) => ofThisChange.has(s.source));
  const violations: Violation[] = [
    ...undefinedProofs,
    ...unsafePathViolations(snapshot),
    ...limitViolations(snapshot),
    ...unreadLedgerViolations(snapshot, ofThisChange, sessionsOfThisChange, attribution.unreadLedgers ?? [], doc.budgets, proofs),
    ...routing.violations,
    ...checkBudgets(doc.budgets, sessionsOfThisChange),
    ...proofResults.filter((p) => p.status === 'fail').map(proofViolation),
  ];
  const notes = [...routing.notes, ...attribution.problems.map((p) => `ledger ${p.source}${p.line ? `:${p.line}` : ''}: ${p.message} (not trusted)`)];
  const { conclusion, title } = decide(routes, proofResults, violations);
  return {
    conclusion,
    title,
    policy: policy.source,
    policyErrors: [],
    attribution,
    routes,
    proofs: proofResults,
    violations,
    notes,
    evaluatedAt: opts.now.toISOString(),
  };
}

/** A verdict for a policy that does not load: failing, listing each error. */
export function policyErrorVerdict(source: PolicySource, errors: PolicyError[], opts: EvaluateOptions): Verdict {
  const n = errors.length;
  return {
    ...blankVerdict(source, opts),
    title: `Policy ${source.path} has ${n} error${n === 1 ? '' : 's'}`,
    policyErrors: errors,
    violations: errors.map((e) => ({
      kind: 'policy' as const,
      message: `${e.file}:${e.line}:${e.column}: ${e.message}${e.path ? ` at ${e.path}` : ''}`,
      next: e.hint ?? `Fix ${e.file} on the base branch; run \`npx proofgate validate ${e.file}\` to check it.`,
      route: null,
      files: [e.file],
      commit: null,
    })),
  };
}

/** A verdict for when evaluation could not finish (GitHub unreachable, limits): never green. */
export function couldNotEvaluateVerdict(reason: string, source: PolicySource | null, opts: EvaluateOptions): Verdict {
  return {
    ...blankVerdict(source ?? { path: '(not loaded)', origin: 'default', ref: null, digest: '' }, opts),
    title: `Could not evaluate: ${reason}`,
    violations: [
      {
        kind: 'limit',
        message: `Could not evaluate: ${reason}`,
        next: 'Re-run the check; if it keeps failing, see the reason above.',
        route: null,
        files: [],
        commit: null,
      },
    ],
  };
}

function blankVerdict(source: PolicySource, opts: EvaluateOptions): Verdict {
  const attribution: AttributionResult = { commits: [], fileClaims: [], sessions: [], problems: [] };
  return {
    conclusion: 'failure',
    title: '',
    policy: source,
    policyErrors: [],
    attribution,
    routes: [],
    proofs: [],
    violations: [],
    notes: [],
    evaluatedAt: opts.now.toISOString(),
  };
}

function toResult(name: string, proof: Proof, requiredBy: string[], ctx: ProofContext): ProofResult {
  // An own `pass` or `fail` only: `asserted.constructor` is Object's, not an assertion.
  const asserted = Object.hasOwn(ctx.snapshot.asserted, name) ? ctx.snapshot.asserted[name] : undefined;
  if (asserted === 'pass' || asserted === 'fail') {
    return {
      name,
      kind: proof.kind,
      status: asserted,
      reason: `asserted ${asserted} on the command line`,
      evidence: [{ kind: 'assertion', name, state: asserted, counted: true, note: 'local assertion (--proof)', url: null }],
      next: asserted === 'fail' ? `Make ${name} pass.` : null,
      requiredBy,
    };
  }
  return { name, kind: proof.kind, ...evaluateProof(name, proof, ctx), requiredBy };
}

function proofViolation(proof: ProofResult): Violation {
  return {
    kind: 'proof',
    message: `${proof.name}: ${proof.reason}`,
    next: proof.next ?? `Make ${proof.name} pass.`,
    route: proof.requiredBy[0] ?? null,
    files: [],
    commit: null,
  };
}

/**
 * A session ledger of this change that was not read (over a size cap, or a
 * header proofgate cannot read: `ignored`), or read only in part (a line that
 * is not JSON, a step, retry or validation record that is not valid or follows
 * the end record; `sessions` are this change's), hides what budgets and ledger
 * proofs count: when the policy relies on them, that is not a pass.
 */
function unreadLedgerViolations(
  snapshot: Snapshot,
  ofThisChange: ReadonlySet<string>,
  sessions: readonly SessionSummary[],
  ignored: ReadonlyArray<{ source: string; why: string }>,
  budgets: Budgets,
  proofs: Array<[string, Proof]>,
): Violation[] {
  const reliesOnSessions = Object.values(budgets).some((v) => typeof v === 'number') || proofs.some(([, p]) => readsSessions(p));
  if (!reliesOnSessions) return [];
  const mayBeOurs = mayBeOfThisChange(snapshot.ledgers, ofThisChange);
  const unread = [
    ...snapshot.ledgers.flatMap((l) => (l.kind === 'proofgate-session' && l.skipped !== undefined && mayBeOurs(l) ? [{ path: l.path, why: l.skipped }] : [])),
    ...ignored.flatMap((l) => (ofThisChange.has(l.source) ? [{ path: l.source, why: l.why }] : [])),
    ...sessions.flatMap((s) => (s.unread !== undefined ? [{ path: s.source, why: s.unread }] : [])),
  ];
  if (unread.length === 0) return [];
  return [
    {
      kind: 'ledger',
      message: `${plural(unread.length, 'session ledger')} not read (${unread[0]!.why}), so the policy's budgets and ledger proofs cannot be checked`,
      next: 'Keep session ledgers within the size limits (split long sessions into several files) and write each record as one valid line of JSON (`npx proofgate ledger validate` lists what is wrong), then push again.',
      route: null,
      files: unread.map((l) => l.path),
      commit: null,
    },
  ];
}

/**
 * Whether an unread ledger may hold this change's session: a file this change
 * adds or changes, one the Action's job wrote, or a directory whose files past
 * the count limit were not read and that holds a file of this change the
 * loader did not list as a ledger of its own (read, or not read with its own
 * reason). The loaders read the change's ledgers first, so a directory over
 * the count limit in a repository of many merged ledgers holds only other
 * changes' files once the change's own are all listed; any of the change's
 * files missing from the list may be among the ones not read.
 */
function mayBeOfThisChange(ledgers: readonly LedgerSource[], ofThisChange: ReadonlySet<string>): (ledger: LedgerSource) => boolean {
  // A job's file is not the head's, even under the same path: it cannot stand for the head's file.
  const listed = new Set(ledgers.filter((l) => l.origin !== 'job').map((l) => l.path));
  return (ledger) => {
    if (ledger.origin === 'job' || ofThisChange.has(ledger.path)) return true;
    const dir = `${ledger.path.replace(/\/+$/, '')}/`;
    for (const path of ofThisChange) if (path.startsWith(dir) && !listed.has(path)) return true;
    return false;
  };
}

function policyViolation(message: string, source: PolicySource): Violation {
  return { kind: 'policy', message, next: `Fix ${source.path}; \`npx proofgate validate\` checks it.`, route: null, files: [source.path], commit: null };
}

function limitViolations(snapshot: Snapshot): Violation[] {
  const out: Violation[] = [];
  // A rename whose old path is unknown could be moving a file out of a restricted route.
  const unknownOrigin = snapshot.files.filter((f) => (f.status === 'renamed' || f.status === 'copied') && f.previousPath === null).map((f) => f.path);
  if (unknownOrigin.length > 0) {
    out.push({
      kind: 'limit',
      message: `${plural(unknownOrigin.length, 'file')} renamed or copied from an unknown path`,
      next: 'Re-run the evaluation; proofgate needs the old path to know which routes governed the file.',
      route: null,
      files: unknownOrigin,
      commit: null,
    });
  }
  // A change type GitHub added later (a move?) may hide an old path, so the file's routes are not known.
  const unknownType = snapshot.files.filter((f) => f.status === 'unknown');
  if (unknownType.length > 0) {
    const types = [...new Set(unknownType.map((f) => f.unknownChangeType ?? '(not given)'))].join(', ');
    out.push({
      kind: 'limit',
      message: `${plural(unknownType.length, 'file')} changed in a way proofgate does not know (GitHub's change type ${types})`,
      next: 'Update proofgate to a version that knows this change type; until then it cannot tell which routes governed the file.',
      route: null,
      files: unknownType.map((f) => f.path),
      commit: null,
    });
  }
  out.push(...sharedHeadViolations(snapshot));
  const next = 'Split the pull request: GitHub lists at most 3,000 files and 250 commits, so proofgate cannot see all of it and fails closed.';
  if (snapshot.truncated.files)
    out.push({ kind: 'limit', message: `More changed files than GitHub lists (${snapshot.files.length} seen)`, next, route: null, files: [], commit: null });
  if (snapshot.truncated.commits)
    out.push({ kind: 'limit', message: `More commits than GitHub lists (${snapshot.commits.length} seen)`, next, route: null, files: [], commit: null });
  return out;
}

/**
 * In the owner's `.github` repository, the root `proofgate.yml` is the organisation default:
 * the policy of every repository without one of its own, and of this one when it has none.
 */
const ORGANIZATION_REPOSITORY = '.github';
const ORGANIZATION_DEFAULT_ROOT = 'proofgate.yml';

function policyFilesChanged(snapshot: Snapshot, source: PolicySource): string[] {
  const paths = new Set<string | null>([source.path, '.github/proofgate.yml', '.github/proofgate.yaml']);
  // Repository names are case-insensitive on GitHub.
  if (snapshot.repository?.name.toLowerCase() === ORGANIZATION_REPOSITORY) paths.add(ORGANIZATION_DEFAULT_ROOT);
  // The path the repository's own policy would take, while the organisation default is in force.
  if (snapshot.policyPath) paths.add(snapshot.policyPath);
  return snapshot.files.filter((f) => paths.has(f.path) || paths.has(f.previousPath)).map((f) => f.path);
}

/** The policy-change route: the policy files, whoever touched them, gated for every change. */
function policyChangeRoute(files: string[], routes: RouteResult[]): RouteResult {
  const touches = new Map<string, ModelTouch>();
  for (const route of routes) {
    if (!route.files.some((f) => files.includes(f))) continue;
    for (const t of route.touches) touches.set(touchKey(t), t);
  }
  return {
    name: POLICY_CHANGE_ROUTE,
    gated: true,
    files,
    touches: [...touches.values()],
    required: [POLICY_CHANGE_PROOF],
    allowedTiers: null,
    allowedAgents: null,
  };
}
