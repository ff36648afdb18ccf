/**
 * The engine on a synthetic PR of 3,000 files and 250 commits against a
 * 50-route policy. Target: median under 10 ms per evaluation on 2 cores.
 */
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/engine/evaluate.js';
import { policySchema } from '../src/policy/schema.js';
import type { Policy } from '../src/policy/types.js';
import { emptySnapshot, type CommitSnapshot, type Snapshot } from '../src/snapshot.js';

const AREAS = 50;

export function syntheticPolicy(): Policy {
  const routes = Array.from({ length: AREAS }, (_, i) => ({
    name: `area-${i}`,
    paths: [`packages/area-${i}/**`, `!packages/area-${i}/**/*.snap`],
    tiers: i % 5 === 0 ? ['strong'] : ['fast', 'strong'],
    require: i % 5 === 0 ? ['tests', 'review'] : ['tests'],
  }));
  const doc = policySchema.parse({
    version: 1,
    tiers: { fast: ['*-mini', '*-flash*', 'claude-haiku-*'], strong: ['claude-opus-*', 'claude-sonnet-*', 'gpt-5', 'gpt-5.*'] },
    proofs: { tests: { kind: 'check', name: 'test*', app: 'github-actions' }, review: { kind: 'review', teams: ['acme/core'] } },
    routes,
    default: { require: ['review'] },
  });
  return { source: { path: '.github/proofgate.yml', origin: 'base-branch', ref: null, digest: 'bench' }, doc };
}

export function syntheticSnapshot(fileCount = 3000, commitCount = 250): Snapshot {
  const snapshot = emptySnapshot('b'.repeat(40), 'f'.repeat(40));
  const paths = Array.from({ length: fileCount }, (_, i) => `packages/area-${i % (AREAS + 5)}/src/module-${i}.ts`);
  const trailers = [
    'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>',
    'Co-authored-by: aider (gpt-5-mini) <aider@aider.chat>',
    'Assisted-by: Claude:claude-sonnet-4-6',
    '',
  ];
  const commits: CommitSnapshot[] = Array.from({ length: commitCount }, (_, i) => ({
    sha: i.toString(16).padStart(40, '0'),
    message: `Change ${i}\n\nTouch several modules.\n\n${trailers[i % trailers.length]}\nSigned-off-by: Dev <dev@example.com>\n`,
    author: { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false },
    committer: { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false },
    parents: [],
    authoredAt: '2026-11-20T10:00:00Z',
    files: i % 10 === 0 ? null : paths.filter((_, j) => j % commitCount === i),
    signature: null,
  }));
  return {
    ...snapshot,
    pullRequest: { number: 1, title: 'Big agent PR', author: { login: 'dev', isBot: false }, labels: [], draft: false, url: null },
    files: paths.map((path) => ({ path, status: 'modified', previousPath: null, additions: 3, deletions: 1 })),
    commits,
    checkRuns: [{ name: 'tests', status: 'completed', conclusion: 'success', app: { slug: 'github-actions', id: 15368 }, url: null, completedAt: null }],
    reviews: [{ id: 'r1', author: { login: 'erin', isBot: false }, state: 'APPROVED', commitSha: 'f'.repeat(40), submittedAt: '2026-11-20T11:00:00Z', authorCanPush: true }],
    teams: { 'acme/core': ['erin'] },
  };
}

/**
 * Hostile input: a policy with many-star globs (a tier and a route), and a PR whose
 * model id and file names are chosen to make a backtracking matcher explode.
 */
export function hostileCase(): { policy: Policy; snapshot: Snapshot } {
  const stars = '*a'.repeat(12);
  const doc = policySchema.parse({
    version: 1,
    tiers: { odd: [`${stars}b`], strong: ['claude-opus-*'] },
    routes: [
      { name: 'odd', paths: [`**/${stars}b/**`, `**/${stars}b`], tiers: ['strong'] },
      ...Array.from({ length: 20 }, (_, i) => ({ name: `star-${i}`, paths: [`**/${'*x'.repeat(8)}${i}*/**`] })),
    ],
  });
  const snapshot = emptySnapshot('b'.repeat(40), 'f'.repeat(40));
  const names = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(32 + (i % 8))}/${'x'.repeat(40)}-${i}`);
  return {
    policy: { source: { path: '.github/proofgate.yml', origin: 'base-branch', ref: null, digest: 'hostile' }, doc },
    snapshot: {
      ...snapshot,
      files: names.map((path) => ({ path, status: 'added', previousPath: null, additions: 1, deletions: 0 })),
      commits: [{
        sha: '1'.repeat(40),
        message: `Hostile\n\nAssisted-by: aider:${'a'.repeat(32)}\n`,
        author: { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false },
        committer: { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false },
        parents: [],
        authoredAt: '2026-11-20T10:00:00Z',
        files: names,
        signature: null,
      }],
    },
  };
}

/** 1,000 routes that can match anywhere (`**` + `/…`) against the 3,000-file PR. */
export function anywherePolicy(): Policy {
  const routes = Array.from({ length: 1000 }, (_, i) => ({
    name: `r-${i}`,
    paths: i % 2 === 0 ? [`**/area-${i}/**`] : [`**/*.kind${i}`],
    require: [],
  }));
  const doc = policySchema.parse({ version: 1, routes });
  return { source: { path: '.github/proofgate.yml', origin: 'base-branch', ref: null, digest: 'anywhere' }, doc };
}

function time(label: string, policy: Policy, snapshot: Snapshot, runs: number): void {
  const now = new Date('2026-11-20T12:00:00Z');
  evaluate(policy, snapshot, { now }); // compile and warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    evaluate(policy, snapshot, { now });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${percentile(times, 50).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms over ${runs} runs`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<void> {
  const policy = syntheticPolicy();
  const snapshot = syntheticSnapshot();
  const now = new Date('2026-11-20T12:00:00Z');
  for (let i = 0; i < 20; i++) evaluate(policy, snapshot, { now }); // warm-up: JIT and the compiled policy
  const times: number[] = [];
  const runs = 300;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    evaluate(policy, snapshot, { now });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const verdict = evaluate(policy, snapshot, { now });
  console.log(`PR: ${snapshot.files.length} files, ${snapshot.commits.length} commits; policy: ${policy.doc.routes.length} routes`);
  console.log(`verdict: ${verdict.conclusion}, ${verdict.routes.length} routes touched, ${verdict.violations.length} violations`);
  console.log(`evaluate(): median ${percentile(times, 50).toFixed(2)} ms, p90 ${percentile(times, 90).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms over ${runs} runs (target: median < 10 ms)`);
  const hostile = hostileCase();
  time('hostile globs × 200 attacker-named files and a 32-character model id', hostile.policy, hostile.snapshot, 5);
  time('1,000 anywhere routes × 3,000 files', anywherePolicy(), snapshot, 20);
}
