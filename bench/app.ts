/**
 * The GitHub App as shipped (`npm start`: build/src/app/server.js, Probot with
 * its retry and throttling plugins and proofgate's Octokit, lanes and webhook
 * middleware, at the default log level) in its own process, against the
 * loopback fake GitHub in another (bench/app-fake.ts), driven over HTTP with
 * signed webhooks as GitHub sends them:
 *
 * - GitHub API calls per evaluation, next to what a REST-per-resource design
 *   would make for the same PR;
 * - sustained webhooks per second at a fixed offered rate (200/s, target
 *   ≥ 200), and delivery → check p50/p99 at that rate (target p99 < 50 ms),
 *   for the two kinds of events:
 *   - events that re-confirm the verdict (most of them: a review, a check, a
 *     label on a PR whose check already shows its verdict) are probes: one
 *     GraphQL read, nothing written; the check then already reflects the
 *     event when the App answers, so delivery → check is delivery → answer;
 *   - events that change the verdict need two check-run writes (the
 *     in-progress mark, then the verdict), which Probot's throttling as shipped
 *     paces one a second per installation (GitHub's secondary limit on
 *     content-creating requests): they are spread over one installation per
 *     PR, and delivery → check is delivery → the verdict's write;
 * - the App process's CPU time per evaluation (from /proc, user + system),
 *   next to its floor measured in this run: `JSON.parse` of the webhook body
 *   and of GitHub's answers and `JSON.stringify` of the requests, for the same
 *   evaluations;
 * - the App process's peak RSS (VmHWM).
 *
 * `PROOFGATE_BENCH_APP_RATE` sets the offered rate (default 200 a second).
 * `PROOFGATE_BENCH_APP_ONLY` runs only the named parts (comma-separated:
 * calls, probes-20, probes-100, changes).
 * The App runs with the node options of `npm start` (package.json's `start`);
 * `PROOFGATE_BENCH_APP_NODE_ARGS` (space-separated) are given to node after
 * them, before the App's script (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
 * profile it).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FakePullRequest } from '../test/support/fake-github/index.js';
import { pullRequestEvent, reviewEvent, type PullRequestSource } from '../test/app/support/payloads.js';
import { sendWebhook, type ServerProcess } from '../test/app/support/server-process.js';
import type { CallSummary, Exchange, TimelineEntry } from './app-fake.js';
import { loadText } from './child.js';
import { FakeProcess } from './fake-process.js';
import { shippedNodeArgs, startShippedApp } from './shipped.js';
import { fmtMs, summarise } from './stats.js';

const SECRET = 'bench-secret';
/** The policy of the App benchmarks: a strong tier for src/auth/, a tests check and a team review. */
export const POLICY = `version: 1
tiers:
  strong: ["**/claude-opus-*"]
proofs:
  tests: { kind: check, name: tests, app: github-actions }
  review: { kind: review, teams: [acme/core] }
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [strong]
    require: [tests, review]
default:
  require: [tests]
`;
/** The offered rate of the sustained runs, webhooks a second (PROOFGATE_BENCH_APP_RATE overrides it). */
const RATE = Number(process.env.PROOFGATE_BENCH_APP_RATE) || 200;
const SECONDS = 10;
/** Rounds of the 100-file probes: one run's p99 moved from 0.1 to 7 s between runs of the same code on this machine. */
const PROBE_ROUNDS = 3;

/** A process's resident memory now and at its peak so far (VmRSS, VmHWM), in MB; null where /proc is not available. */
function rssOf(pid: number | undefined): { now: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

function rssText(pid: number | undefined): string {
  const rss = rssOf(pid);
  return rss === null ? 'RSS n/a' : `App RSS ${rss.now.toFixed(0)} MB (peak so far ${rss.peak.toFixed(0)} MB)`;
}

/** User and system CPU time of a process so far, in ms (Linux /proc; NaN elsewhere). */
function cpuTimes(pid: number | undefined): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime), in clock ticks of 10 ms.
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

/** User + system CPU time of a process so far, in ms. */
function cpuMs(pid: number | undefined): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

interface Delivery {
  name: string;
  body: string;
  signature: string;
}

