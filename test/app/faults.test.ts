/**
 * The App's own fault tests: the real server process over loopback against
 * the fake GitHub, webhooks sent as GitHub sends them (the fake keeps each
 * delivery and redelivers on request). Each test names the way an event used
 * to be lost and checks that the check never stays green meanwhile and ends
 * with the verdict from GitHub's data.
 *
 * Octokit retries a 5xx three times, 1, 4 and 9 s apart, and @octokit/webhooks
 * answers "202 still processing" after 9 s: a delivery that meets GitHub
 * failing may be answered 503 or 202. Either way the App asks for it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { privateKey } from './support/harness.js';
import { pullRequestEvent, statusEvent } from './support/payloads.js';
import { BOB, POLICY, shownRun, theCheckRun } from './support/scenario.js';
import { bundleServer, startServerProcess, type ServerProcess } from './support/server-process.js';

const SECRET = 'faults-secret';
const STATUS_POLICY = POLICY.replace('    name: tests\n    app: github-actions\n', '    name: ci/*\n    source: status\n');
let fake: FakeGitHub;
let script: string;
const servers: ServerProcess[] = [];

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
    ...extra,
  };
}

async function start(extra: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess(script, env(extra));
  servers.push(server);
  fake.hook.configure(`${server.url}/api/github/webhooks`, SECRET);
  return server;
}

/** Waits (without a deadline of its own: the test's timeout bounds it) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  fake = await startFakeGitHub();
  script = await bundleServer();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await fake?.close();
});

describe('events lost before the gate', () => {
  it(
    'a status whose pull-request lookup is cut short, then fails: 503, the check off green, and the redelivery evaluates it',
    { timeout: 60_000 },
    async () => {
      await start({ PROOFGATE_REDELIVERY_SECONDS: '1' });
      const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: STATUS_POLICY, testsConclusion: null, number: 11 });
      fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
      fake.addStatus(repo, headSha, { context: 'ci/build', state: 'success' });
      expect((await fake.hook.deliver('pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'))).status).toBe(200);
      expect(theCheckRun(fake, repo, headSha).run.conclusion).toBe('success');

      // The build turns red; GitHub cuts the lookup's answer short, then fails it.
      fake.addStatus(repo, headSha, { context: 'ci/build', state: 'failure' });
      const lookup = (c: { path: string; body: unknown }) =>
        c.path === '/graphql' && /ProofgateOpenPullRequests\b/.test(String((c.body as { query?: string }).query));
      fake.truncateNext(lookup, 1);
      fake.failNext(lookup, 502, 100);
      const delivery = await fake.hook.deliver('status', statusEvent(repo, headSha, 'ci/build', 'failure'));
      expect([503, 202]).toContain(delivery.status);
      // Not green while GitHub is failing: the commit's check goes in progress.
      await until(() => shownRun(fake, repo, headSha)?.status === 'in_progress');
      expect(shownRun(fake, repo, headSha)).toMatchObject({
        status: 'in_progress',
        conclusion: null,
        output: expect.objectContaining({ title: 'Evaluating' }),
      });

      // GitHub recovers; the App's recovery asks for the failed delivery again, and it is evaluated.
      fake.clearFailures();
      await until(
        () =>
          fake.hook.deliveries.some((d) => d.guid === delivery.guid && d.redelivery && d.status_code === 200) &&
          shownRun(fake, repo, headSha)?.status === 'completed',
      );
      expect(fake.callsTo({ method: 'POST', path: /^\/app\/hook\/deliveries\/\d+\/attempts$/ }).length).toBeGreaterThan(0);
      const { run, receipt } = theCheckRun(fake, repo, headSha);
      expect(run.conclusion).toBe('failure');
      expect(receipt.proofs.find((p) => p.name === 'tests')?.status).toBe('fail');
    },
  );

  it('GET /app failing after a restart is retried, and the event is evaluated', { timeout: 60_000 }, async () => {
    await start({ PROOFGATE_REDELIVERY_SECONDS: '0' });
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 12 });
    fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    fake.failNext({ method: 'GET', path: '/app' }, 502, 5);
    const delivery = await fake.hook.deliver('pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'));
    expect([200, 202]).toContain(delivery.status);
    await until(() => shownRun(fake, repo, headSha)?.status === 'completed');
    expect(fake.callsTo({ method: 'GET', path: '/app' }).filter((c) => c.status === 502)).toHaveLength(5);
    expect(theCheckRun(fake, repo, headSha).run.conclusion).toBe('success');
  });

  it('a delivery GitHub sends twice (same delivery id) is evaluated once', { timeout: 60_000 }, async () => {
    const { repo, pr } = addAgentPullRequest(fake, { policy: POLICY, number: 13 });
    const payload = pullRequestEvent(fake, repo, pr.number, 'opened');
    fake.resetCalls();
    const first = await fake.hook.deliver('pull_request', payload);
    const again = await fake.hook.deliver('pull_request', payload, first.guid);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(fake.callsTo({ path: '/graphql' })).toHaveLength(1);
  });
});

describe('the installation token cache', () => {
  it("does not keep a token GitHub's answer cut short: every call acts as the App", { timeout: 60_000 }, async () => {
    // A fresh process: no token cached yet.
    await start({ PROOFGATE_REDELIVERY_SECONDS: '0' });
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 14 });
    fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    fake.resetCalls();
    fake.truncateNext({ method: 'POST', path: /\/access_tokens$/ }, 1);
    const delivery = await fake.hook.deliver('pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'));
    expect(delivery.status).toBe(200);
    const tokens = fake.callsTo({ path: /\/access_tokens$/ });
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const repoCalls = fake.calls.filter((c) => c.path.startsWith('/repos/') || c.path === '/graphql');
    expect(repoCalls.map((c) => c.actor)).toEqual(repoCalls.map(() => 'proofgate'));
    expect(theCheckRun(fake, repo, headSha).run).toMatchObject({ conclusion: 'success', app: { slug: 'proofgate' } });
  });
});

describe('SIGTERM', () => {
  it('stops taking webhooks, finishes the evaluations already accepted, then exits 0', { timeout: 90_000 }, async () => {
    const server = await start({ PROOFGATE_REDELIVERY_SECONDS: '0', PROOFGATE_APP_SLUG: 'proofgate' });
    const prs = [21, 22, 23, 24, 25].map((number) => addAgentPullRequest(fake, { policy: POLICY, number }));
    fake.latencyMs = 300;
    const deliveries = prs.map(({ repo, pr }) => fake.hook.deliver('pull_request', pullRequestEvent(fake, repo, pr.number, 'opened')));
    // Every event accepted (its check marked in progress), none finished.
    await until(() => prs.every(({ repo, headSha }) => shownRun(fake, repo, headSha) !== null));
    const code = server.stop();
    expect(await code).toBe(0);
    fake.latencyMs = 0;
    // Answered before the exit (202 when Probot's write pacing made one take over 9 s).
    for (const d of await Promise.all(deliveries)) expect([200, 202]).toContain(d.status);
    for (const { repo, headSha } of prs) {
      expect(theCheckRun(fake, repo, headSha).run.output.title).toBe('Waiting for 1 proof: review');
    }
  });
});
