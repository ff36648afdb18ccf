/**
 * Which agents and models touched which files. Ledgers and commits can only add
 * touches, never remove them: a claim by the gated party cannot clear a path.
 *
 * Touch sets are interned: a 3,000-file PR has only a handful of distinct sets,
 * so per-set work (tier checks, route summaries) is done once per set, not per file.
 */
import type { AttributionResult } from '../attribution/types.js';
import type { Snapshot } from '../snapshot.js';

export interface Touch {
  agent: string | null;
  model: string | null;
  /** A commit that made this touch, for the receipt; null when only a ledger says so. */
  commit: string | null;
}

export interface TouchSet {
  /** Identifies the set; equal sets are the same object. */
  key: string;
  touches: readonly Touch[];
  /** Some touch is by an agent (not a human). */
  byAgent: boolean;
}

export interface TouchIndex {
  forFile(path: string): TouchSet;
  /** The union of the sets of several paths (a rename's old and new path). */
  forFiles(paths: readonly string[]): TouchSet;
}

/**
 * Identifies an (agent, model) pair: two pairs share a key only when they are
 * equal. Names come from the PR head (ledgers), so a separator they could hold
 * (NUL) or a null read as '' would let one claim pass for another.
 */
export const touchKey = (t: { agent: string | null; model: string | null }) => JSON.stringify([t.agent, t.model]);

