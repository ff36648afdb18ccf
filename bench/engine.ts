/**
 * The engine pipeline as every shell runs it: policy load (YAML, zod, semantic
 * checks) → evaluate (compile, attribution, routing, proofs) → receipt
 * (canonical JSON, digest) → check-run text. Realistic inputs (bench/inputs.ts).
 *
 * - warm: the same process again and again (the App and a long-lived Action
 *   runner); each stage timed, next to the floor of merely copying the
 *   snapshot (JSON.parse + JSON.stringify);
 * - cold: a fresh process doing it once (the CLI, the Action): bench/engine-cold.ts.
 *
 * Percentiles are printed only where the samples can carry them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { POLICIES, SIZES, syntheticPr } from './inputs.js';
import { runCold } from './engine-cold.js';
import { runPipeline } from './pipeline.js';
import { fmtMs, summarise } from './stats.js';

/** Per case, sample until this much time has passed (at least 5 samples, at most 300). */
const BUDGET_MS = 4000;

function sampleWarm(policyYaml: string, snapshot: ReturnType<typeof syntheticPr>) {
  const stages = { load: [] as number[], evaluate: [] as number[], receipt: [] as number[], render: [] as number[], total: [] as number[] };
  const floor: number[] = [];
  const w0 = performance.now();
  runPipeline(policyYaml, snapshot); // first call: JIT; the cold figure covers it
  const minSamples = performance.now() - w0 > 1000 ? 2 : 5;
  const t0 = performance.now();
  let verdict = '';
  while (stages.total.length < 300 && (stages.total.length < minSamples || performance.now() - t0 < BUDGET_MS)) {
    const r = runPipeline(policyYaml, snapshot);
    verdict = r.conclusion;
    stages.load.push(r.ms.load);
    stages.evaluate.push(r.ms.evaluate);
    stages.receipt.push(r.ms.receipt);
    stages.render.push(r.ms.render);
    stages.total.push(r.ms.load + r.ms.evaluate + r.ms.receipt + r.ms.render);
    const f0 = performance.now();
    JSON.stringify(JSON.parse(JSON.stringify(snapshot)));
    floor.push(performance.now() - f0);
  }
  return { stages, floor, verdict };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-bench-'));
  console.log('Warm (same process; median / p99 where ≥ 100 samples), total = load + evaluate + receipt + render:');
  for (const size of SIZES) {
    const snapshot = syntheticPr(size);
    const avg = Math.round(snapshot.commits.reduce((s, c) => s + c.message.length, 0) / snapshot.commits.length);
    console.log(`  ${size.label} (messages ${avg} chars on average):`);
    for (const policy of POLICIES) {
      // 1,000 routes over 30,000 files is past what a PR can be on GitHub; its scaling shows at 3,000 already.
      if (policy.yaml.length > 100_000 && size.files > 3000) continue;
      const { stages, floor, verdict } = sampleWarm(policy.yaml, snapshot);
      const total = summarise(stages.total);
      const ratio = total.median / summarise(floor).median;
      console.log(
        `    ${policy.name.padEnd(24)} total ${total.text}; load ${fmtMs(summarise(stages.load).median)}, evaluate ${fmtMs(summarise(stages.evaluate).median)}, ` +
          `receipt ${fmtMs(summarise(stages.receipt).median)}, render ${fmtMs(summarise(stages.render).median)}; ` +
          `floor (JSON copy of the snapshot) ${fmtMs(summarise(floor).median)} → ${ratio.toFixed(1)}× [${verdict}]`,
      );
    }
  }

  runCold(dir);
}
