import { describe, expect, it } from 'vitest';
import { CoalescingQueue, Limiter } from '../../src/app/queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CoalescingQueue', () => {
  it('runs one job per key at a time and merges the ones that arrive meanwhile into one', async () => {
    const ran: string[][] = [];
    const gate = deferred();
    const queue = new CoalescingQueue<string[]>(
      (a, b) => [...a, ...b],
      async (job) => {
        ran.push(job);
        if (ran.length === 1) await gate.promise;
      },
    );
    const first = queue.run('pr-1', ['opened']);
    const second = queue.run('pr-1', ['review']);
    const third = queue.run('pr-1', ['check']);
    const other = queue.run('pr-2', ['opened']);
    await other;
    expect(ran).toEqual([['opened'], ['opened']]);
    gate.resolve();
    await Promise.all([first, second, third]);
    expect(ran).toEqual([['opened'], ['opened'], ['review', 'check']]);
    expect(queue.size).toBe(0);
  });

  it('passes a failure to the callers whose job failed, and keeps going', async () => {
    const queue = new CoalescingQueue<number>(
      (_a, b) => b,
      async (n) => {
        if (n === 2) throw new Error('boom');
      },
    );
    const results = await Promise.allSettled([queue.run('k', 1), queue.run('k', 2), queue.run('k', 3)]);
    // 2 and 3 were merged into 3, which succeeded.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    await expect(queue.run('k', 2)).rejects.toThrow('boom');
    await expect(queue.run('k', 1)).resolves.toBeUndefined();
  });
});

describe('Limiter', () => {
  it('keeps at most `limit` tasks in flight and runs the rest in arrival order', async () => {
    const limiter = new Limiter(2);
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          order.push(i);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
  });
});
