/**
 * Joins each merged change's attribution, routes, verdict, ledgers and rework
 * into one record, and sums the records per agent, model and tier, over the
 * period and per ISO week. Pure: the caller supplies the history.
 */
import { compilePolicy } from '../engine/compile.js';
import type { Conclusion, Verdict, ViolationKind } from '../engine/verdict.js';
import type { SessionSummary } from '../attribution/types.js';
import type { Policy } from '../policy/types.js';
import type { ChangeKind, MergedChange } from '../history/load.js';
import { BasePolicies, changeSnapshot, needsEvidence, replayChange } from '../history/replay.js';
import { findRework, isLedgerPath } from './rework.js';

export const HUMAN = '(human)';
export const NO_MODEL = '(no model named)';
export const UNTIERED = '(untiered)';

export interface ReviewOutcome {
  /** Reviews that requested changes on the pull request. */
  changesRequested: number;
  /** proofgate's first conclusion on the pull request, and its conclusion on the merged head. */
  firstVerdict: string | null;
  mergeVerdict: string | null;
}

export interface ChangeRecord {
  sha: string;
  number: number | null;
  kind: ChangeKind;
  subject: string;
  mergedAt: string;
  week: string;
  /** The agent, model and tier of the commits that changed the most files in the change. */
  agent: string;
  model: string;
  tier: string;
  commits: number;
  files: number;
  lines: number;
  /** The gate's verdict under the policy at the change's base. */
  verdict: Conclusion;
  policy: 'base' | 'default' | 'errors';
  needsEvidence: string[];
  violations: Array<{ kind: ViolationKind; route: string | null; message: string }>;
  /** null: the change carries no session ledger, or one that was not read in full, so cost is unknown (not zero). */
  ledger: { sessions: number; tokensIn: number; tokensOut: number; costUsd: number | null; retries: number; escalations: number } | null;
  rework: { revertedBy: string | null; fixedBy: string[] };
  /** From GitHub; null when not read (git history holds no reviews). */
  review: ReviewOutcome | null;
}

export interface GroupStats {
  key: string;
  changes: number;
  commits: number;
  files: number;
  lines: number;
  /** Share of all changed lines in the period, 0–1. */
  shareOfLines: number;
  shareOfChanges: number;
  verdicts: Record<Conclusion, number>;
  violations: Partial<Record<ViolationKind, number>>;
  reworked: number;
  /** Changes with at least one session ledger: tokens, retries and escalations rest on these. */
  withLedger: number;
  /** Changes whose ledgers price every step: the cost figures rest on these. */
  withCost: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Cost of the changes with a known cost over their number; null with none. */
  costPerChange: number | null;
  /** Changes with a known cost that needed no rework. */
  successfulWithCost: number;
  /** Cost of the changes with a known cost over those of them that needed no rework. */
  costPerSuccessfulChange: number | null;
  retries: number;
  escalations: number;
  /** Changes with review data from GitHub, and those without a changes-requested review. */
  withReviews: number;
  reviewPassed: number;
  reviewPassRate: number | null;
}

export interface WeekStats {
  week: string;
  byTier: GroupStats[];
  byModel: GroupStats[];
  byAgent: GroupStats[];
}

export interface Report {
  repository: string;
  branch: string;
  tipSha: string;
  period: { from: string | null; to: string | null };
  reworkWindowDays: number;
  totals: GroupStats;
  byAgent: GroupStats[];
  byModel: GroupStats[];
  byTier: GroupStats[];
  weeks: WeekStats[];
  changes: ChangeRecord[];
  notes: string[];
}

export interface AnalyzeOptions {
  repository: string;
  branch: string;
  tipSha: string;
  reworkWindowDays: number;
  /** The policy whose tiers group models: the one at the branch tip, else the built-in default. */
  tierPolicy: Policy;
  reviews?: Map<number, ReviewOutcome>;
}

export function analyze(changes: MergedChange[], options: AnalyzeOptions): Report {
  const policies = new BasePolicies();
  const tiers = compilePolicy(options.tierPolicy);
  const rework = findRework(changes, options.reworkWindowDays);
  const records = changes.map((change, i) => {
    const choice = policies.forChange(change);
    const verdict = replayChange(change, choice, changeSnapshot(change));
    const record = toRecord(change, verdict, choice.kind === 'errors' ? 'errors' : choice.origin === 'default' ? 'default' : 'base', (model) =>
      tiers.tiersOf(model),
    );
    record.rework = rework[i]!;
    record.review = change.number !== null ? (options.reviews?.get(change.number) ?? null) : null;
    return record;
  });
  return summarize(records, options);
}

