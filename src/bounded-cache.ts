/**
 * A map that keeps at most about `limit` entries, for memoising pure
 * functions: two generations, the older dropped whole when the newer fills, so
 * every operation is O(1) (evicting one entry at a time from the front of a
 * Map makes each eviction scan the holes earlier ones left). An entry read
 * from the older generation moves to the newer one.
 */
export class BoundedCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly limit: number) {}

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
    if (this.current.size >= Math.ceil(this.limit / 2)) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}
