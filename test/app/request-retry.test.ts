/**
 * The App's retries without a scheduler per request (src/app/request-retry.ts)
 * keep the rules of Octokit's retry plugin, which they replace, and the global
 * lane keeps its cap of requests at once per installation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyLane } from '../../src/app/lanes.js';
import { ProofgateOctokit } from '../../src/app/octokit.js';
import { RetryLimiter } from '../../src/app/request-retry.js';

type Reply = { status: number; body: unknown } | 'reset';
let replies: Reply[] = [];
let hits: number[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(Date.now());
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    if (reply === 'reset') return req.socket.destroy();
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits = [];
});

function octokit(retry: object = { retryAfterBaseValue: 10 }): InstanceType<typeof ProofgateOctokit> {
  const log = { warn() {}, info() {}, debug() {}, error() {}, child: () => log };
  return new ProofgateOctokit({ auth: { token: 'ghs_test' }, baseUrl, log, throttle: { retryAfterBaseValue: 1 }, retry });
}

const gaps = () => hits.slice(1).map((t, i) => t - hits[i]!);

describe("ProofgateOctokit's request retries", () => {
  it('retries a server error three times, 1, 4 and 9 "seconds" apart, then gives up (once: no second retry plugin)', async () => {
    replies = [{ status: 502, body: { message: 'Bad gateway' } }];
    await expect(octokit().request('GET /app')).rejects.toMatchObject({ status: 502 });
    expect(hits).toHaveLength(4);
    const [a, b, c] = gaps();
    expect(a).toBeGreaterThanOrEqual(9);
    expect(b).toBeGreaterThanOrEqual(39);
    expect(c).toBeGreaterThanOrEqual(89);
  });

  it('retries a connection reset (a network error counts as a 500)', async () => {
    replies = ['reset', { status: 200, body: { slug: 'proofgate' } }];
    await expect(octokit().request('GET /app')).resolves.toMatchObject({ status: 200, data: { slug: 'proofgate' } });
    expect(hits).toHaveLength(2);
  });

  it('does not retry what retrying cannot fix', async () => {
    for (const status of [400, 401, 404, 410, 422, 451]) {
      hits = [];
      replies = [{ status, body: { message: 'no' } }];
      await expect(octokit().request('GET /app')).rejects.toMatchObject({ status });
      expect(hits).toHaveLength(1);
    }
  });

  it('leaves GitHub\'s 200 "Something went wrong" GraphQL answer to the gate, as the App always did', async () => {
    replies = [
      { status: 200, body: { data: null, errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout.' }] } },
    ];
    await expect(octokit().graphql('query { viewer { login } }')).rejects.toThrow(/Something went wrong/);
    expect(hits).toHaveLength(1);
  });

  it('is off with `retry: { enabled: false }`, and honours `retries`', async () => {
    replies = [{ status: 503, body: { message: 'Unavailable' } }];
    await expect(octokit({ enabled: false }).request('GET /app')).rejects.toMatchObject({ status: 503 });
    expect(hits).toHaveLength(1);
    hits = [];
    await expect(octokit({ retries: 1, retryAfterBaseValue: 1 }).request('GET /app')).rejects.toMatchObject({ status: 503 });
    expect(hits).toHaveLength(2);
  });
});

describe('RetryLimiter', () => {
  it("runs the job again after the wait a 'failed' listener returns, and lets the error stand when none does", async () => {
    const limiter = new RetryLimiter();
    const seen: number[] = [];
    limiter.on('failed', (_error, info) => {
      seen.push(info.retryCount);
      return info.retryCount < 2 ? 1 : undefined;
    });
    let runs = 0;
    const failing = async (x: number) => {
      runs++;
      throw new Error(`no ${x}`);
    };
    await expect(limiter.schedule(failing, 7)).rejects.toThrow('no 7');
    expect(runs).toBe(3);
    expect(seen).toEqual([0, 1, 2]);
    await expect(limiter.schedule({ priority: 0 }, async (a: number, b: number) => a + b, 1, 2)).resolves.toBe(3);
  });
});

describe('ConcurrencyLane', () => {
  it('runs at most `max` jobs at once per id, in arrival order; other ids and weight-0 jobs do not wait', async () => {
    const lane = new ConcurrencyLane(2);
    const releases: Array<() => void> = [];
    const started: string[] = [];
    const job = (name: string) => () => {
      started.push(name);
      return new Promise<string>((resolve) => releases.push(() => resolve(name)));
    };
    const a = ['a1', 'a2', 'a3', 'a4'].map((n) => lane.key('A').schedule({}, job(n)));
    const b = lane.key('B').schedule({}, job('b1'));
    const retry = lane.key('A').schedule({ weight: 0 }, job('a-retry'));
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual(['a1', 'a2', 'b1', 'a-retry']);
    expect(lane.size('A')).toEqual({ running: 2, waiting: 2 });
    releases[0]!();
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual(['a1', 'a2', 'b1', 'a-retry', 'a3']);
    for (let i = 1; i < 10; i++) releases[i]?.();
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 10; i++) releases[i]?.();
    await expect(Promise.all([...a, b, retry])).resolves.toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'a-retry']);
    expect(lane.size('A')).toEqual({ running: 0, waiting: 0 });
  });
});
