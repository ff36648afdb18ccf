/** One run of the engine pipeline as the shells run it, each stage timed (wall clock and this process's CPU). */
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/engine/evaluate.js';
import { loadPolicy } from '../src/policy/load.js';
import { buildReceipt } from '../src/receipt/json.js';
import { renderCheckRunOutput } from '../src/receipt/markdown.js';
import type { Snapshot } from '../src/snapshot.js';

export interface StageTimes {
  load: number;
  evaluate: number;
  receipt: number;
  render: number;
}

export interface PipelineRun {
  conclusion: string;
  /** Wall-clock milliseconds per stage. */
  ms: StageTimes;
  /** CPU milliseconds (user + system) per stage: steadier than wall time on a busy machine. */
  cpu: StageTimes;
}

const NOW = new Date('2026-11-20T12:00:00Z');

/** This process's CPU time so far, in milliseconds. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function runPipeline(policyYaml: string, snapshot: Snapshot): PipelineRun {
  const c0 = cpuMs();
  const t0 = performance.now();
  const loaded = loadPolicy(policyYaml, { path: '.github/proofgate.yml', origin: 'base-branch', ref: null });
  if (!loaded.ok) throw new Error(`bench policy does not load: ${loaded.errors[0]?.message}`);
  const t1 = performance.now();
  const c1 = cpuMs();
  const verdict = evaluate(loaded.policy, snapshot, { now: NOW });
  const t2 = performance.now();
  const c2 = cpuMs();
  const receipt = buildReceipt(verdict, snapshot);
  const t3 = performance.now();
  const c3 = cpuMs();
  renderCheckRunOutput(receipt);
  const t4 = performance.now();
  const c4 = cpuMs();
  return {
    conclusion: verdict.conclusion,
    ms: { load: t1 - t0, evaluate: t2 - t1, receipt: t3 - t2, render: t4 - t3 },
    cpu: { load: c1 - c0, evaluate: c2 - c1, receipt: c3 - c2, render: c4 - c3 },
  };
}
