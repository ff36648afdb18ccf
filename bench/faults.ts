/**
 * `npm run faults`: the App's fault, hostile-traffic and replica figures,
 * with real server processes over loopback against the fake GitHub: the
 * App as `npm start` runs it (the built server, its node options). It
 * measures; the tests in test/app assert.
 *
 * - 30 % injected faults (502, 503, secondary rate limits, connection resets,
 *   bodies cut short) on every GitHub request while events that change the
 *   verdict arrive: events lost (deliveries GitHub still shows failed at the
 *   end), stale greens (check success, truth not), wrong verdicts (check and
 *   truth differ once everything settled), checks left in progress;
 * - peak RSS of the server under 16 and 96 concurrent 25 MiB badly signed bodies;
 * - what the check shows after two replicas interleave a stale write;
 * - SIGTERM with evaluations in flight: how many finish before the exit.
 */
import { addAgentPullRequest } from '../test/support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP, startFakeGitHub, type FakeGitHub } from '../test/support/fake-github/index.js';
import { checkRunEvent, pullRequestEvent, reviewEvent } from '../test/app/support/payloads.js';
import { rawPost } from '../test/app/support/raw-post.js';
import { BOB, POLICY, shownRun } from '../test/app/support/scenario.js';
import { sendWebhook, startServerProcess } from '../test/app/support/server-process.js';
import { shippedNodeArgs } from './shipped.js';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECRET = 'faults-bench-secret';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NODE_ARGS = shippedNodeArgs(ROOT);
const MiB = 1024 * 1024;
const key = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

