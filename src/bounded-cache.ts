/**
 * A map that keeps at most about `limit` entries, for memoising pure
 * functions: generations of a quarter of the limit each, the oldest dropped
 * whole when the newest fills, so every operation is O(1) (evicting one entry
 * at a time from the front of a Map makes each eviction scan the holes earlier
 * ones left). An entry read from an older generation moves to the newest.
 *
 * Four generations rather than two: an entry survives until three quarters of
 * the limit has been written after its last read, not half. A working set
 * read in turn (the App re-evaluating 200 open pull requests of 100 commits
 * each) then stays whole up to 75 % of the limit; with two generations it
 * fell out at 50 %, and a 20,000-commit round kept 62 % of its commits in a
 * memo sized for 29,000.
 *
 * With `weigh`, `limit` is a total weight instead (say, bytes): a cache of
 * values whose size varies (commit messages) is then bounded in memory, not
 * only in count.
 */
const GENERATIONS = 4;

export class BoundedCache<K, V> {
  /** Newest first. */
  private generations: Array<Map<K, V>> = [new Map<K, V>()];
  /** The newest generation's weight (its entry count without `weigh`). */
  private newestWeight = 0;
  /** What one generation may hold; a small count limit gets fewer, larger generations. */
  private readonly budget: number;
  private readonly kept: number;

  constructor(
    limit: number,
    private readonly weigh: ((value: V, key: K) => number) | null = null,
  ) {
    this.kept = weigh ? GENERATIONS : Math.max(1, Math.min(GENERATIONS, Math.floor(limit)));
    this.budget = limit / this.kept;
  }

  get(key: K): V | undefined {
    const newest = this.generations[0]!;
    const hit = newest.get(key);
    if (hit !== undefined) return hit;
    for (let g = 1; g < this.generations.length; g++) {
      const older = this.generations[g]!;
      const old = older.get(key);
      if (old === undefined) continue;
      older.delete(key);
      this.set(key, old);
      return old;
    }
    return undefined;
  }

  delete(key: K): void {
    for (const generation of this.generations) generation.delete(key);
  }

  set(key: K, value: V): void {
    const weight = this.weightOf(value, key);
    const newest = this.generations[0]!;
    const replaced = newest.get(key);
    if (replaced !== undefined) {
      newest.delete(key);
      this.newestWeight -= this.weightOf(replaced, key);
    }
    // An entry heavier than a generation is not kept (nor an older value).
    if (weight > this.budget) {
      this.delete(key);
      return;
    }
    if (this.newestWeight + weight > this.budget) {
      this.generations.unshift(new Map<K, V>());
      if (this.generations.length > this.kept) this.generations.pop();
      this.newestWeight = 0;
    }
    this.generations[0]!.set(key, value);
    this.newestWeight += weight;
  }

  private weightOf(value: V, key: K): number {
    return this.weigh ? this.weigh(value, key) : 1;
  }
}