function signed(name: string, payload: unknown): Delivery {
  const body = JSON.stringify(payload);
  return { name, body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
}

interface Sent {
  at: number;
  answeredAt: number;
  status: number;
}

/** One delivery; a connection the App did not take counts as status 0 (failed). */
async function send(url: string, d: Delivery): Promise<Sent> {
  const at = Date.now();
  try {
    return await post(url, d, at);
  } catch {
    return { at, answeredAt: Date.now(), status: 0 };
  }
}

async function post(url: string, d: Delivery, at: number): Promise<Sent> {
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/bench',
      'x-github-event': d.name,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': d.signature,
    },
    body: d.body,
  });
  await res.arrayBuffer();
  return { at, answeredAt: Date.now(), status: res.status };
}

/** Sends each delivery at its slot of a fixed rate (open loop: a slow answer does not slow the sender). */
async function atRate(url: string, deliveries: Delivery[], rate: number): Promise<{ sent: Sent[]; seconds: number }> {
  const t0 = performance.now();
  const pending: Array<Promise<Sent>> = [];
  for (const [i, d] of deliveries.entries()) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(url, d));
  }
  const sent = await Promise.all(pending);
  return { sent, seconds: (performance.now() - t0) / 1000 };
}

function withInstallation<T extends Record<string, unknown>>(payload: T, installationId: number): T {
  return { ...payload, installation: { id: installationId, node_id: `INST_${installationId}` } };
}

function source(prs: FakePullRequest[]): PullRequestSource {
  const byKey = new Map(prs.map((p) => [`${p.repo}#${p.number}`, p]));
  return { pullRequest: (repo, number) => byKey.get(`${repo}#${number}`)! };
}

/** What a design that reads each resource over REST would call for the same PR. */
function restPerResource(pr: {
  files: number;
  commits: number;
  reviews: number;
  checkRuns: number;
  ledgerFiles: number;
  teams: number;
  annotationBatches: number;
}): Array<[string, number]> {
  const pages = (n: number, limit: number) => Math.max(1, Math.ceil(Math.min(n, limit) / 100));
  return [
    ['pulls.get', 1],
    ['pulls.listFiles (100 a page, 3,000 max)', pages(pr.files, 3000)],
    ['pulls.listCommits (100 a page, 250 max)', pages(pr.commits, 250)],
    ['pulls.listReviews', pages(pr.reviews, Infinity)],
    ['checks.listForRef (also finds its own run)', pages(pr.checkRuns, Infinity)],
    ['repos.getCombinedStatusForRef', 1],
    ['repos.getContent: policy at base', 1],
    ['repos.getContent: ledger directories + files', 2 + pr.ledgerFiles],
    ['teams.listMembersInOrg', pr.teams],
    ['checks.create / checks.update (+ annotation batches)', 1 + pr.annotationBatches],
  ];
}

async function callsPerEvaluation(fake: FakeProcess, server: ServerProcess): Promise<void> {
  console.log('GitHub API calls per evaluation (a review arriving on an agent PR):');
  const sizes: Array<{ label: string; files: number; commits: number }> = [
    { label: '20 files, 5 commits', files: 20, commits: 5 },
    { label: '100 files, 100 commits', files: 100, commits: 100 },
    { label: '3,000 files, 250 commits', files: 3000, commits: 250 },
  ];
  let teamLookup: number | null = null;
  for (const [i, size] of sizes.entries()) {
    const repo = `acme/calls-${i}`;
    const { prs } = await fake.setup({
      repo,
      count: 1,
      files: size.files,
      commits: size.commits,
      policy: POLICY,
      teams: { 'acme/core': ['bob'] },
      approver: 'bob',
    });
    const pr = prs[0]!;
    const src = source(prs);
    // Warm: the installation token and team membership are cached after this.
    await sendWebhook(server.url, 'pull_request', pullRequestEvent(src, repo, pr.number, 'opened'), SECRET);
    // Without the token exchange, the one `GET /app` for the App's slug and the start-up look for failed deliveries.
    const cold = (await fake.calls()).filter((c) => c.path !== '/app' && !c.path.startsWith('/app/'));
    await fake.reset();
    await sendWebhook(server.url, 'pull_request_review', reviewEvent(src, repo, pr.number), SECRET);
    const warm = await fake.calls();
    await fake.reset();
    // The approval dismissed: the verdict changes (a read finds it, then the mark, a read, the verdict).
    await fake.review({ repo, number: pr.number, login: 'bob', state: 'DISMISSED' });
    await sendWebhook(server.url, 'pull_request_review', reviewEvent(src, repo, pr.number, 'dismissed'), SECRET);
    const changed = await fake.calls();
    await fake.reset();
    const reads = changed.filter((c) => c.path === '/graphql').length;
    const writes = changed.length - reads;
    const rest = restPerResource({
      files: size.files,
      commits: size.commits,
      reviews: 1,
      checkRuns: 1,
      ledgerFiles: 0,
      teams: 1,
      annotationBatches: Math.max(0, writes - 2),
    });
    const restTotal = rest.reduce((s, [, n]) => s + n, 0);
    const points = (calls: CallSummary[]) => calls.reduce((sum, c) => sum + (c.points ?? 0), 0);
    const restWrites = (calls: CallSummary[]) => calls.filter((c) => c.path !== '/graphql').length;
    console.log(
      `  ${size.label}: an event that re-confirms the verdict ${warm.length} call${warm.length === 1 ? '' : 's'} (${points(warm)} GraphQL points, ${restWrites(warm)} writes); ` +
        `one that changes it ${changed.length} calls (${reads} GraphQL reads = ${points(changed)} points, ${writes} check-run writes); REST per resource: ${restTotal}`,
    );
    // The first evaluation (mark, read, team lookup, verdict) next to the changed one without the lookup (read, mark, read, verdict).
    if (teamLookup === null) teamLookup = cold.length - (changed.length - 1);
    if (size.files === 3000) {
      console.log('    REST per resource for this PR:');
      for (const [what, n] of rest) console.log(`      ${String(n).padStart(3)}  ${what}`);
    }
  }
  console.log(`  a team-membership cache miss adds ${teamLookup} call (cached per installation for 5 minutes)`);
}

