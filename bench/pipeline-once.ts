/**
 * `node build/bench/pipeline-once.js POLICY SNAPSHOT`: the pipeline once in a
 * fresh process; prints {"ms": …, "sinceStart": …} (pipeline alone, and since
 * the process started, module loading included).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runPipeline } from './pipeline.js';

const [policyFile, snapshotFile] = process.argv.slice(2);
const snapshot = JSON.parse(readFileSync(snapshotFile!, 'utf8'));
const run = runPipeline(readFileSync(policyFile!, 'utf8'), snapshot);
const ms = run.ms.load + run.ms.evaluate + run.ms.receipt + run.ms.render;
console.log(JSON.stringify({ ms, sinceStart: performance.now() }));
