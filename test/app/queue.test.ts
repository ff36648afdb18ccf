import { describe, expect, it } from 'vitest';
import { CoalescingQueue, Limiter, QueueFullError } from '../../src/app/queue.js';

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
    const limiter = new Limiter({ limit: 2 });
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.run('installation:1', async () => {
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
    await expect(limiter.run('k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run('k', async () => 'ok')).resolves.toBe('ok');
  });

  it('gives one installation at most `perKey` slots; the others keep theirs while it is stalled', async () => {
    const limiter = new Limiter({ limit: 4, perKey: 2 });
    const stalled = deferred();
    const started: string[] = [];
    const busy = Array.from({ length: 5 }, (_, i) =>
      limiter.run('installation:noisy', async () => {
        started.push(`noisy-${i}`);
        await stalled.promise;
      }),
    );
    // Two of the noisy installation's tasks run; its other three wait even though two slots are free.
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual(['noisy-0', 'noisy-1']);
    expect(limiter.queued).toBe(3);
    // Another installation is not stuck behind them.
    await limiter.run('installation:quiet', async () => {
      started.push('quiet');
    });
    expect(started).toEqual(['noisy-0', 'noisy-1', 'quiet']);
    stalled.resolve();
    await Promise.all(busy);
    expect(started).toEqual(['noisy-0', 'noisy-1', 'quiet', 'noisy-2', 'noisy-3', 'noisy-4']);
    expect(limiter.queued).toBe(0);
  });

  it('hands a freed slot to the oldest waiter whose installation is under its share', async () => {
    const limiter = new Limiter({ limit: 2, perKey: 1 });
    const gates = { a: deferred(), b: deferred() };
    const order: string[] = [];
    const task = (name: string, wait?: Promise<void>) => async () => {
      order.push(name);
      await wait;
    };
    const runs = [
      limiter.run('a', task('a1', gates.a.promise)),
      limiter.run('b', task('b1', gates.b.promise)),
      limiter.run('a', task('a2')),
      limiter.run('c', task('c1')),
    ];
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['a1', 'b1']);
    // b finishes: a2 is older but `a` still has its one slot, so c1 goes first.
    gates.b.resolve();
    await runs[3];
    expect(order).toEqual(['a1', 'b1', 'c1']);
    gates.a.resolve();
    await Promise.all(runs);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('refuses tasks beyond `maxWaiting` without running them', async () => {
    const limiter = new Limiter({ limit: 1, maxWaiting: 2 });
    const gate = deferred();
    let ran = 0;
    const task = async () => {
      ran++;
      await gate.promise;
    };
    const accepted = [limiter.run('a', task), limiter.run('b', task), limiter.run('c', task)];
    const refused = limiter.run('d', task);
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toThrow('2 evaluations are already waiting; this one was dropped');
    gate.resolve();
    await Promise.all(accepted);
    expect(ran).toBe(3);
  });

  it('lets one key fill at most half of the waiting room, leaving space for the others', async () => {
    const limiter = new Limiter({ limit: 1, maxWaiting: 4 });
    const gate = deferred();
    const task = async () => gate.promise;
    const running = limiter.run('busy', task);
    const waitingBusy = [limiter.run('busy', task), limiter.run('busy', task)];
    await expect(limiter.run('busy', task)).rejects.toBeInstanceOf(QueueFullError);
    const other = limiter.run('quiet', task);
    expect(limiter.queued).toBe(3);
    gate.resolve();
    await Promise.all([running, ...waitingBusy, other]);
    expect(limiter.queued).toBe(0);
    // Once they have run, the busy key may wait again.
    await expect(limiter.run('busy', async () => 'ok')).resolves.toBe('ok');
  });
});
