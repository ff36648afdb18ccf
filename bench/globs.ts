/**
 * Glob matching on hostile and heavy inputs, timed through evaluate():
 *
 * - hostile: many-star globs in the policy (a tier and a route) against model ids
 *   and file names chosen to make a backtracking matcher explode (32–39 `a`s);
 * - anywhere: 1,000 routes that a literal-prefix index cannot narrow
 *   (`**` + `/area-N/**`, `**` + `/*.kindN`) against a 3,000-file PR.
 */
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/engine/evaluate.js';
import { policySchema } from '../src/policy/schema.js';
import type { Policy } from '../src/policy/types.js';
import { emptySnapshot, type Snapshot } from '../src/snapshot.js';
import { globPolicyYaml, syntheticPr } from './inputs.js';
import { loadPolicy } from '../src/policy/load.js';
import { fmtMs, summarise } from './stats.js';

const source = (digest: string) => ({ path: '.github/proofgate.yml', origin: 'base-branch' as const, ref: null, digest });

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
  const names = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(32 + (i % 8))}/${'x'.repeat(40)}-${i}`);
  const identity = { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false };
  return {
    policy: { source: source('hostile'), doc },
    snapshot: {
      ...emptySnapshot('b'.repeat(40), 'f'.repeat(40)),
      files: names.map((path) => ({ path, status: 'added' as const, previousPath: null, additions: 1, deletions: 0 })),
      commits: [
        {
          sha: '1'.repeat(40),
          message: `Hostile\n\nAssisted-by: aider:${'a'.repeat(32)}\n`,
          author: identity,
          committer: identity,
          parents: [],
          authoredAt: '2026-11-20T10:00:00Z',
          files: names,
          signature: null,
        },
      ],
    },
  };
}

export function anywherePolicy(): Policy {
  const routes = Array.from({ length: 1000 }, (_, i) => ({ name: `r-${i}`, paths: i % 2 === 0 ? [`**/area-${i}/**`] : [`**/*.kind${i}`] }));
  return { source: source('anywhere'), doc: policySchema.parse({ version: 1, routes }) };
}

/** CPU milliseconds of one call (process.cpuUsage: this thread and V8's helpers; steadier than wall time on a loaded machine). */
function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const NOW = new Date('2026-11-20T12:00:00Z');

function time(label: string, policy: Policy, snapshot: Snapshot, runs: number): void {
  const first = cpuMs(() => evaluate(policy, snapshot, { now: NOW })); // compile, JIT
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    cpu.push(cpuMs(() => evaluate(policy, snapshot, { now: NOW })));
    wall.push(performance.now() - t0);
  }
  console.log(
    `${label}:\n    first call (compile + JIT) CPU ${fmtMs(first)}; warm CPU ${summarise(cpu).text}; warm wall median ${fmtMs(summarise(wall).median)}`,
  );
}

const SCALING_ROUNDS = 31;

/** Warm CPU median of evaluate() per point, each round timing every point once. */
function inTurn(points: ReadonlyArray<{ policy: Policy; snapshot: Snapshot }>, rounds: number): number[] {
  for (const p of points) evaluate(p.policy, p.snapshot, { now: NOW });
  const samples = points.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) points.forEach((p, i) => samples[i]!.push(cpuMs(() => evaluate(p.policy, p.snapshot, { now: NOW }))));
  return samples.map((s) => summarise(s).median);
}

/** Warm CPU median of evaluate() with the policy compiled afresh each time (a newly loaded policy), and with it compiled. */
function freshAndCompiled(policy: Policy, snapshot: Snapshot, runs: number): { fresh: number; compiled: number } {
  evaluate(policy, snapshot, { now: NOW });
  const fresh: number[] = [];
  const compiled: number[] = [];
  for (let i = 0; i < runs; i++) {
    fresh.push(cpuMs(() => evaluate({ ...policy }, snapshot, { now: NOW })));
    compiled.push(cpuMs(() => evaluate(policy, snapshot, { now: NOW })));
  }
  return { fresh: summarise(fresh).median, compiled: summarise(compiled).median };
}

function loaded(yaml: string): Policy {
  const result = loadPolicy(yaml, { path: '.github/proofgate.yml', origin: 'base-branch', ref: null });
  if (!result.ok) throw new Error(`bench policy does not load: ${result.errors[0]?.message}`);
  return result.policy;
}

export async function run(): Promise<void> {
  const hostile = hostileCase();
  time('hostile: 12-star globs × 200 attacker-named files and a 32-character model id', hostile.policy, hostile.snapshot, 20);
  const pr3000 = syntheticPr({ files: 3000, commits: 250 });
  time('anywhere: 1,000 `**/` routes × 3,000 files × 250 commits, 40 models (target < 20 ms)', anywherePolicy(), pr3000, 100);
  const tiered = loaded(globPolicyYaml(1000));
  time('1,000 `**/` routes with tiers and proofs × 3,000 files × 250 commits, 40 models (target < 20 ms)', tiered, pr3000, 100);
  const both = freshAndCompiled(tiered, pr3000, 15);
  console.log(
    `    the same with the policy compiled afresh each time (a newly loaded policy): CPU median ${fmtMs(both.fresh)} (compiled: ${fmtMs(both.compiled)})`,
  );

  // Linear scaling: CPU per unit should stay flat as each dimension doubles. The points of a
  // row are timed round-robin, so JIT warm-up, drift and GC fall on all of them alike.
  console.log(`Scaling (warm CPU medians of ${SCALING_ROUNDS} rounds, policy compiled, points timed in turn; per-unit cost in brackets):`);
  const rows: Array<[string, Array<{ n: number; policy: Policy; snapshot: Snapshot }>]> = [
    ['routes (3,000 files × 250 commits)', [250, 500, 1000].map((n) => ({ n, policy: loaded(globPolicyYaml(n)), snapshot: pr3000 }))],
    ['files (1,000 routes, 250 commits)', [750, 1500, 3000].map((n) => ({ n, policy: tiered, snapshot: syntheticPr({ files: n, commits: 250 }) }))],
    ['commits (1,000 routes, 3,000 files)', [62, 125, 250].map((n) => ({ n, policy: tiered, snapshot: syntheticPr({ files: 3000, commits: n }) }))],
  ];
  for (const [label, points] of rows) {
    const medians = inTurn(points, SCALING_ROUNDS);
    // The synthetic PRs differ in more than the varied dimension: the violations found, each
    // described in the verdict, are printed so a point that costs more can be read.
    const violations = points.map((p) => evaluate(p.policy, p.snapshot, { now: NOW }).violations.length);
    const cells = points.map(({ n }, i) => `${n}: ${fmtMs(medians[i]!)} [${((medians[i]! / n) * 1000).toFixed(1)} µs; ${violations[i]} violations]`);
    console.log(`  ${label}: ${cells.join(', ')}`);
  }
}
