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

/** A task refused because too many are already waiting. */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} evaluations are already waiting; this one was dropped`);
    this.name = 'QueueFullError';
  }
}

export interface LimiterOptions {
  /** Tasks in flight at once across all keys. */
  limit: number;
  /** Tasks in flight at once for one key (one installation), so one tenant cannot hold every slot. */
  perKey?: number;
  /** Tasks waiting for a slot; more are refused with QueueFullError. */
  maxWaiting?: number;
  /** Tasks waiting for one key; default half of `maxWaiting`, so one tenant cannot fill the queue. */
  maxWaitingPerKey?: number;
}

interface Waiting {
  key: string;
  start: () => void;
}

/**
 * At most `limit` evaluations in flight across all pull requests, and at most
 * `perKey` for one installation: a flood of webhooks waits its turn instead of
 * holding thousands of loaded pull requests in memory at once, and one
 * installation stalled on GitHub (rate limits, slow responses) leaves the
 * other slots to everyone else. Beyond `maxWaiting` waiting tasks, new ones
 * are refused rather than queued without bound.
 */
export class Limiter {
  private active = 0;
  private readonly activeByKey = new Map<string, number>();
  private readonly waiting: Waiting[] = [];
  private readonly limit: number;
  private readonly perKey: number;
  private readonly maxWaiting: number;
  private readonly maxWaitingPerKey: number;
  private readonly waitingByKey = new Map<string, number>();

  constructor(options: LimiterOptions) {
    this.limit = options.limit;
    this.perKey = Math.min(options.perKey ?? options.limit, options.limit);
    this.maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
    this.maxWaitingPerKey = options.maxWaitingPerKey ?? Math.ceil(this.maxWaiting / 2);
  }

  /** Runs `task` when a slot for `key` is free; rejects with QueueFullError when too many wait. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.canStart(key)) {
      this.take(key);
    } else {
      const waitingForKey = this.waitingByKey.get(key) ?? 0;
      if (this.waiting.length >= this.maxWaiting) throw new QueueFullError(this.waiting.length);
      if (waitingForKey >= this.maxWaitingPerKey) throw new QueueFullError(waitingForKey);
      this.waitingByKey.set(key, waitingForKey + 1);
      // The slot is taken on our behalf by `release` before `start` is called.
      await new Promise<void>((start) => this.waiting.push({ key, start }));
      this.waitingByKey.set(key, (this.waitingByKey.get(key) ?? 1) - 1);
    }
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  private canStart(key: string): boolean {
    return this.active < this.limit && (this.activeByKey.get(key) ?? 0) < this.perKey;
  }

  private take(key: string): void {
    this.active++;
    this.activeByKey.set(key, (this.activeByKey.get(key) ?? 0) + 1);
  }

  private release(key: string): void {
    this.active--;
    const left = (this.activeByKey.get(key) ?? 1) - 1;
    if (left === 0) this.activeByKey.delete(key);
    else this.activeByKey.set(key, left);
    // The oldest waiter whose installation is under its share goes next.
    const index = this.waiting.findIndex((w) => this.canStart(w.key));
    if (index < 0) return;
    const [next] = this.waiting.splice(index, 1);
    this.take(next!.key);
    next!.start();
  }
}
