/**
 * The GitHub App against the loopback fake GitHub (in its own process):
 *
 * - GitHub API calls per evaluation (target: 2 for ≤ 100 files and commits
 *   with cached team membership; a 3,000-file PR under 40), next to what a
 *   REST-per-resource design would make for the same PR;
 * - webhooks evaluated per second (target ≥ 200 on this 2-core machine);
 * - p50/p99 latency from webhook receipt (signature check included) to the
 *   check-run write, excluding the time spent waiting for GitHub (target p99 < 50 ms);
 * - peak RSS of the App process.
 *
 * The App runs in-process as `npm start` runs it, except that Probot's
 * throttling is off: it paces requests at one write-class request per second
 * per installation, which is GitHub's budget rather than the App's work.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Probot, ProbotOctokit } from 'probot';
import { createProofgateApp } from '../src/app/app.js';
import type { FakePullRequest } from '../test/support/fake-github/index.js';
import { pullRequestEvent, reviewEvent, type PullRequestSource } from '../test/app/support/payloads.js';
import type { CallSummary } from './app-fake.js';
import { FakeProcess } from './fake-process.js';

const APP = { id: 1001, slug: 'proofgate' };
const SECRET = 'bench-secret';
const POLICY = `version: 1
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

/** Time spent waiting for the fake GitHub (request until the whole response body arrived), summed. */
const githubTime = { ms: 0 };
function instrumentFetch(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const t0 = performance.now();
    try {
      const res = await original(...args);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      githubTime.ms += performance.now() - t0;
    }
  };
  return () => {
    globalThis.fetch = original;
  };
}

interface App {
  probot: Probot;
  /** Delivers a webhook as Probot's HTTP middleware does: verify the signature, then receive. */
  deliver(name: string, payload: unknown): Promise<void>;
}

async function startApp(baseUrl: string, opts: { retry: boolean } = { retry: true }): Promise<App> {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const probot = new Probot({
    appId: APP.id,
    privateKey,
    secret: SECRET,
    baseUrl,
    logLevel: 'warn',
    Octokit: ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
      ...instance,
      throttle: { ...(instance.throttle as object | undefined), enabled: false },
      ...(opts.retry ? {} : { retry: { enabled: false } }),
    })),
  });
  await probot.load(createProofgateApp({ appId: APP.id, appSlug: APP.slug }));
  let n = 0;
  return {
    probot,
    deliver: async (name, payload) => {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      await probot.webhooks.verifyAndReceive({ id: `bench-${++n}`, name: name, payload: body, signature });
    },
  };
}

