/**
 * A map that keeps at most about `limit` entries, for memoising pure
 * functions: two generations, the older dropped whole when the newer fills, so
 * every operation is O(1) (evicting one entry at a time from the front of a
 * Map makes each eviction scan the holes earlier ones left). An entry read
 * from the older generation moves to the newer one.
 *
 * With `weigh`, `limit` is a total weight instead (say, bytes): a cache of
 * values whose size varies (commit messages) is then bounded in memory, not
 * only in count.
 */
export class BoundedCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  /** The newer generation's weight (its entry count without `weigh`). */
  private currentWeight = 0;

  constructor(
    private readonly limit: number,
    private readonly weigh: ((value: V) => number) | null = null,
  ) {}

  get(key: K): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  delete(key: K): void {
    this.current.delete(key);
    this.previous.delete(key);
  }

  set(key: K, value: V): void {
    const weightOf = (v: V) => (this.weigh ? this.weigh(v) : 1);
    const weight = weightOf(value);
    const half = Math.ceil(this.limit / 2);
    const replaced = this.current.get(key);
    if (replaced !== undefined) {
      this.current.delete(key);
      this.currentWeight -= weightOf(replaced);
    }
    // Each generation holds at most half the limit: an entry heavier than that is not kept (nor an older value).
    if (weight > half) {
      this.previous.delete(key);
      return;
    }
    if (this.currentWeight + weight > half) {
      this.previous = this.current;
      this.current = new Map();
      this.currentWeight = 0;
    }
    this.current.set(key, value);
    this.currentWeight += weight;
  }
}
