/**
 * End to end: the real server in its own process, the fake GitHub on
 * loopback, signed webhooks over HTTP. Asserts the check run GitHub ends up
 * with and every API call the App made.
 */
import { createHmac } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { privateKey } from './support/harness.js';
import { pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';
import { rawPost } from './support/raw-post.js';
import { bundleServer, emptyDirectory, sendWebhook, startServerProcess, type ServerProcess } from './support/server-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SECRET = 'e2e-webhook-secret';
let fake: FakeGitHub;
let server: ServerProcess;
let script: string;

beforeAll(async () => {
  fake = await startFakeGitHub();
  script = await bundleServer();
  server = await startServerProcess(script, {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
  });
});

afterAll(async () => {
  const code = await server?.stop();
  await fake?.close();
  expect(code).toBe(0);
});

const calls = () => fake.calls.map((c) => `${c.method} ${c.path.replace(/\d+/g, ':n')} ${c.status}`);

describe('the App server', () => {
  it('evaluates a pull request from signed webhooks and turns green when the review arrives', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY });

    const opened = await sendWebhook(server.url, 'pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'), SECRET);
    expect(opened.status).toBe(200);
    let { run } = theCheckRun(fake, repo, headSha);
    expect(run).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });

    fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    const reviewed = await sendWebhook(server.url, 'pull_request_review', reviewEvent(fake, repo, pr.number), SECRET);
    expect(reviewed.status).toBe(200);
    ({ run } = theCheckRun(fake, repo, headSha));
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'All required proof found: tests, review' } });

    // At startup, with the App's JWT: the recovery of failed deliveries lists them (none).
    expect(fake.callsTo({ path: '/app/hook/deliveries' }).map((c) => `${c.method} ${c.status} ${c.actor}`)).toContain('GET 200 proofgate');
    expect(calls().filter((c) => !c.includes('/app/hook/'))).toEqual([
      // Once per process: the App's slug (its own check runs are found by it) and the installation token.
      'GET /app 200',
      'POST /app/installations/:n/access_tokens 201',
      // A head not evaluated yet: the check goes in progress (a new run), one read, the verdict on that run.
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:n 200`,
      // The review, on a head already evaluated: a read finds the verdict changed, then the same three steps.
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:n 200`,
    ]);
    expect(server.output()).not.toMatch(/ghs_fake_installation_\d+/);
    expect(server.output()).not.toContain(privateKey().split('\n')[1]!);
  });

  it('rejects a webhook with a bad signature and changes nothing', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 77 });
    fake.resetCalls();
    const forged = await sendWebhook(server.url, 'pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'), 'not-the-secret');
    expect([400, 401]).toContain(forged.status);
    const unsigned = await fetch(`${server.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'x' },
      body: JSON.stringify(pullRequestEvent(fake, repo, pr.number, 'opened')),
    });
    expect(unsigned.status).toBe(400);
    expect(fake.calls).toEqual([]);
    expect(proofgateRuns(fake, repo, headSha)).toEqual([]);
  });

  it('logs the HTTP requests it refused or answered slowly at info, and not the routine ones (answered below 400 within a second)', async () => {
    // Probot's line per request: "POST /api/github/webhooks 401 - 3ms". The log reaches this process a moment after the answer.
    const requestLines = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => String((JSON.parse(l) as { msg?: unknown }).msg))
        .flatMap((msg) => {
          const m = /^(GET|POST) (\S+) (\d{3}) - (\d+)ms$/.exec(msg);
          return m ? [{ request: `${m[1]} ${m[2]} ${m[3]}`, status: Number(m[3]), ms: Number(m[4]) }] : [];
        });
    const refused = () => requestLines().some((l) => l.request === 'POST /api/github/webhooks 400');
    for (let waited = 0; !refused() && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    // The bad signature and the unsigned body of the test before are there; the /ping polls at start-up are not,
    // and the webhooks answered 200 only when they waited for the second write of their installation (a second apart).
    expect(refused()).toBe(true);
    expect(requestLines().filter((l) => l.status < 400 && l.ms < 1000)).toEqual([]);
  });

  it('rejects a body changed after it was signed, and one whose signed text is not JSON, and keeps serving', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 79 });
    fake.resetCalls();
    const body = JSON.stringify(pullRequestEvent(fake, repo, pr.number, 'opened'));
    const post = (text: string, signedText: string, delivery: string) =>
      fetch(`${server.url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': delivery,
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(signedText).digest('hex')}`,
        },
        body: text,
      });
    // The same length, one digit of the number changed: the signature is for the other text.
    const altered = body.replace(`"number":${pr.number}`, `"number":${pr.number + 1}`);
    expect(altered).not.toBe(body);
    expect((await post(altered, body, 'altered-1')).status).toBe(401);
    const notJson = '{"action":"opened",';
    const broken = await post(notJson, notJson, 'not-json-1');
    expect(broken.status).toBe(400);
    expect(await broken.text()).toBe(JSON.stringify({ error: 'SyntaxError: Invalid JSON' }));
    // (The start-up look for failed deliveries may land meanwhile.)
    const toGitHub = () => fake.calls.filter((c) => !c.path.startsWith('/app/hook/'));
    expect(toGitHub()).toEqual([]);
    expect(proofgateRuns(fake, repo, headSha)).toEqual([]);
    // Still serving; a delivery id is the delivery's: the same one sent again is not evaluated twice.
    expect((await post(body, body, 'delivery-79')).status).toBe(200);
    expect(theCheckRun(fake, repo, headSha).run.output.title).toBe('Waiting for 1 proof: review');
    const evaluated = toGitHub().length;
    expect((await post(body, body, 'delivery-79')).status).toBe(200);
    expect(toGitHub()).toHaveLength(evaluated);
    // The log reaches this process through a pipe, a moment after the answer.
    const skipped = () =>
      server
        .output()
        .split('\n')
        .some((l) => l.includes('delivery-79') && l.includes('skipped, this delivery was already taken'));
    for (let waited = 0; !skipped() && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(skipped()).toBe(true);
  });

  it('refuses webhook bodies over 25 MB before reading them, and keeps serving', async () => {
    const { repo, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 78 });
    fake.resetCalls();
    const declared = await rawPost(`${server.url}/api/github/webhooks`, { declared: 30 * 1024 * 1024 });
    expect(declared.status).toBe(413);
    expect(declared.elapsedMs).toBeLessThan(2000);
    const chunked = await rawPost(`${server.url}/api/github/webhooks`, { chunkedMiB: 64 });
    // Cut off past 25 MiB (the answer may be lost when the connection is reset first).
    expect([413, null]).toContain(chunked.status);
    expect(chunked.bytesSent).toBeLessThan(40 * 1024 * 1024);
    expect(fake.calls).toEqual([]);
    expect(proofgateRuns(fake, repo, headSha)).toEqual([]);
    expect(server.output()).toContain('refused a webhook body over 25 MB');
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  });

  it('survives a webhook it cannot use', async () => {
    const res = await sendWebhook(server.url, 'check_run', { action: 'completed', check_run: null, installation: { id: 1 } }, SECRET);
    expect(res.status).toBeLessThan(500);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  });
});

describe('the App server without credentials', () => {
  it("starts Probot's setup flow, which registers an App from app.yml", async () => {
    const cwd = emptyDirectory();
    copyFileSync(path.join(ROOT, 'app.yml'), path.join(cwd, 'app.yml'));
    copyFileSync(path.join(ROOT, 'package.json'), path.join(cwd, 'package.json'));
    const setup = await startServerProcess(script, { NODE_ENV: 'development', NO_SMEE_SETUP: 'true' }, cwd);
    try {
      const page = await fetch(`${setup.url}/probot`);
      expect(page.status).toBe(200);
      const manifest = JSON.parse(/value='([^']*)'/.exec(await page.text())?.[1] ?? 'null') as Record<string, unknown>;
      const appYml = parse(readFileSync(path.join(ROOT, 'app.yml'), 'utf8')) as Record<string, unknown>;
      expect(manifest).toMatchObject({
        name: 'proofgate',
        default_events: ['pull_request', 'pull_request_review', 'check_run', 'check_suite', 'status', 'push', 'merge_group'],
        default_permissions: {
          checks: 'write',
          contents: 'read',
          pull_requests: 'read',
          statuses: 'read',
          metadata: 'read',
          members: 'read',
          merge_queues: 'read',
        },
      });
      expect(manifest.default_permissions).toEqual(appYml.default_permissions);
    } finally {
      await setup.stop();
    }
  });
});
