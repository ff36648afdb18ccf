/**
 * Which policy governs a pull request, and which teams its proofs need looked up.
 */
import type { LoadedPullRequest } from '../github/load.js';
import { loadPolicy, policyDigest, policyTooLarge } from '../policy/load.js';
import type { Policy, PolicyLoadResult } from '../policy/types.js';
import { teamsNeeded } from '../proofs/registry.js';
import type { Snapshot } from '../snapshot.js';

export type PolicyChoice = { kind: 'none' } | { kind: 'loaded'; result: PolicyLoadResult };

/**
 * Parsed policies by source and text digest. A repository's policy changes
 * rarely, and reusing the same Policy object also reuses the engine's
 * compiled globs (cached per Policy object): parsing and compiling are most of
 * the cost of an evaluation besides the receipt. The engine never mutates a
 * policy. Keys hold a digest, not the text, so the cache's size does not grow
 * with the policies' size.
 */
const parsed = new Map<string, PolicyLoadResult>();
const PARSED_MAX = 200;

type Source = { path: string; origin: 'base-branch' | 'organization'; ref: string };

function loadCached(text: string, source: Source): PolicyLoadResult {
  const key = `${source.origin}\u0000${source.path}\u0000${source.ref}\u0000${policyDigest(text)}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const result = loadPolicy(text, source);
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, result);
  return result;
}

/**
 * The base branch's policy file, else the organisation default from its
 * `.github` repository (the loader already picked one; never the PR head), else none.
 */
export function choosePolicy(loaded: Pick<LoadedPullRequest, 'policy'>): PolicyChoice {
  const file = loaded.policy;
  if (!file) return { kind: 'none' };
  const bytes = Math.max(file.byteSize ?? 0, Buffer.byteLength(file.text, 'utf8'));
  const tooLarge = policyTooLarge({ path: file.path, origin: file.origin, ref: file.ref }, bytes, policyDigest(file.text));
  if (tooLarge) return { kind: 'loaded', result: tooLarge };
  return { kind: 'loaded', result: loadCached(file.text, { path: file.path, origin: file.origin, ref: file.ref }) };
}

/**
 * Teams the policy's proofs read (review proofs' `teams`), but only when some review could
 * be affected by membership: with no approval or change request on the PR,
 * membership cannot change the verdict and the lookup is skipped.
 */
export function teamsToResolve(policy: Policy, snapshot: Snapshot): string[] {
  const decisive = snapshot.reviews.some((r) => r.author !== null && (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED'));
  if (!decisive) return [];
  const teams = new Set<string>();
  for (const proof of Object.values(policy.doc.proofs)) {
    for (const team of teamsNeeded(proof)) teams.add(team);
  }
  return [...teams].filter((t) => snapshot.teams[t] === undefined);
}