export function summarize(records: ChangeRecord[], options: Pick<AnalyzeOptions, 'repository' | 'branch' | 'tipSha' | 'reworkWindowDays'>): Report {
  const totalLines = records.reduce((n, r) => n + r.lines, 0);
  const group = (items: ChangeRecord[], keyOf: (r: ChangeRecord) => string) => groupStats(items, keyOf, totalLinesOf(items), items.length);
  const weeks = [...new Set(records.map((r) => r.week))].sort().map((week): WeekStats => {
    const inWeek = records.filter((r) => r.week === week);
    return { week, byTier: group(inWeek, (r) => r.tier), byModel: group(inWeek, (r) => r.model), byAgent: group(inWeek, (r) => r.agent) };
  });
  const [totals] = groupStats(records, () => 'all', totalLines, records.length);
  return {
    repository: options.repository,
    branch: options.branch,
    tipSha: options.tipSha,
    period: { from: records[0]?.mergedAt ?? null, to: records[records.length - 1]?.mergedAt ?? null },
    reworkWindowDays: options.reworkWindowDays,
    totals: totals ?? emptyStats('all'),
    byAgent: group(records, (r) => r.agent),
    byModel: group(records, (r) => r.model),
    byTier: group(records, (r) => r.tier),
    weeks,
    changes: records,
    notes: notesFor(records),
  };
}

function totalLinesOf(records: ChangeRecord[]): number {
  return records.reduce((n, r) => n + r.lines, 0);
}

function toRecord(change: MergedChange, verdict: Verdict, policy: ChangeRecord['policy'], tiersOf: (model: string) => string[]): ChangeRecord {
  const weight = new Map<string, { agent: string | null; model: string | null; weight: number }>();
  change.commits.forEach((commit, i) => {
    const attribution = verdict.attribution.commits[i];
    const agent = attribution?.agent ?? null;
    const model = attribution?.model ?? null;
    const key = `${agent}\u0000${model}`;
    const entry = weight.get(key) ?? { agent, model, weight: 0 };
    entry.weight += Math.max(1, commit.files.length);
    weight.set(key, entry);
  });
  // Ties go to the later commits' attribution, which wrote the change's final state.
  let primary: { agent: string | null; model: string | null } = { agent: null, model: null };
  let best = -1;
  for (const entry of weight.values()) {
    if (entry.weight >= best) {
      best = entry.weight;
      primary = entry;
    }
  }
  const agent = primary.agent ?? HUMAN;
  const model = primary.agent === null ? HUMAN : (primary.model ?? NO_MODEL);
  const tier = primary.agent === null ? HUMAN : primary.model === null ? NO_MODEL : (tiersOf(primary.model)[0] ?? UNTIERED);
  const sessions = verdict.attribution.sessions;
  // A session ledger not read in full (over a load limit, or too many bad lines) hides part of the spend: the figures are unknown, not partial.
  const partly = change.ledgers.some((l) => l.kind === 'proofgate-session' && l.skipped !== undefined) || sessions.some((s) => s.unread !== undefined);
  // Ledger files record the work; they are not work.
  const work = change.files.filter((f) => !isLedgerPath(f.path));
  return {
    sha: change.sha,
    number: change.number,
    kind: change.kind,
    subject: change.subject,
    mergedAt: change.mergedAt,
    week: isoWeek(change.mergedAt),
    agent,
    model,
    tier,
    commits: change.commits.length,
    files: work.length,
    lines: work.reduce((n, f) => n + f.additions + f.deletions, 0),
    verdict: verdict.conclusion,
    policy,
    needsEvidence: needsEvidence(verdict),
    violations: verdict.violations.map((v) => ({ kind: v.kind, route: v.route, message: v.message })),
    ledger: sessions.length === 0 || partly ? null : ledgerTotals(sessions),
    rework: { revertedBy: null, fixedBy: [] },
    review: null,
  };
}

function ledgerTotals(sessions: SessionSummary[]): NonNullable<ChangeRecord['ledger']> {
  const totals: NonNullable<ChangeRecord['ledger']> = { sessions: sessions.length, tokensIn: 0, tokensOut: 0, costUsd: 0, retries: 0, escalations: 0 };
  for (const s of sessions) {
    // Prompt tokens: those sent fresh, read from the provider's cache, and written to it.
    totals.tokensIn += s.tokens.input + (s.tokens.cacheRead ?? 0) + (s.tokens.cacheWrite ?? 0);
    totals.tokensOut += s.tokens.output;
    // Steps with tokens but neither a price nor a stated cost leave the change's cost unknown.
    totals.costUsd = totals.costUsd === null || (s.cost?.unpriced.length ?? 0) > 0 ? null : totals.costUsd + s.costUsd;
    totals.retries += s.retries;
    totals.escalations += escalations(s.steps);
  }
  return totals;
}

