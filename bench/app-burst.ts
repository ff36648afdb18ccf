/**
 * The App as shipped (`npm start`: Probot with its retry and throttling
 * plugins, proofgate's Octokit, the webhook middleware) in its own process,
 * against the fake GitHub in another, under a burst: 200 deliveries for 50
 * pull requests of one installation, sent as GitHub sends them (many at
 * once), and one pull request of a second installation delivered just after
 * the burst starts.
 *
 * For each delivery, delivery → check is the time until the check reflects
 * it: the first check-run write for its pull request that follows a load of
 * that pull request begun after the delivery, or, when the App wrote nothing
 * because the check already showed the verdict, its answer to the delivery
 * (the App answers once the evaluation has finished). Also counted: reads,
 * check-run writes by kind, and writes that left the check exactly as it was.
 *
 * The pacing is the App's own (Probot's throttling as shipped, with
 * proofgate's lanes: content writes one a second per installation, GraphQL
 * queries ten at once); the fake GitHub answers at once and enforces no limit
 * of its own, so a figure here is the client-side pacing plus the fake's
 * answer times, not GitHub's latency (typically 100–500 ms a request).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FakePullRequest } from '../test/support/fake-github/index.js';
import { checkRunEvent, pullRequestEvent, reviewEvent, type PullRequestSource } from '../test/app/support/payloads.js';
import { sendWebhook } from '../test/app/support/server-process.js';
import type { TimelineEntry } from './app-fake.js';
import { FakeProcess } from './fake-process.js';
import { startShippedApp } from './shipped.js';
import { fmtMs, summarise } from './stats.js';

const SECRET = 'bench-burst-secret';
const PRS = 50;
const DELIVERIES_PER_PR = 4;
/** Deliveries GitHub has in flight at once towards one App. */
const CONCURRENCY = 16;
const POLICY = `version: 1
proofs:
  tests: { kind: check, name: tests, app: github-actions }
  review: { kind: review, users: [bob] }
routes:
  - name: auth
    paths: ["src/auth/**"]
    require: [tests, review]
default:
  require: [tests]
`;

function withInstallation<T extends Record<string, unknown>>(payload: T, installationId: number): T {
  return { ...payload, installation: { id: installationId, node_id: `INST_${installationId}` } };
}

function deliveriesFor(src: PullRequestSource, repo: string, pr: FakePullRequest, installationId: number): Array<[string, unknown]> {
  const checkRun = checkRunEvent(src, repo, 'completed', {
    name: 'tests',
    headSha: pr.head.sha,
    app: { id: 15368, slug: 'github-actions' },
    pullRequests: [pr.number],
  });
  const all: Array<[string, unknown]> = [
    ['pull_request', pullRequestEvent(src, repo, pr.number, 'synchronize')],
    ['check_run', checkRun],
    ['pull_request_review', reviewEvent(src, repo, pr.number)],
    ['pull_request', pullRequestEvent(src, repo, pr.number, 'labeled')],
  ];
  return all.slice(0, DELIVERIES_PER_PR).map(([name, payload]) => [name, withInstallation(payload as Record<string, unknown>, installationId)]);
}

interface Sent {
  repo: string;
  number: number;
  at: number;
  answeredAt: number;
  status: number;
}

/**
 * Delivery → the first write for its PR after a load of that PR that began
 * after the delivery; when no write follows before the App answered (2xx, within
 * GitHub's 10 s: the check already showed the verdict), delivery → answer.
 */
function latencies(sent: Sent[], timeline: TimelineEntry[], headOf: Map<string, string>): Array<number | null> {
  return sent.map((d) => {
    const load = timeline.find((e) => e.kind === 'load' && e.repo === d.repo && e.number === d.number && e.at >= d.at);
    // No read at all: the hints showed the event cannot change the verdict (a label, a check no proof names).
    if (!load) return d.status === 200 ? d.answeredAt - d.at : null;
    const head = headOf.get(`${d.repo}#${d.number}`);
    const write = timeline.find((e) => e.kind === 'write' && e.repo === d.repo && e.headSha === head && e.at >= load.at);
    if (write && write.at <= d.answeredAt) return write.at - d.at;
    if (d.status === 200) return d.answeredAt - d.at;
    return write ? write.at - d.at : null;
  });
}

/** Check-run writes by kind: in-progress marks, verdicts (and closes of older marks), anything else. */
function writeKinds(timeline: TimelineEntry[]): { marks: number; verdicts: number } {
  let marks = 0;
  let verdicts = 0;
  for (const e of timeline) {
    if (e.kind !== 'write') continue;
    if (e.status === 'in_progress' && e.title === 'Evaluating') marks++;
    else verdicts++;
  }
  return { marks, verdicts };
}

function unchangedWrites(timeline: TimelineEntry[]): { writes: number; unchanged: number } {
  const last = new Map<string, string>();
  let writes = 0;
  let unchanged = 0;
  for (const e of timeline) {
    if (e.kind !== 'write') continue;
    writes++;
    const key = `${e.repo}@${e.headSha}`;
    const state = JSON.stringify([e.status, e.conclusion, e.title, e.summary]);
    if (last.get(key) === state) unchanged++;
    last.set(key, state);
  }
  return { writes, unchanged };
}

