/**
 * Which agents and models touched which files. Ledgers and commits can only add
 * touches, never remove them: a claim by the gated party cannot clear a path.
 */
import type { AttributionResult } from '../attribution/types.js';
import type { Snapshot } from '../snapshot.js';

export interface Touch {
  agent: string | null;
  model: string | null;
  /** A commit that made this touch, for the receipt; null when only a ledger says so. */
  commit: string | null;
}

export interface TouchIndex {
  /** Distinct (agent, model) touches of a path. */
  forFile(path: string): Touch[];
}

const keyOf = (t: Touch) => `${t.agent ?? ''}\u0000${t.model ?? ''}`;

export function indexTouches(snapshot: Snapshot, attribution: AttributionResult): TouchIndex {
  const bySha = new Map(attribution.commits.map((c) => [c.sha, c]));
  // Commits whose changed files are unknown may have touched any file (fail closed).
  const everywhere = new Map<string, Touch>();
  const perFile = new Map<string, Map<string, Touch>>();
  const addTo = (path: string, touch: Touch) => {
    let touches = perFile.get(path);
    if (!touches) perFile.set(path, (touches = new Map()));
    if (!touches.has(keyOf(touch))) touches.set(keyOf(touch), touch);
  };

  for (const commit of snapshot.commits) {
    const who = bySha.get(commit.sha);
    const touch: Touch = { agent: who?.agent ?? null, model: who?.model ?? null, commit: commit.sha };
    if (commit.files === null) {
      if (!everywhere.has(keyOf(touch))) everywhere.set(keyOf(touch), touch);
    } else {
      for (const path of commit.files) addTo(path, touch);
    }
  }
  for (const claim of attribution.fileClaims) {
    if (claim.agent === null && claim.model === null) continue;
    addTo(claim.path, { agent: claim.agent ?? 'unknown', model: claim.model, commit: claim.commitSha });
  }

  const global = [...everywhere.values()];
  return {
    forFile(path) {
      const own = perFile.get(path);
      if (!own) return global;
      if (global.length === 0) return [...own.values()];
      const merged = new Map(everywhere);
      for (const [k, t] of own) if (!merged.has(k)) merged.set(k, t);
      return [...merged.values()];
    },
  };
}