export function indexTouches(snapshot: Snapshot, attribution: AttributionResult): TouchIndex {
  const distinct: Touch[] = [];
  // By agent, then model (each pair its own, as touchKey tells them apart): a touch seen again
  // (most commits of a pull request) allocates nothing. The first touch of a pair stands for it.
  const idOf = new Map<string | null, Map<string | null, number>>();
  const intern = (agent: string | null, model: string | null, commit: string | null): number => {
    let byModel = idOf.get(agent);
    if (!byModel) idOf.set(agent, (byModel = new Map<string | null, number>()));
    let id = byModel.get(model);
    if (id === undefined) {
      byModel.set(model, (id = distinct.length));
      distinct.push({ agent, model, commit });
    }
    return id;
  };

  const bySha = new Map<string, AttributionResult['commits'][number]>();
  for (const c of attribution.commits) bySha.set(c.sha, c);
  // Each source's touch id and the files it names; null files: unknown, so every file (fail closed).
  // A commit touches with every model any evidence names for it: a second claim (a
  // ledger naming a smaller model than the trailer) can add a restriction, never lift one.
  const commits: Array<[id: number, files: readonly string[] | null]> = [];
  for (const commit of snapshot.commits) {
    const who = bySha.get(commit.sha);
    const agent = who?.agent ?? null;
    const model = who?.model ?? null;
    commits.push([intern(agent, model, commit.sha), commit.files]);
    // The other models, each once, in the order named.
    const others = who?.models ?? [];
    for (let i = 0; i < others.length; i++) {
      const other = others[i]!;
      if (other !== model && others.indexOf(other) === i) commits.push([intern(agent, other, commit.sha), commit.files]);
    }
    // The agent whose bot account opened the pull request wrote its commits too, with a model
    // nobody named, whatever agent a commit's claims name: a claim cannot take it away.
    const opener = attribution.pullRequestAgent;
    if (opener && opener !== agent) commits.push([intern(opener, null, commit.sha), commit.files]);
  }
  // A claim on a path the pull request does not change touches nothing routing asks about
  // (a ledger can name tens of thousands of paths): it gets no touch id and no mask.
  const changed = new Set<string>();
  if (attribution.fileClaims.length > 0) {
    for (const file of snapshot.files) {
      changed.add(file.path);
      if (file.previousPath !== null) changed.add(file.previousPath);
    }
  }
  const claims: Array<[id: number, path: string]> = [];
  for (const claim of attribution.fileClaims) {
    if (claim.agent === null && claim.model === null) continue;
    if (!changed.has(claim.path)) continue;
    // No commit: the one a ledger names is its word (a commit outside the pull request, or no commit at all;
    // one of the pull request's takes the ledger's evidence and touches as itself).
    claims.push([intern(claim.agent ?? 'unknown', claim.model, null), claim.path]);
  }

  const sets = new Map<string, TouchSet>();
  const setOf = (ids: readonly number[]): TouchSet => {
    const key = ids.join(',');
    let set = sets.get(key);
    if (!set) {
      const touches = ids.map((id) => distinct[id]!);
      sets.set(key, (set = { key, touches, byAgent: touches.some((t) => t.agent !== null) }));
    }
    return set;
  };

  /*
   * A path's touches: the commits that list it, plus those whose files are
   * unknown, plus ledger claims. A changed path that no commit lists cannot be
   * explained by the lists, so every commit is taken to have touched it.
   */
  // Few distinct touches (the usual case): a bit mask per file, no allocation per lookup.
  if (distinct.length <= 30) {
    let everywhere = 0;
    let anyCommit = 0;
    const listed = new Map<string, number>();
    const claimed = new Map<string, number>();
    for (const [id, files] of commits) {
      anyCommit |= 1 << id;
      if (files === null) everywhere |= 1 << id;
      else for (const path of files) listed.set(path, (listed.get(path) ?? 0) | (1 << id));
    }
    for (const [id, path] of claims) claimed.set(path, (claimed.get(path) ?? 0) | (1 << id));
    const byMask = new Map<number, TouchSet>();
    const setOfMask = (mask: number) => {
      let set = byMask.get(mask);
      if (!set) byMask.set(mask, (set = setOf(distinct.map((_, id) => id).filter((id) => mask & (1 << id)))));
      return set;
    };
    const maskOf = (path: string) => {
      const byCommits = listed.get(path);
      return (byCommits === undefined ? anyCommit : everywhere | byCommits) | (claimed.get(path) ?? 0);
    };
    return {
      forFile: (path) => setOfMask(maskOf(path)),
      forFiles: (paths) => setOfMask(paths.reduce((mask, p) => mask | maskOf(p), 0)),
    };
  }
  // Many distinct touches: the same masks, as arrays of 32-bit words (linear in files, commits and touches).
  const words = Math.ceil(distinct.length / 32);
  const everywhere = new Uint32Array(words);
  const anyCommit = new Uint32Array(words);
  const listed = new Map<string, Uint32Array>();
  const claimed = new Map<string, Uint32Array>();
  const setBit = (map: Map<string, Uint32Array>, path: string, id: number) => {
    let mask = map.get(path);
    if (!mask) map.set(path, (mask = new Uint32Array(words)));
    mask[id >>> 5]! |= 1 << (id & 31);
  };
  for (const [id, files] of commits) {
    anyCommit[id >>> 5]! |= 1 << (id & 31);
    if (files === null) everywhere[id >>> 5]! |= 1 << (id & 31);
    else for (const path of files) setBit(listed, path, id);
  }
  for (const [id, path] of claims) setBit(claimed, path, id);
  // Sets by a hash of their mask, each candidate compared word by word: no string or array per file.
  const byHash = new Map<number, Array<{ mask: Uint32Array; set: TouchSet }>>();
  const scratch = new Uint32Array(words);
  const setOfPaths = (paths: readonly string[]): TouchSet => {
    scratch.fill(0);
    for (const p of paths) {
      const byCommits = listed.get(p);
      const byClaims = claimed.get(p);
      for (let w = 0; w < words; w++) {
        scratch[w]! |= (byCommits === undefined ? anyCommit[w]! : everywhere[w]! | byCommits[w]!) | (byClaims === undefined ? 0 : byClaims[w]!);
      }
    }
    let hash = 0;
    for (let w = 0; w < words; w++) hash = (Math.imul(hash, 31) + scratch[w]!) | 0;
    let bucket = byHash.get(hash);
    if (bucket) {
      for (const entry of bucket) if (sameWords(entry.mask, scratch)) return entry.set;
    } else byHash.set(hash, (bucket = []));
    const ids: number[] = [];
    for (let id = 0; id < distinct.length; id++) if (scratch[id >>> 5]! & (1 << (id & 31))) ids.push(id);
    const set = setOf(ids);
    bucket.push({ mask: scratch.slice(), set });
    return set;
  };
  return { forFile: (path) => setOfPaths([path]), forFiles: (paths) => setOfPaths(paths) };
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let w = 0; w < a.length; w++) if (a[w] !== b[w]) return false;
  return true;
}