interface Setup {
  prs: FakePullRequest[];
  src: PullRequestSource;
  /** Installation of the PR at the same index. */
  installation: (i: number) => number;
}

/**
 * PRs whose check already shows its verdict: each opened once (its mark and verdict written),
 * one installation per PR so that the shipped write pacing (one a second per installation)
 * does not make the warm-up take a second per PR.
 */
async function warmPullRequests(
  fake: FakeProcess,
  server: ServerProcess,
  repo: string,
  count: number,
  files: number,
  commits: number,
  firstInstallation: number,
): Promise<Setup> {
  const { prs } = await fake.setup({ repo, count, files, commits, policy: POLICY, teams: { 'acme/core': ['bob'] }, approver: 'bob' });
  const src = source(prs);
  const installation = (i: number) => firstInstallation + i;
  const opened = prs.map((pr, i) => signed('pull_request', withInstallation(pullRequestEvent(src, repo, pr.number, 'opened'), installation(i))));
  const { sent } = await atRate(server.url, opened, 50);
  // A delivery the App could not take (busy) is sent again, as GitHub's redelivery would.
  for (const [i, s] of sent.entries())
    if (s.status >= 300 && (await send(server.url, opened[i]!)).status >= 300) throw new Error(`warm-up delivery ${i} failed twice`);
  return { prs, src, installation };
}

/** CPU per evaluation of the floor: JSON.parse of the webhook and of each answer, JSON.stringify of each request. */
function jsonFloorMs(webhooks: string[], exchanges: Exchange[]): number {
  const requests = exchanges.map((e) => (e.requestText === null ? null : (JSON.parse(e.requestText) as unknown)));
  const runs: number[] = [];
  for (let r = 0; r < 30; r++) {
    const t0 = process.cpuUsage();
    for (const w of webhooks) JSON.parse(w);
    for (const e of exchanges) if (e.responseText) JSON.parse(e.responseText);
    for (const q of requests) if (q !== null) JSON.stringify(q);
    const t = process.cpuUsage(t0);
    runs.push((t.user + t.system) / 1000 / webhooks.length);
  }
  return summarise(runs).median;
}

interface Window {
  app: number;
  /** The App's system time, of `app` (the kernel's share: sockets over loopback, memory). */
  appSystem: number;
  fake: number;
}

function cpuWindow(server: ServerProcess, fake: FakeProcess): () => Window {
  const app0 = cpuTimes(server.child.pid);
  const fake0 = cpuMs(fake.pid);
  return () => {
    const app = cpuTimes(server.child.pid);
    return { app: app.user + app.system - app0.user - app0.system, appSystem: app.system - app0.system, fake: cpuMs(fake.pid) - fake0 };
  };
}

const perSecond = (n: number, seconds: number) => (n / seconds).toFixed(0);

