/**
 * Delivery ids (X-GitHub-Delivery) this process has taken, so a delivery
 * GitHub sends twice is evaluated once. A redelivery keeps its id: one whose
 * earlier attempt failed runs again, one in flight or done is skipped.
 * Bounded (oldest forgotten first). Each replica keeps its own: a duplicate
 * that reaches two replicas is evaluated twice, which costs calls but not
 * correctness (each evaluation writes its own run, src/app/marks.ts).
 */
export class DeliveryLog {
  private readonly taken = new Map<string, 'running' | 'done'>();

  constructor(private readonly maxEntries = 50_000) {}

  /** Whether to handle this delivery now (false: it is running or was handled). */
  begin(id: string): boolean {
    if (this.taken.has(id)) return false;
    this.taken.set(id, 'running');
    for (const old of this.taken.keys()) {
      if (this.taken.size <= this.maxEntries) break;
      this.taken.delete(old);
    }
    return true;
  }

  succeeded(id: string): void {
    if (this.taken.has(id)) this.taken.set(id, 'done');
  }

  /** A failed attempt is forgotten, so GitHub's redelivery of it is handled. */
  failed(id: string): void {
    this.taken.delete(id);
  }
}
