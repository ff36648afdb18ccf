/**
 * Delivery ids (X-GitHub-Delivery) this process has taken, so a delivery
 * GitHub sends twice is evaluated once. A redelivery keeps its id: one whose
 * earlier attempt failed runs again, one in flight or done is skipped.
 * Bounded (oldest forgotten first). Each replica keeps its own: a duplicate
 * that reaches two replicas is evaluated twice, which costs calls but not
 * correctness (each evaluation writes its own run, src/app/marks.ts).
 */
/**
 * Deliveries whose handling failed in this process. Most were answered with
 * an error, which GitHub records; but the webhook receiver answers "202 still
 * processing" after 9 seconds (GitHub waits 10), and a failure after that is
 * a success on GitHub's side. The recovery (src/app/redelivery.ts) asks for
 * these again whatever GitHub recorded.
 */
export class FailedDeliveries {
  private readonly ids = new Set<string>();
  constructor(private readonly maxEntries = 10_000) {}

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    for (const old of this.ids) {
      if (this.ids.size <= this.maxEntries) break;
      this.ids.delete(old);
    }
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }
}

/** This process's failed deliveries, shared by every App instance in it and the recovery. */
export const failedDeliveries = new FailedDeliveries();

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
    failedDeliveries.delete(id);
  }

  /** A failed attempt is forgotten, so GitHub's redelivery of it is handled, and remembered for the recovery. */
  failed(id: string): void {
    this.taken.delete(id);
    failedDeliveries.add(id);
  }
}
