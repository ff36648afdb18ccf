/**
 * Replays merged changes under a proposed policy and under the policy each
 * change met at its base, and lists what would change. History holds no check
 * runs or reviews: a proof that needs them is "needs CI/review evidence",
 * never assumed to pass or fail.
 */
import { AttributionMemo } from '../engine/evaluate.js';
import type { Conclusion, Verdict } from '../engine/verdict.js';
import type { MergedChange } from '../history/load.js';
import { BasePolicies, changeSnapshot, needsEvidence, replayChange, type PolicyChoice } from '../history/replay.js';
import type { Policy } from '../policy/types.js';

export type Outcome = 'allowed' | 'blocked' | 'needs-evidence';

export interface ChangeDiff {
  sha: string;
  number: number | null;
  subject: string;
  mergedAt: string;
  current: Outcome;
  proposed: Outcome;
  /** newly-blocked, newly-allowed, newly-needs-evidence, or unchanged. */
  change: 'newly-blocked' | 'newly-allowed' | 'newly-needs-evidence' | 'unchanged';
  /** The rules (routes, or violation kinds without a route) behind the difference. */
  rules: string[];
  /** Violations only the proposed policy finds (newly blocked) or only the current one found (newly allowed). */
  reasons: string[];
  /** Proofs the proposed policy requires that history cannot show. */
  needsEvidence: string[];
}

export interface RuleRow {
  rule: string;
  newlyBlocked: number;
  newlyAllowed: number;
  newlyNeedsEvidence: number;
}

export interface BacktestResult {
  changes: number;
  counts: Record<ChangeDiff['change'], number>;
  byRule: RuleRow[];
  details: ChangeDiff[];
  currentPolicies: { base: number; default: number; errors: number };
}

export function outcomeOf(conclusion: Conclusion): Outcome {
  if (conclusion === 'failure') return 'blocked';
  if (conclusion === 'pending') return 'needs-evidence';
  return 'allowed';
}

const violationKey = (v: Verdict['violations'][number]) => `${v.kind}\u0000${v.route ?? ''}\u0000${v.message}`;
const ruleOf = (v: Verdict['violations'][number]) => v.route ?? `(${v.kind})`;

export function backtest(changes: MergedChange[], proposed: Policy): BacktestResult {
  const policies = new BasePolicies();
  const proposedChoice: PolicyChoice = { kind: 'policy', policy: proposed, origin: 'file' };
  const currentPolicies = { base: 0, default: 0, errors: 0 };
  const attributions = new AttributionMemo();
  // Newest first, the order git prints commits in: those attributed as they were read (attributionAhead) are met first.
  const details = changes.toReversed().map((change): ChangeDiff => {
    const snapshot = changeSnapshot(change);
    const choice = policies.forChange(change);
    currentPolicies[choice.kind === 'errors' ? 'errors' : choice.origin === 'default' ? 'default' : 'base']++;
    // Both policies read the same commits: attribution is computed once when their attribution settings agree.
    const before = replayChange(change, choice, snapshot, attributions);
    const after = replayChange(change, proposedChoice, snapshot, attributions);
    return compare(change, before, after);
  });
  details.reverse();

  const counts = { 'newly-blocked': 0, 'newly-allowed': 0, 'newly-needs-evidence': 0, unchanged: 0 };
  const rules = new Map<string, RuleRow>();
  for (const d of details) {
    counts[d.change]++;
    if (d.change === 'unchanged') continue;
    for (const rule of d.rules) {
      const row = rules.get(rule) ?? { rule, newlyBlocked: 0, newlyAllowed: 0, newlyNeedsEvidence: 0 };
      if (d.change === 'newly-blocked') row.newlyBlocked++;
      else if (d.change === 'newly-allowed') row.newlyAllowed++;
      else row.newlyNeedsEvidence++;
      rules.set(rule, row);
    }
  }
  const byRule = [...rules.values()].sort(
    (a, b) => b.newlyBlocked + b.newlyAllowed + b.newlyNeedsEvidence - (a.newlyBlocked + a.newlyAllowed + a.newlyNeedsEvidence) || a.rule.localeCompare(b.rule),
  );
  return { changes: changes.length, counts, byRule, details, currentPolicies };
}

function compare(change: MergedChange, before: Verdict, after: Verdict): ChangeDiff {
  const current = outcomeOf(before.conclusion);
  const proposed = outcomeOf(after.conclusion);
  const beforeKeys = new Set(before.violations.map(violationKey));
  const afterKeys = new Set(after.violations.map(violationKey));
  const added = after.violations.filter((v) => !beforeKeys.has(violationKey(v)));
  const removed = before.violations.filter((v) => !afterKeys.has(violationKey(v)));
  const evidenceAfter = needsEvidence(after);
  const base = { sha: change.sha, number: change.number, subject: change.subject, mergedAt: change.mergedAt, current, proposed, needsEvidence: evidenceAfter };

  if (proposed === 'blocked' && current !== 'blocked') {
    return { ...base, change: 'newly-blocked', rules: unique(added.map(ruleOf)), reasons: added.map((v) => v.message) };
  }
  if (current === 'blocked' && proposed !== 'blocked') {
    return { ...base, change: 'newly-allowed', rules: unique(removed.map(ruleOf)), reasons: removed.map((v) => v.message) };
  }
  if (proposed === 'needs-evidence' && current === 'allowed') {
    const pendingRoutes = after.proofs.filter((p) => p.status === 'pending').flatMap((p) => p.requiredBy);
    return { ...base, change: 'newly-needs-evidence', rules: unique(pendingRoutes), reasons: [] };
  }
  return { ...base, change: 'unchanged', rules: [], reasons: [] };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