function env(fake: FakeGitHub, extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: key,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seeded random source (mulberry32), so a run can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each pull request in its own installation, so Probot's per-installation write pacing does not serialise them all. */
function inInstallation<T extends Record<string, unknown>>(payload: T, id: number): T {
  return { ...payload, installation: { id } };
}

async function chaos(script: string, rate: number, count: number): Promise<void> {
  const fake = await startFakeGitHub();
  fake.random = seeded(42);
  const server = await startServerProcess(script, env(fake, { PROOFGATE_REDELIVERY_SECONDS: '1' }), undefined, NODE_ARGS);
  fake.hook.configure(`${server.url}/api/github/webhooks`, SECRET);
  const prs = Array.from({ length: count }, (_, i) => {
    const made = addAgentPullRequest(fake, { policy: POLICY, number: i + 1 });
    const approval = fake.addReview(made.repo, made.pr.number, { author: BOB, state: 'APPROVED' });
    return { ...made, approval, truth: 'success', installation: 9000 + i };
  });
  fake.chaos = rate;
  const started = Date.now();
  await Promise.all(prs.map((p) => fake.hook.deliver('pull_request', inInstallation(pullRequestEvent(fake, p.repo, p.pr.number, 'opened'), p.installation))));
  // Events that turn the verdict off green, under the same faults.
  await Promise.all(
    prs.map(async (p, i) => {
      if (i % 3 === 0) {
        p.approval.state = 'DISMISSED';
        p.truth = 'pending';
        await fake.hook.deliver('pull_request_review', inInstallation(reviewEvent(fake, p.repo, p.pr.number, 'dismissed'), p.installation));
      } else if (i % 3 === 1) {
        fake.setCheckRun(p.repo, { headSha: p.headSha, name: 'tests', conclusion: 'failure', app: GITHUB_ACTIONS_APP });
        p.truth = 'failure';
        await fake.hook.deliver(
          'check_run',
          inInstallation(
            checkRunEvent(fake, p.repo, 'completed', { name: 'tests', headSha: p.headSha, app: GITHUB_ACTIONS_APP, pullRequests: [p.pr.number] }),
            p.installation,
          ),
        );
      }
    }),
  );
  const firstAnswers = fake.hook.deliveries.filter((d) => !d.redelivery);
  // The evaluations answered 202 go on under the same faults until the App stops calling GitHub; then GitHub recovers.
  const apiCalls = () => fake.calls.filter((c) => !c.path.startsWith('/app/hook/')).length;
  await quiet(apiCalls, 5000, started + 240_000);
  const injected = fake.faultsInjected;
  const requests = apiCalls();
  fake.chaos = 0;
  // The App's recovery redelivers what failed (it polls every second); settle again.
  await quiet(apiCalls, 5000, started + 360_000);
  await fake.hook.settled();
  const guids = new Set(fake.hook.deliveries.map((d) => d.guid));
  const lost = [...guids].filter((g) => !fake.hook.deliveries.some((d) => d.guid === g && d.status_code >= 200 && d.status_code < 300)).length;
  let staleGreens = 0;
  let wrong = 0;
  let inProgress = 0;
  for (const p of prs) {
    const run = shownRun(fake, p.repo, p.headSha);
    const shown = run === null ? 'none' : run.status === 'completed' ? run.conclusion : run.output.title === 'Evaluating' ? 'evaluating' : 'pending';
    if (shown === 'success' && p.truth !== 'success') staleGreens++;
    if (shown !== p.truth) wrong++;
    if (shown === 'evaluating') inProgress++;
  }
  console.log(
    `${Math.round(rate * 100)} % faults, ${count} PRs, ${guids.size} deliveries: first answers ${summarise(firstAnswers.map((d) => d.status_code))}; ` +
      `${fake.hook.deliveries.length - firstAnswers.length} redeliveries; ${injected} faults injected in ${requests} GitHub requests`,
  );
  console.log(
    `  events lost ${lost}, stale greens ${staleGreens}, wrong verdicts ${wrong}, left in progress ${inProgress}` +
      ` (${((Date.now() - started) / 1000).toFixed(0)} s to settle)`,
  );
  await server.stop();
  await fake.close();
}

/** Waits until `count()` has not changed for `ms`, or `deadline`. */
async function quiet(count: () => number, ms: number, deadline: number): Promise<void> {
  let last = -1;
  let since = Date.now();
  while (Date.now() - since < ms && Date.now() < deadline) {
    await sleep(250);
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

function summarise(codes: number[]): string {
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([c, n]) => `${n}×${c}`)
    .join(', ');
}

async function bodyAttack(script: string, concurrent: number): Promise<void> {
  const fake = await startFakeGitHub();
  const server = await startServerProcess(script, env(fake, { PROOFGATE_REDELIVERY_SECONDS: '0' }), undefined, NODE_ARGS);
  const before = server.peakRss();
  const results = await Promise.all(Array.from({ length: concurrent }, () => rawPost(`${server.url}/api/github/webhooks`, { declared: 25 * MiB, holdMs: 0 })));
  const peak = server.peakRss();
  const alive = (await fetch(`${server.url}/ping`)).status === 200;
  const mb = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n / MiB)} MB`);
  console.log(
    `${concurrent} concurrent 25 MiB badly signed bodies: answers ${summarise(results.map((r) => r.status ?? 0))} (0: reset while sending); ` +
      `peak RSS ${mb(before)} before, ${mb(peak)} after; server ${alive ? 'alive' : 'DOWN'}`,
  );
  await server.stop();
  await fake.close();
}

async function replicas(script: string, runs: number): Promise<void> {
  const fake = await startFakeGitHub();
  const [one, two] = await Promise.all([
    startServerProcess(script, env(fake, { PROOFGATE_REDELIVERY_SECONDS: '0' }), undefined, NODE_ARGS),
    startServerProcess(script, env(fake, { PROOFGATE_REDELIVERY_SECONDS: '0' }), undefined, NODE_ARGS),
  ]);
  const shown: string[] = [];
  for (let i = 0; i < runs; i++) {
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 100 + i });
    const approval = fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    const held = fake.holdNext(
      (c) => /\/check-runs(\/\d+)?$/.test(c.path) && (c.body as { output?: { title?: string } } | null)?.output?.title !== 'Evaluating',
    );
    const first = sendWebhook(one.url, 'pull_request_review', reviewEvent(fake, repo, pr.number, 'submitted'), SECRET);
    await held.arrived;
    await sleep(300);
    approval.state = 'DISMISSED';
    await sendWebhook(two.url, 'pull_request_review', reviewEvent(fake, repo, pr.number, 'dismissed'), SECRET);
    held.release();
    await first;
    const run = shownRun(fake, repo, headSha);
    shown.push(run?.status === 'completed' ? String(run.conclusion) : 'pending');
  }
  console.log(`two replicas, stale approval written last (${runs} runs): the check shows ${shown.join(', ')} (truth: pending)`);
  await Promise.all([one.stop(), two.stop()]);
  await fake.close();
}

async function sigterm(script: string, count: number): Promise<void> {
  const fake = await startFakeGitHub();
  const server = await startServerProcess(
    script,
    env(fake, { PROOFGATE_REDELIVERY_SECONDS: '0', PROOFGATE_APP_SLUG: 'proofgate', PROOFGATE_DRAIN_SECONDS: '120' }),
    undefined,
    NODE_ARGS,
  );
  fake.hook.configure(`${server.url}/api/github/webhooks`, SECRET);
  const prs = Array.from({ length: count }, (_, i) => addAgentPullRequest(fake, { policy: POLICY, number: 200 + i }));
  fake.latencyMs = 200;
  const deliveries = prs.map((p, i) => fake.hook.deliver('pull_request', inInstallation(pullRequestEvent(fake, p.repo, p.pr.number, 'opened'), 7000 + i)));
  while (!prs.every((p) => shownRun(fake, p.repo, p.headSha) !== null)) await sleep(20);
  const stopped = Date.now();
  const code = await server.stop();
  const answers = await Promise.all(deliveries);
  const finished = prs.filter((p) => shownRun(fake, p.repo, p.headSha)?.output.title !== 'Evaluating').length;
  console.log(
    `SIGTERM with ${count} accepted evaluations in flight: ${finished} of ${count} finished before the exit (code ${code}, ${Date.now() - stopped} ms); answers ${summarise(answers.map((a) => a.status))}`,
  );
  await fake.close();
}

export async function run(): Promise<void> {
  // The App as `npm start` runs it: the built server and its node options.
  const script = path.join(ROOT, 'build/src/app/server.js');
  await chaos(script, 0.3, 12);
  await bodyAttack(script, 16);
  await bodyAttack(script, 96);
  await replicas(script, 3);
  await sigterm(script, 20);
}

if (process.argv[1] && /faults\.js$/.test(process.argv[1])) await run();