/** An escalation: a step whose model differs from the previous step of the same role in the session. */
export function escalations(steps: SessionSummary['steps']): number {
  const lastModel = new Map<string, string | null>();
  let count = 0;
  for (const step of steps) {
    if (lastModel.has(step.role) && lastModel.get(step.role) !== step.model) count++;
    lastModel.set(step.role, step.model);
  }
  return count;
}

const CONCLUSIONS: Conclusion[] = ['success', 'failure', 'pending', 'neutral'];

function emptyStats(key: string): GroupStats {
  return {
    key,
    changes: 0,
    commits: 0,
    files: 0,
    lines: 0,
    shareOfLines: 0,
    shareOfChanges: 0,
    verdicts: { success: 0, failure: 0, pending: 0, neutral: 0 },
    violations: {},
    reworked: 0,
    withLedger: 0,
    withCost: 0,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    costPerChange: null,
    successfulWithCost: 0,
    costPerSuccessfulChange: null,
    retries: 0,
    escalations: 0,
    withReviews: 0,
    reviewPassed: 0,
    reviewPassRate: null,
  };
}

function groupStats(records: ChangeRecord[], keyOf: (r: ChangeRecord) => string, totalLines: number, totalChanges: number): GroupStats[] {
  const groups = new Map<string, GroupStats>();
  for (const r of records) {
    const key = keyOf(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = emptyStats(key)));
    g.changes++;
    g.commits += r.commits;
    g.files += r.files;
    g.lines += r.lines;
    g.verdicts[r.verdict]++;
    for (const kind of new Set(r.violations.map((v) => v.kind))) g.violations[kind] = (g.violations[kind] ?? 0) + 1;
    const reworked = r.rework.revertedBy !== null || r.rework.fixedBy.length > 0;
    if (reworked) g.reworked++;
    if (r.ledger) {
      g.withLedger++;
      g.tokensIn += r.ledger.tokensIn;
      g.tokensOut += r.ledger.tokensOut;
      g.retries += r.ledger.retries;
      g.escalations += r.ledger.escalations;
      if (r.ledger.costUsd !== null) {
        g.withCost++;
        g.costUsd += r.ledger.costUsd;
        if (!reworked) g.successfulWithCost++;
      }
    }
    if (r.review) {
      g.withReviews++;
      if (r.review.changesRequested === 0) g.reviewPassed++;
    }
  }
  for (const g of groups.values()) {
    g.shareOfLines = totalLines > 0 ? g.lines / totalLines : 0;
    g.shareOfChanges = totalChanges > 0 ? g.changes / totalChanges : 0;
    g.costPerChange = g.withCost > 0 ? g.costUsd / g.withCost : null;
    g.costPerSuccessfulChange = g.successfulWithCost > 0 ? g.costUsd / g.successfulWithCost : null;
    g.reviewPassRate = g.withReviews > 0 ? g.reviewPassed / g.withReviews : null;
  }
  return [...groups.values()].sort((a, b) => b.changes - a.changes || a.key.localeCompare(b.key));
}

function notesFor(records: ChangeRecord[]): string[] {
  const notes: string[] = [];
  const n = records.length;
  const withLedger = records.filter((r) => r.ledger).length;
  notes.push(`Change counts, lines, verdicts and rework rest on ${n} merged change${n === 1 ? '' : 's'}.`);
  notes.push(
    withLedger === 0
      ? 'No change carries a session ledger: tokens, cost, retries and escalations are unknown (not zero).'
      : `Tokens, retries and escalations rest on the ${withLedger} of ${n} changes that carry a session ledger; for the other ${n - withLedger} they are unknown (not zero).`,
  );
  const withCost = records.filter((r) => r.ledger && r.ledger.costUsd !== null).length;
  if (withLedger > 0)
    notes.push(`Cost rests on the ${withCost} of ${n} changes whose ledgers price every step; for the other ${n - withCost} it is unknown (not zero).`);
  const defaults = records.filter((r) => r.policy === 'default').length;
  if (defaults > 0)
    notes.push(`${defaults} change${defaults === 1 ? ' was' : 's were'} judged by the built-in default policy (no .github/proofgate.yml at the base).`);
  const errors = records.filter((r) => r.policy === 'errors').length;
  if (errors > 0) notes.push(`${errors} change${errors === 1 ? '' : 's'} met a policy with errors at the base: failure.`);
  const pending = records.filter((r) => r.verdict === 'pending').length;
  if (pending > 0) notes.push(`${pending} verdict${pending === 1 ? ' is' : 's are'} pending: they need CI or review evidence that git history does not hold.`);
  const reviewed = records.filter((r) => r.review).length;
  notes.push(reviewed === 0 ? 'Review outcomes are not in git history: unknown.' : `Review outcomes rest on the ${reviewed} changes found on GitHub.`);
  return notes;
}

/** `2026-W09`: the ISO 8601 week of a timestamp, in UTC. */
export function isoWeek(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return 'unknown';
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export { CONCLUSIONS };
