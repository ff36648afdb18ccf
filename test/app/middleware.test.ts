/** The serverless request handler, mounted in a plain node:http server, against the fake GitHub. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProofgateMiddleware } from '../../src/app/middleware.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { privateKey } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';
import { rawPost } from './support/raw-post.js';
import { sendWebhook } from './support/server-process.js';

const SECRET = 'middleware-secret';
let fake: FakeGitHub;
let server: Server;
let url: string;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeGitHub();
  env = {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
    PROOFGATE_APP_SLUG: fake.app.slug,
    LOG_LEVEL: 'fatal',
  };
  const middleware = await createProofgateMiddleware({ env });
  server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end('not a webhook'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
});

describe('createProofgateMiddleware', () => {
  it('evaluates a signed webhook before answering', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY });
    const res = await sendWebhook(url, 'pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'), SECRET);
    expect(res.status).toBe(200);
    expect(theCheckRun(fake, repo, headSha).run.output.title).toBe('Waiting for 1 proof: review');
  });

  it('rejects a forged signature and leaves other paths to the host', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 40 });
    const forged = await sendWebhook(url, 'pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'), 'wrong');
    expect([400, 401]).toContain(forged.status);
    expect(proofgateRuns(fake, repo, headSha)).toEqual([]);
    const other = await fetch(`${url}/health`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not a webhook');
  });

  it('refuses bodies over 25 MB with 413 before reading them, and evaluates nothing', async () => {
    const { repo, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 41 });
    fake.resetCalls();
    const declared = await rawPost(`${url}/api/github/webhooks`, { declared: 30 * 1024 * 1024 });
    expect(declared.status).toBe(413);
    expect(declared.elapsedMs).toBeLessThan(1000);
    const chunked = await rawPost(`${url}/api/github/webhooks`, { chunkedMiB: 64 });
    expect([413, null]).toContain(chunked.status);
    expect(chunked.bytesSent).toBeLessThan(40 * 1024 * 1024);
    expect(fake.calls).toEqual([]);
    expect(proofgateRuns(fake, repo, headSha)).toEqual([]);
    // Still serving signed webhooks.
    const { pr: next, repo: nextRepo, headSha: nextHead } = addAgentPullRequest(fake, { policy: POLICY, number: 42 });
    const ok = await sendWebhook(url, 'pull_request', pullRequestEvent(fake, nextRepo, next.number, 'opened'), SECRET);
    expect(ok.status).toBe(200);
    expect(theCheckRun(fake, nextRepo, nextHead).run.output.title).toBe('Waiting for 1 proof: review');
  });

  it('refuses to start with credentials but no webhook secret', async () => {
    await expect(createProofgateMiddleware({ env: { ...env, WEBHOOK_SECRET: '' } })).rejects.toThrow(/^WEBHOOK_SECRET is not set/);
  });
});
