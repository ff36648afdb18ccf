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
import { syntheticPr } from './inputs.js';
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

function time(label: string, policy: Policy, snapshot: Snapshot, runs: number): void {
  const now = new Date('2026-11-20T12:00:00Z');
  evaluate(policy, snapshot, { now }); // compile and warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    evaluate(policy, snapshot, { now });
    times.push(performance.now() - t0);
  }
  const s = summarise(times);
  console.log(`${label}: median ${fmtMs(s.median)}, max ${fmtMs(Math.max(...times))} over ${runs} runs`);
}

export async function run(): Promise<void> {
  const hostile = hostileCase();
  time('hostile: 12-star globs × 200 attacker-named files and a 32-character model id', hostile.policy, hostile.snapshot, 5);
  time('anywhere: 1,000 `**/` routes × 3,000 files', anywherePolicy(), syntheticPr({ files: 3000, commits: 250 }), 20);
}
