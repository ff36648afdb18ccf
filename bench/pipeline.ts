/** One run of the engine pipeline as the shells run it, each stage timed. */
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/engine/evaluate.js';
import { loadPolicy } from '../src/policy/load.js';
import { buildReceipt } from '../src/receipt/json.js';
import { renderCheckRunOutput } from '../src/receipt/markdown.js';
import type { Snapshot } from '../src/snapshot.js';

export interface PipelineRun {
  conclusion: string;
  ms: { load: number; evaluate: number; receipt: number; render: number };
}

const NOW = new Date('2026-11-20T12:00:00Z');

export function runPipeline(policyYaml: string, snapshot: Snapshot): PipelineRun {
  const t0 = performance.now();
  const loaded = loadPolicy(policyYaml, { path: '.github/proofgate.yml', origin: 'base-branch', ref: null });
  if (!loaded.ok) throw new Error(`bench policy does not load: ${loaded.errors[0]?.message}`);
  const t1 = performance.now();
  const verdict = evaluate(loaded.policy, snapshot, { now: NOW });
  const t2 = performance.now();
  const receipt = buildReceipt(verdict, snapshot);
  const t3 = performance.now();
  renderCheckRunOutput(receipt);
  const t4 = performance.now();
  return { conclusion: verdict.conclusion, ms: { load: t1 - t0, evaluate: t2 - t1, receipt: t3 - t2, render: t4 - t3 } };
}