/**
 * Events that re-confirm the verdict, offered at RATE a second for SECONDS,
 * `rounds` times: each is a probe (one GraphQL read, no write). The rounds
 * show how far a p99 moves from one run to the next on this machine; the
 * fake GitHub's CPU per evaluation, the same work each round, shows how fast
 * the machine was meanwhile, and the App's CPU is given as a ratio to it too.
 */
async function probes(fake: FakeProcess, server: ServerProcess, files: number, commits: number, firstInstallation: number, rounds: number): Promise<void> {
  const repo = `acme/probe-${files}`;
  // As many PRs as webhooks a second: about one event per PR a second, so few are merged in a PR's queue.
  const { prs, src, installation } = await warmPullRequests(fake, server, repo, RATE, files, commits, firstInstallation);
  const reviews = prs.map((pr, i) => signed('pull_request_review', withInstallation(reviewEvent(src, repo, pr.number), installation(i))));
  // Warm the JIT and the installations' clients on this PR size.
  await atRate(server.url, reviews, RATE);
  await fake.reset();
  const deliveries = Array.from({ length: RATE * SECONDS }, (_, i) => reviews[i % reviews.length]!);

  // The floor, for the same evaluations: their webhook bodies, requests and GitHub's answers.
  await fake.keepResponses(true);
  for (const d of reviews.slice(0, 20)) await send(server.url, d);
  const exchanges = await fake.exchanges();
  await fake.keepResponses(false);
  await fake.reset();
  const floor = jsonFloorMs(
    reviews.slice(0, 20).map((d) => d.body),
    exchanges,
  );
  console.log(
    `  ${files} files, ${commits} commits, re-confirming (probes), ${rounds} round${rounds === 1 ? '' : 's'} of ${deliveries.length} webhooks offered at ${RATE}/s; ` +
      `floor (JSON.parse of the webhook and the answer + JSON.stringify of the request) ${floor.toFixed(2)} ms per evaluation:`,
  );

  const p99s: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const cpu = cpuWindow(server, fake);
    const { sent, seconds } = await atRate(server.url, deliveries, RATE);
    const used = cpu();
    const calls = await fake.calls();
    await fake.reset();
    const reads = calls.filter((c) => c.path === '/graphql').length;
    const writes = calls.length - reads;
    const failed = sent.filter((s) => s.status >= 300).length;
    const latency = summarise(sent.map((s) => s.answeredAt - s.at));
    if (latency.p99 !== null) p99s.push(latency.p99);
    // An evaluation is one read; events that arrive while their PR is being evaluated are merged into one.
    const appMs = used.app / reads;
    const fakeMs = used.fake / reads;
    console.log(
      `    round ${round}: ${perSecond(sent.length, seconds)} webhooks/s sustained over ${seconds.toFixed(1)} s (${failed} failed; ${reads} reads, ${writes} writes); ` +
        `delivery → check (the answer; nothing to write) ${latency.text}`,
    );
    console.log(
      `      App CPU ${appMs.toFixed(2)} ms per evaluation (${(used.appSystem / reads).toFixed(2)} ms of it system), ${(appMs / floor).toFixed(1)}× the floor; fake GitHub ${fakeMs.toFixed(2)} ms (App/fake ${(appMs / fakeMs).toFixed(2)}); ${loadText()}; ${rssText(server.child.pid)}`,
    );
  }
  if (p99s.length > 1) {
    const sorted = [...p99s].sort((a, b) => a - b);
    console.log(`    p99 over the ${sorted.length} rounds: ${sorted.map((p) => fmtMs(p)).join(', ')} (target < 50 ms)`);
  }
}

/**
 * Events that change the verdict (the approval dismissed, then given again),
 * one PR per installation, offered at RATE a second in rounds of one event per
 * PR: a read, the in-progress mark, a read and the verdict each; the second
 * write waits a second behind the first (the shipped pacing).
 */
