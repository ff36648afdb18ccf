/** Plain-text descriptions shared by the markdown and terminal renderings (unescaped). */
import type { AttributionEvidence, CommitAttribution } from '../attribution/types.js';
import type { Conclusion, ModelTouch, ProofResult, RouteResult } from '../engine/verdict.js';
import type { Receipt } from './json.js';

export const CONCLUSION_LABEL: Record<Conclusion, string> = {
  success: 'Success',
  failure: 'Failure',
  pending: 'Pending',
  neutral: 'Neutral',
};

const STRENGTH_RANK = { strong: 3, medium: 2, weak: 1 } as const;

/** The evidence a reviewer should look at first: the strongest, earliest on ties. */
export function strongestEvidence(commit: CommitAttribution): AttributionEvidence | null {
  let best: AttributionEvidence | null = null;
  for (const e of commit.evidence) {
    if (best === null || (STRENGTH_RANK[e.strength] ?? 0) > (STRENGTH_RANK[best.strength] ?? 0)) best = e;
  }
  return best;
}

export function agentLabel(agent: string | null): string {
  return agent ?? 'human';
}

/** `model (agent) [tiers]`, or `human`. */
export function touchLabel(t: ModelTouch): string {
  if (t.agent === null && t.model === null) return 'human';
  const model = t.model ?? 'no model named';
  const agent = t.agent ? ` (${t.agent})` : '';
  const tiers = t.tiers.length > 0 ? ` [${t.tiers.join(', ')}]` : '';
  return `${model}${agent}${tiers}`;
}

/** The proofs a route requires, in the route's order; null where none was evaluated. */
export function routeProofs(receipt: Receipt, route: RouteResult): Array<{ name: string; proof: ProofResult | null }> {
  return route.required.map((name) => ({ name, proof: receipt.proofs.find((p) => p.name === name) ?? null }));
}

/** Next steps for a route: its proofs' and its violations', without repeats. */
export function routeNextSteps(receipt: Receipt, route: RouteResult): string[] {
  const steps: string[] = [];
  if (route.gated) {
    for (const { proof } of routeProofs(receipt, route)) if (proof?.next) steps.push(proof.next);
  }
  for (const v of receipt.violations) if (v.route === route.name && v.next) steps.push(v.next);
  return [...new Set(steps)];
}

/** `N commits: 3 claude-code, 1 human`, counted over every commit in the receipt. */
export function commitTally(commits: CommitAttribution[]): string {
  const counts = new Map<string, number>();
  for (const c of commits) counts.set(agentLabel(c.agent), (counts.get(agentLabel(c.agent)) ?? 0) + 1);
  // Ties by label in code-unit order, the same order as localeCompare for the catalog's
  // lower-case ids, without the ICU collator a first localeCompare builds (~6 ms of a fresh process).
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const noun = commits.length === 1 ? 'commit' : 'commits';
  return `${commits.length} ${noun}${parts.length ? ': ' : ''}${parts.map(([a, n]) => `${n} ${a}`).join(', ')}`;
}

export { plural } from '../text.js';
