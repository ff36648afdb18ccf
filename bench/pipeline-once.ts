/**
 * `node build/bench/pipeline-once.js POLICY SNAPSHOT`: the pipeline once in a
 * fresh process. Prints one JSON line: `startupCpu` (CPU before the first
 * import, Node's own start-up), `importCpu` (loading proofgate's modules), the
 * first run's stages in wall (`ms`) and CPU (`cpu`) milliseconds, and
 * `processCpu`, the whole process's CPU up to the end.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const startupCpu = cpuNow();
const { runPipeline } = await import('./pipeline.js');
const importCpu = cpuNow() - startupCpu;

const [policyFile, snapshotFile] = process.argv.slice(2);
const snapshot = JSON.parse(readFileSync(snapshotFile!, 'utf8'));
const run = runPipeline(readFileSync(policyFile!, 'utf8'), snapshot);
console.log(JSON.stringify({ ms: run.ms, cpu: run.cpu, startupCpu, importCpu, processCpu: cpuNow(), sinceStart: performance.now() }));
