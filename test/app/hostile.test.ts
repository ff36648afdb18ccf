/**
 * Hostile traffic against the real server process: many concurrent
 * maximum-size bodies with bad signatures. Each is refused (401 after its
 * streamed signature check, or 503 when the shared byte budget is spent,
 * before it is read), nothing of them reaches the log, and the server keeps
 * serving. Its peak memory is measured by `npm run faults`, not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { privateKey } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { rawPost } from './support/raw-post.js';
import { POLICY, theCheckRun } from './support/scenario.js';
import { bundleServer, sendWebhook, startServerProcess, type ServerProcess } from './support/server-process.js';

const SECRET = 'hostile-secret';
const MiB = 1024 * 1024;
let fake: FakeGitHub;
let server: ServerProcess;

beforeAll(async () => {
  fake = await startFakeGitHub();
  server = await startServerProcess(await bundleServer(), {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
    PROOFGATE_REDELIVERY_SECONDS: '0',
  });
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  await fake?.close();
});

describe('sixteen concurrent 25 MiB bodies with bad signatures', () => {
  it('are each refused, none is logged, nothing reaches GitHub, and the server keeps serving', { timeout: 120_000 }, async () => {
    const attack = await Promise.all(Array.from({ length: 16 }, () => rawPost(`${server.url}/api/github/webhooks`, { declared: 25 * MiB, holdMs: 0 })));
    // A refused request's answer may be lost to the reset of a connection still sending: null.
    for (const r of attack) expect([401, 503, null]).toContain(r.status);
    expect(fake.calls.filter((c) => !c.path.startsWith('/app/hook/'))).toEqual([]);
    const output = server.output();
    const refusals = output.split('\n').filter((l) => l.includes('refused a webhook request'));
    // Each answered one was refused with a log line (a connection the sender broke off mid-body ends unanswered).
    expect(refusals.length).toBeGreaterThanOrEqual(attack.filter((r) => r.status !== null).length);
    // The shared budget (50 MiB) holds two such bodies at once: the others are refused before they are read.
    expect(refusals.filter((l) => l.includes('too many webhook bytes')).length).toBeGreaterThan(0);
    expect(output).toContain('proofgate: refused a webhook request: signature does not match');
    // The bodies are spaces: no run of them made it into a log line.
    expect(output).not.toMatch(/ {256}/);

    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY });
    expect((await sendWebhook(server.url, 'pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'), SECRET)).status).toBe(200);
    expect(theCheckRun(fake, repo, headSha).run.output.title).toBe('Waiting for 1 proof: review');
  });
});