function source(prs: FakePullRequest[]): PullRequestSource {
  const byNumber = new Map(prs.map((p) => [p.number, p]));
  return { pullRequest: (_repo, number) => byNumber.get(number)! };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Heap still in use after a full collection: what the App retains, as opposed to garbage V8 has not collected yet. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
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

async function callsPerEvaluation(fake: FakeProcess, app: App): Promise<void> {
  console.log('GitHub API calls per evaluation (a review arriving on an agent PR):');
  const sizes: Array<{ label: string; files: number; commits: number }> = [
    { label: '20 files, 5 commits', files: 20, commits: 5 },
    { label: '100 files, 100 commits', files: 100, commits: 100 },
    { label: '3,000 files, 250 commits', files: 3000, commits: 250 },
  ];
  let teamLookup: number | null = null;
  for (const size of sizes) {
    const { prs } = await fake.setup({
      repo: 'acme/widgets',
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
    await app.deliver('pull_request', pullRequestEvent(src, 'acme/widgets', pr.number, 'opened'));
    const cold = (await fake.calls()).filter((c) => !c.path.endsWith('/access_tokens'));
    await fake.reset();
    await app.deliver('pull_request_review', reviewEvent(src, 'acme/widgets', pr.number));
    const warm = await fake.calls();
    await fake.reset();
    // The approval dismissed: the verdict changes (a read finds it, then the mark, a read, the verdict).
    await fake.review({ repo: 'acme/widgets', number: pr.number, login: 'bob', state: 'DISMISSED' });
    await app.deliver('pull_request_review', reviewEvent(src, 'acme/widgets', pr.number, 'dismissed'));
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

async function latency(fake: FakeProcess, app: App, count: number, label: string, repo: string): Promise<void> {
  const { prs } = await fake.setup({ repo, count, files: 20, commits: 5, policy: POLICY, teams: { 'acme/core': ['bob'] }, approver: 'bob' });
  const src = source(prs);
  const own: number[] = [];
  const total: number[] = [];
  for (const [i, pr] of prs.entries()) {
    const payload = i % 2 === 0 ? pullRequestEvent(src, repo, pr.number, 'opened') : reviewEvent(src, repo, pr.number);
    const name = i % 2 === 0 ? 'pull_request' : 'pull_request_review';
    githubTime.ms = 0;
    const t0 = performance.now();
    await app.deliver(name, payload);
    const elapsed = performance.now() - t0;
    total.push(elapsed);
    own.push(elapsed - githubTime.ms);
  }
  await fake.reset();
  // The first evaluations warm the JIT, the token and the team cache.
  const steady = (xs: number[]) => xs.slice(Math.min(50, Math.floor(xs.length / 10))).sort((a, b) => a - b);
  const o = steady(own);
  const t = steady(total);
  console.log(
    `  ${label}: App time (excluding GitHub) p50 ${fmt(percentile(o, 50))} ms, p99 ${fmt(percentile(o, 99))} ms, max ${fmt(o[o.length - 1]!)} ms; ` +
      `including the fake GitHub's time p50 ${fmt(percentile(t, 50))} ms, p99 ${fmt(percentile(t, 99))} ms`,
  );
}

async function throughput(fake: FakeProcess, app: App, label: string, count: number, files: number, commits: number, concurrency: number): Promise<void> {
  const { prs } = await fake.setup({ repo: `acme/load-${files}`, count, files, commits, policy: POLICY, teams: { 'acme/core': ['bob'] }, approver: 'bob' });
  const src = source(prs);
  // One pass to create every check run and cache teams; the measured pass updates them.
  const events = prs.map((pr) => reviewEvent(src, `acme/load-${files}`, pr.number));
  const run = async (): Promise<number> => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < events.length) await app.deliver('pull_request_review', events[next++]);
      }),
    );
    return performance.now() - t0;
  };
  await run();
  await fake.reset();
  const cpu0 = process.cpuUsage();
  const wall = await run();
  const cpu = process.cpuUsage(cpu0);
  const calls = await fake.calls();
  await fake.reset();
  const cpuMsPerEval = (cpu.user + cpu.system) / 1000 / count;
  console.log(
    `  ${label}: ${fmt(count / (wall / 1000), 0)} webhooks evaluated/s (${count} webhooks, ${concurrency} in flight, ${calls.length} API calls); ` +
      `App CPU ${fmt(cpuMsPerEval, 2)} ms per evaluation → ${fmt(1000 / cpuMsPerEval, 0)}/s per core`,
  );
}

export async function run(): Promise<void> {
  const restoreFetch = instrumentFetch();
  const fake = await FakeProcess.start();
  try {
    const { url } = await fake.setup({ repo: 'acme/warmup', count: 0, files: 0, commits: 0, policy: POLICY, teams: {}, approver: null });
    const app = await startApp(url);
    await callsPerEvaluation(fake, app);
    console.log('Latency, webhook receipt (signature check included) → check-run write, one webhook at a time (1,000 webhooks, 20 files, 5 commits):');
    await latency(fake, app, 1000, 'as deployed', 'acme/latency');
    // Octokit's retry plugin schedules every request through a Bottleneck limiter: idle time, not work.
    await latency(fake, await startApp(url, { retry: false }), 1000, "without Octokit's retry plugin", 'acme/latency-no-retry');
    console.log('Throughput (fake GitHub in another process, Probot throttling off):');
    await throughput(fake, app, '20 files, 5 commits', 1000, 20, 5, 32);
    await throughput(fake, app, '100 files, 100 commits', 400, 100, 100, 32);
    console.log(
      `Peak RSS of the App process: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB; V8 heap after a full GC: ${fmt(heapAfterGc() / 2 ** 20, 0)} MB`,
    );
  } finally {
    await fake.close();
    restoreFetch();
  }
}
