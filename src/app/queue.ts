/**
 * One evaluation at a time per pull request, with bursts collapsed.
 *
 * Webhooks for one PR arrive in bursts (a push fires `synchronize`, then every
 * CI job's `check_run`, then `check_suite`). Evaluating them concurrently would
 * race to create the check run twice and spend API calls on identical
 * answers. Each evaluation reads the PR's current state, so requests that
 * arrive while one runs can be merged into a single follow-up run.
 */

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Slot<R> {
  /** The merged request for the next run, if any arrived while one was running. */
  next: R | null;
  waiters: Waiter[];
}

export class CoalescingQueue<R> {
  private readonly slots = new Map<string, Slot<R>>();

  /**
   * @param merge combines a queued request with a newer one for the same key.
   * @param work runs one (possibly merged) request.
   */
  constructor(
    private readonly merge: (queued: R, incoming: R) => R,
    private readonly work: (request: R) => Promise<void>,
  ) {}

  /** Resolves when a run that covers `request` has finished. */
  run(key: string, request: R): Promise<void> {
    const slot = this.slots.get(key);
    if (slot) {
      slot.next = slot.next === null ? request : this.merge(slot.next, request);
      return new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
    }
    const fresh: Slot<R> = { next: null, waiters: [] };
    this.slots.set(key, fresh);
    return this.work(request).finally(() => {
      void this.drain(key, fresh);
    });
  }

  /** Keys with a run in progress. */
  get size(): number {
    return this.slots.size;
  }

  private async drain(key: string, slot: Slot<R>): Promise<void> {
    while (slot.next !== null) {
      const request = slot.next;
      const waiters = slot.waiters.splice(0);
      slot.next = null;
      try {
        await this.work(request);
        for (const w of waiters) w.resolve();
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
    this.slots.delete(key);
  }
}

/**
 * At most `limit` evaluations in flight across all pull requests: a flood of
 * webhooks waits its turn instead of holding thousands of loaded pull
 * requests in memory at once.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, or free it.
      if (next) next();
      else this.active--;
    }
  }
}