async function changes(fake: FakeProcess, server: ServerProcess, files: number, commits: number, firstInstallation: number): Promise<void> {
  const repo = `acme/change-${files}`;
  const count = RATE;
  const rounds = 5;
  const { prs, src, installation } = await warmPullRequests(fake, server, repo, count, files, commits, firstInstallation);
  // Past the write pacing of the warm-up.
  await new Promise((r) => setTimeout(r, 1500));
  await fake.reset();
  const sent: Sent[] = [];
  const keys: string[] = [];
  const cpu = cpuWindow(server, fake);
  const t0 = performance.now();
  for (let round = 0; round < rounds; round++) {
    const state = round % 2 === 0 ? 'DISMISSED' : 'APPROVED';
    await fake.reviews(prs.map((pr) => ({ repo, number: pr.number, login: 'bob', state })));
    const deliveries = prs.map((pr, i) =>
      signed('pull_request_review', withInstallation(reviewEvent(src, repo, pr.number, state === 'DISMISSED' ? 'dismissed' : 'submitted'), installation(i))),
    );
    const r = await atRate(server.url, deliveries, RATE);
    sent.push(...r.sent);
    keys.push(...prs.map((pr) => `${repo}@${pr.head.sha}`));
    // The next round's mark would wait behind this round's verdict in each installation's write lane.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const seconds = (performance.now() - t0) / 1000;
  // Writes still paced in their lanes land before the timeline is read.
  await fake.settle(2000, 60_000);
  const used = cpu();
  const timeline = await fake.timeline();
  await fake.reset();
  const writes = timeline.filter((e): e is Extract<TimelineEntry, { kind: 'write' }> => e.kind === 'write');
  const toMark: number[] = [];
  const toVerdict: number[] = [];
  for (const [i, s] of sent.entries()) {
    const mine = writes.filter((w) => `${repo}@${w.headSha}` === keys[i] && w.at >= s.at);
    // A mark is an in-progress "Evaluating" run; a verdict is any other write (a pending verdict is in progress too).
    const isMark = (w: { status: string; title: string }) => w.status === 'in_progress' && w.title === 'Evaluating';
    const mark = mine.find(isMark);
    const verdict = mine.find((w) => !isMark(w));
    if (mark) toMark.push(mark.at - s.at);
    if (verdict) toVerdict.push(verdict.at - s.at);
  }
  const failed = sent.filter((s) => s.status >= 300).length;
  console.log(
    `  ${files} files, ${commits} commits, changing the verdict: ${sent.length} webhooks in ${rounds} rounds of ${count} (one PR per installation, each round offered at ${RATE}/s; ${perSecond(sent.length, seconds)}/s over the whole run), ${failed} failed, ${writes.length} check-run writes; ` +
      `App CPU ${(used.app / sent.length).toFixed(2)} ms per evaluation`,
  );
  console.log(
    `    delivery → in-progress mark ${summarise(toMark).text}; delivery → verdict ${summarise(toVerdict).text} (the verdict waits 1 s behind the mark in its installation's write lane); ${rssText(server.child.pid)}`,
  );
}

export async function run(): Promise<void> {
  const fake = await FakeProcess.start();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const warmup = await fake.setup({ repo: 'acme/warmup', count: 0, files: 0, commits: 0, policy: POLICY, teams: {}, approver: null });
  const shipped = shippedNodeArgs(root);
  const extra = (process.env.PROOFGATE_BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // The shipped default log level (routine HTTP requests are logged at debug: src/app/log.ts).
  const server = await startShippedApp(root, warmup, { secret: SECRET, logLevel: 'info', extra });
  try {
    console.log(
      `App as shipped (npm start: ${['node', ...shipped, 'build/src/app/server.js'].join(' ')}${extra.length > 0 ? `, and ${extra.join(' ')}` : ''}; Probot's retry and throttling on), fake GitHub in another process; ${loadText()}; started: ${rssText(server.child.pid)}`,
    );
    const only = process.env.PROOFGATE_BENCH_APP_ONLY?.split(',');
    const part = (name: string) => !only || only.includes(name);
    if (part('calls')) await callsPerEvaluation(fake, server);
    console.log(`Sustained load, ${RATE} webhooks/s offered for ${SECONDS} s; delivery → check p99 target < 50 ms:`);
    if (part('probes-20')) await probes(fake, server, 20, 5, 10_000, 1);
    if (part('probes-100')) await probes(fake, server, 100, 100, 20_000, PROBE_ROUNDS);
    if (part('changes')) await changes(fake, server, 100, 100, 30_000);
    const rss = server.peakRss();
    console.log(`Peak RSS of the App process: ${rss === null ? 'n/a' : `${(rss / 2 ** 20).toFixed(0)} MB`} (VmHWM); ${loadText()}`);
  } finally {
    await server.stop();
    await fake.close();
  }
}
