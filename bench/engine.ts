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
}
