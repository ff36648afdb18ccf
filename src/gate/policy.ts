/**
 * Which policy governs a pull request, and which teams its review proofs need.
 */
import type { LoadedPullRequest } from '../github/load.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy, PolicyLoadResult } from '../policy/types.js';
import type { Snapshot } from '../snapshot.js';

export type PolicyChoice = { kind: 'none' } | { kind: 'loaded'; result: PolicyLoadResult };

/**
 * The base branch's policy file, else the organisation default from its
 * `.github` repository (the loader already picked one; never the PR head), else none.
 */
export function choosePolicy(loaded: Pick<LoadedPullRequest, 'policy'>): PolicyChoice {
  const file = loaded.policy;
  if (!file) return { kind: 'none' };
  return { kind: 'loaded', result: loadPolicy(file.text, { path: file.path, origin: file.origin, ref: file.ref }) };
}

/**
 * Teams named by the policy's review proofs, but only when some review could
 * be affected by membership: with no approval or change request on the PR,
 * membership cannot change the verdict and the lookup is skipped.
 */
export function teamsToResolve(policy: Policy, snapshot: Snapshot): string[] {
  const decisive = snapshot.reviews.some((r) => r.author !== null && (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED'));
  if (!decisive) return [];
  const teams = new Set<string>();
  for (const proof of Object.values(policy.doc.proofs)) {
    if (proof.kind === 'review') for (const team of proof.teams) teams.add(team);
  }
  return [...teams].filter((t) => snapshot.teams[t] === undefined);
}
