/** The App's Octokit: rate-limited requests are retried only after a short wait, at most twice. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paceByInstallation, ProofgateOctokit, shouldRetryRateLimit } from '../../src/app/octokit.js';

type Reply = { status: number; headers?: Record<string, string>; body: unknown };
let replies: Reply[] = [];
let hits = 0;

let server: Server;
let baseUrl: string;
const warnings: string[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits = 0;
  warnings.length = 0;
});

function octokit(): InstanceType<typeof ProofgateOctokit> {
  const log = { warn: (m: string) => warnings.push(m), info() {}, debug() {}, error() {}, child: () => log };
  return new ProofgateOctokit({
    auth: { token: 'ghs_test' },
    baseUrl,
    log: log,
    // Seconds become milliseconds, so the test does not wait.
    throttle: { retryAfterBaseValue: 1 },
    retry: { retryAfterBaseValue: 1 },
  });
}

const secondary = (retryAfter: number): Reply => ({
  status: 403,
  headers: { 'retry-after': String(retryAfter) },
  body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
});

const primary = (resetInSeconds: number): Reply => ({
  status: 403,
  headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds) },
  body: { message: 'API rate limit exceeded for installation ID 1.' },
});

describe('ProofgateOctokit', () => {
  it('retries only waits of at most 60 s, at most twice', () => {
    expect(shouldRetryRateLimit(60, 0)).toBe(true);
    expect(shouldRetryRateLimit(61, 0)).toBe(false);
    expect(shouldRetryRateLimit(1, 1)).toBe(true);
    expect(shouldRetryRateLimit(1, 2)).toBe(false);
  });

  it('fails at once when a secondary rate limit asks for a long wait', async () => {
    replies = [secondary(3600)];
    const started = Date.now();
    await expect(octokit().request('GET /app')).rejects.toMatchObject({ status: 403 });
    expect(hits).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(warnings).toEqual([expect.stringMatching(/^Secondary rate limit hit with "GET \/app"; GitHub asks to wait 3600 s, not retrying/)]);
  });

  it('fails at once when the primary rate limit resets in an hour', async () => {
    replies = [primary(3600)];
    await expect(octokit().request('GET /app')).rejects.toMatchObject({ status: 403 });
    expect(hits).toBe(1);
    expect(warnings[0]).toMatch(/^Rate limit hit with "GET \/app"; GitHub asks to wait \d+ s, not retrying/);
  });

  it('retries a short wait twice, then gives up', async () => {
    replies = [secondary(1)];
    await expect(octokit().request('GET /app')).rejects.toMatchObject({ status: 403 });
    expect(hits).toBe(3);
  });

  it('succeeds when a short wait is enough', async () => {
    replies = [secondary(1), { status: 200, body: { slug: 'proofgate' } }];
    const res = await octokit().request('GET /app');
    expect(res.data).toEqual({ slug: 'proofgate' });
    expect(hits).toBe(2);
  });

  it("does not retry a 429 on the retry plugin's schedule as well", async () => {
    replies = [{ ...secondary(3600), status: 429 }];
    await expect(octokit().request('GET /app')).rejects.toMatchObject({ status: 429 });
    expect(hits).toBe(1);
  });

  it('still retries server errors', async () => {
    replies = [
      { status: 502, body: { message: 'Bad gateway' } },
      { status: 200, body: { slug: 'proofgate' } },
    ];
    await expect(octokit().request('GET /app')).resolves.toMatchObject({ status: 200 });
    expect(hits).toBe(2);
  });
});

describe('installation tokens', () => {
  it('accepts a token answer only when it holds a token that is not about to expire', async () => {
    const { invalidTokenReason } = await import('../../src/app/octokit.js');
    const now = Date.parse('2026-11-20T12:00:00Z');
    const good = { token: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a', expires_at: '2026-11-20T13:00:00Z' };
    expect(invalidTokenReason(good, now)).toBeNull();
    expect(invalidTokenReason('{"token":"ghs_16C7e42F29', now)).toMatch(/not a JSON object/);
    expect(invalidTokenReason(null, now)).toMatch(/not a JSON object/);
    expect(invalidTokenReason({ ...good, token: '' }, now)).toMatch(/no well-formed `token`/);
    expect(invalidTokenReason({ ...good, token: 'ghs_ with spaces in it' }, now)).toMatch(/no well-formed `token`/);
    expect(invalidTokenReason({ token: good.token }, now)).toMatch(/no valid `expires_at`/);
    expect(invalidTokenReason({ ...good, expires_at: '2026-11-20T12:00:30Z' }, now)).toMatch(/too soon/);
  });
});

describe('ProofgateOctokit pacing', () => {
  // Probot's server builds installation clients with the installation in `auth` and no
  // throttle id (seen in the server process), which put every installation in one lane.
  it('keys the throttle by installation when Probot gives no id', () => {
    expect(paceByInstallation({ auth: { installationId: 7 }, throttle: { enabled: true } })).toEqual({ id: '7' });
    expect(paceByInstallation({ auth: { installationId: 7 }, throttle: { enabled: true, id: undefined } })).toEqual({ id: '7' });
  });

  it("keeps an id Probot did give, and gives the App's own client (no installation) none", () => {
    expect(paceByInstallation({ auth: { installationId: 7 }, throttle: { id: '7' } })).toEqual({});
    expect(paceByInstallation({ auth: { appId: 1 }, throttle: {} })).toEqual({});
  });
});