export async function run(): Promise<void> {
  const fake = await FakeProcess.start();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const warmup = await fake.setup({ repo: 'acme/warmup', count: 0, files: 0, commits: 0, policy: POLICY, teams: {}, approver: null });
  const server = await startShippedApp(root, warmup, { secret: SECRET, logLevel: 'warn' });
  try {
    const busy = await fake.setup({ repo: 'acme/busy', count: PRS, files: 40, commits: 10, policy: POLICY, teams: {}, approver: 'bob' });
    const quiet = await fake.setup({ repo: 'other/quiet', count: 1, files: 40, commits: 10, policy: POLICY, teams: {}, approver: 'bob' });
    const src: PullRequestSource = { pullRequest: (repo, n) => [...busy.prs, ...quiet.prs].find((p) => p.repo === repo && p.number === n)! };
    const headOf = new Map([...busy.prs, ...quiet.prs].map((p) => [`${p.repo}#${p.number}`, p.head.sha] as const));
    // Each PR's check run exists before the burst, as on a live repository.
    await Promise.all(
      [...busy.prs, ...quiet.prs].map((pr, i) =>
        sendWebhook(server.url, 'pull_request', withInstallation(pullRequestEvent(src, pr.repo, pr.number, 'opened'), i < PRS ? 1 : 2), SECRET),
      ),
    );
    await fake.settle(1500, 300_000);
    await fake.reset();

    // Interleaved as GitHub would deliver them: each PR's events spread over the burst.
    const perPr = busy.prs.map((pr) => deliveriesFor(src, pr.repo, pr, 1));
    const burst: Array<{ repo: string; number: number; name: string; payload: unknown }> = [];
    for (let k = 0; k < DELIVERIES_PER_PR; k++) {
      for (const [i, pr] of busy.prs.entries()) burst.push({ repo: pr.repo, number: pr.number, name: perPr[i]![k]![0], payload: perPr[i]![k]![1] });
    }
    const sent: Sent[] = [];
    const deliver = async (d: { repo: string; number: number; name: string; payload: unknown }) => {
      const at = Date.now();
      const res = await sendWebhook(server.url, d.name, d.payload, SECRET);
      sent.push({ repo: d.repo, number: d.number, at, answeredAt: Date.now(), status: res.status });
    };
    let next = 0;
    const t0 = performance.now();
    const lanes = Array.from({ length: CONCURRENCY }, async () => {
      while (next < burst.length) await deliver(burst[next++]!);
    });
    // The second installation's PR, just after the burst began.
    await new Promise((r) => setTimeout(r, 200));
    const otherPr = quiet.prs[0]!;
    const other = {
      repo: otherPr.repo,
      number: otherPr.number,
      name: 'pull_request_review',
      payload: withInstallation(reviewEvent(src, otherPr.repo, otherPr.number), 2),
    };
    await Promise.all([...lanes, deliver(other)]);
    const answered = performance.now() - t0;
    await fake.settle(3000, 600_000);
    const timeline = await fake.timeline();

    const burstSent = sent.filter((s) => s.repo === 'acme/busy');
    const otherSent = sent.filter((s) => s.repo === 'other/quiet');
    const burstLat = latencies(burstSent, timeline, headOf);
    const otherLat = latencies(otherSent, timeline, headOf);
    const measured = burstLat.filter((x): x is number => x !== null);
    const statuses = new Map<number, number>();
    for (const s of sent) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    const { writes, unchanged } = unchangedWrites(timeline);
    const b = summarise(measured);
    console.log(
      `Burst, App as shipped (npm start; Probot's throttling and retry on): ${burstSent.length} deliveries for ${PRS} PRs in one installation, ${CONCURRENCY} at a time, + 1 PR in a second installation`,
    );
    console.log(`  all deliveries answered in ${fmtMs(answered)}; HTTP statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
    console.log(
      `  delivery → check (the first write that can reflect it, or the answer when nothing needed writing), burst: ${b.text}; p99 target ≤ 30 s; ${burstLat.length - measured.length} deliveries unaccounted for`,
    );
    console.log(
      `  delivery → check, second installation: ${otherLat[0] === null || otherLat[0] === undefined ? 'no write' : fmtMs(otherLat[0])} (target ≤ 2 s)`,
    );
    const kinds = writeKinds(timeline);
    const loadTimes = timeline.filter((e) => e.kind === 'load').map((e) => e.at);
    const loads = loadTimes.length;
    if (loads > 1) console.log(`  the last pull-request load ${((loadTimes[loads - 1]! - loadTimes[0]!) / 1000).toFixed(1)} s after the first`);
    console.log(
      `  reads: ${loads} pull-request loads for ${sent.length} deliveries; check-run writes: ${writes} (${kinds.marks} in-progress marks, ${kinds.verdicts} verdicts), of which ${unchanged} left the check exactly as it was`,
    );
    console.log(
      `  writes per delivery: ${(writes / sent.length).toFixed(2)} (each PR already showed the verdict the burst re-confirms: a delivery whose read finds that writes nothing; a changed verdict costs a read, a mark, a read and the verdict)`,
    );
  } finally {
    await server.stop();
    await fake.close();
  }
}
