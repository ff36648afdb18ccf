/** The fake GitHub (bench/app-fake.ts) in its own process, driven over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { FakePullRequest } from '../test/support/fake-github/index.js';
import type { CallSummary, Exchange, FakeRequest, ReviewChange, SetupRequest, TimelineEntry } from './app-fake.js';

export class FakeProcess {
  private next = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id: number; result: unknown }) => {
      this.pending.get(m.id)?.(m.result);
      this.pending.delete(m.id);
    });
  }

  static async start(): Promise<FakeProcess> {
    const child = fork(new URL('./app-fake.js', import.meta.url), { stdio: 'inherit' });
    const fake = new FakeProcess(child);
    await new Promise<void>((resolve) => fake.pending.set(0, () => resolve()));
    return fake;
  }

  private call<T>(message: Omit<FakeRequest, 'id'>): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (r: unknown) => void);
      this.child.send({ ...message, id });
    });
  }

  setup(args: SetupRequest): Promise<{ url: string; appId: number; prs: FakePullRequest[] }> {
    return this.call({ cmd: 'setup', args } as Omit<FakeRequest, 'id'>);
  }
  review(args: ReviewChange): Promise<void> {
    return this.call({ cmd: 'review', args } as Omit<FakeRequest, 'id'>);
  }
  reviews(args: ReviewChange[]): Promise<void> {
    return this.call({ cmd: 'reviews', args } as Omit<FakeRequest, 'id'>);
  }
  /** Records each answer's body from now on (or stops). */
  keepResponses(on: boolean): Promise<void> {
    return this.call({ cmd: 'keepResponses', args: on } as Omit<FakeRequest, 'id'>);
  }
  /** The requests since the last reset with their answers (bodies only while keepResponses is on). */
  exchanges(): Promise<Exchange[]> {
    return this.call({ cmd: 'exchanges' });
  }
  /** The fake's process id (its CPU time is read from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }
  timeline(): Promise<TimelineEntry[]> {
    return this.call({ cmd: 'timeline' });
  }
  calls(): Promise<CallSummary[]> {
    return this.call({ cmd: 'calls' });
  }
  reset(): Promise<void> {
    return this.call({ cmd: 'reset' });
  }
  /** Waits until no request has arrived for `quietMs` (at most `maxMs`): the App has finished what it was sent. */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const t0 = performance.now();
    let count = -1;
    let since = performance.now();
    while (performance.now() - t0 < maxMs) {
      await new Promise((r) => setTimeout(r, 250));
      const n = (await this.calls()).length;
      if (n !== count) {
        count = n;
        since = performance.now();
      } else if (performance.now() - since >= quietMs) return;
    }
  }
  close(): Promise<void> {
    return this.call({ cmd: 'close' });
  }
}
