/**
 * The engine pipeline in a fresh process, as the CLI and the Action run it
 * once: Node's start-up, loading proofgate's modules, then the first policy
 * load, evaluate(), receipt and render, each in CPU milliseconds (steadier
 * than wall time on a busy machine; wall is printed too). Next to them, in
 * the same run: the same stages warm (this process, after a first run), and
 * two fresh-process floors, `node -e 0` and a process that only reads and
 * copies the snapshot's JSON.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICIES, SIZES, syntheticPr } from './inputs.js';
import { runPipeline, type StageTimes } from './pipeline.js';
import { fmtMs, summarise } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNS = 15;
const WARM_RUNS = 20;
const STAGES = ['load', 'evaluate', 'receipt', 'render'] as const;

/** Only PATH: the child's start-up is not inflated by the caller's settings (NODE_OPTIONS, extra CA certificates). */
const CHILD_ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };

interface OnceResult {
  ms: StageTimes;
  cpu: StageTimes;
  startupCpu: number;
  importCpu: number;
  processCpu: number;
}

function once(policyFile: string, snapshotFile: string): OnceResult {
  const out = execFileSync(process.execPath, [path.join(HERE, 'pipeline-once.js'), policyFile, snapshotFile], { encoding: 'utf8', env: CHILD_ENV });
  return JSON.parse(out) as OnceResult;
}

/** CPU milliseconds a fresh `node -e SCRIPT` spends up to the end of SCRIPT. */
function floorCpu(script: string, n: number): number[] {
  const probe = `${script};const{user,system}=process.cpuUsage();console.log((user+system)/1000)`;
  return Array.from({ length: n }, () => Number(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: CHILD_ENV })));
}

function warmCpu(policyYaml: string, snapshot: ReturnType<typeof syntheticPr>): Record<(typeof STAGES)[number], number> {
  runPipeline(policyYaml, snapshot);
  const runs = Array.from({ length: WARM_RUNS }, () => runPipeline(policyYaml, snapshot).cpu);
  return Object.fromEntries(STAGES.map((s) => [s, summarise(runs.map((r) => r[s])).median])) as Record<(typeof STAGES)[number], number>;
}

export function runCold(dir: string): void {
  console.log(
    `Cold: a fresh process runs the pipeline once (CPU ms, medians of ${RUNS} processes; warm = the same stage in this process, median of ${WARM_RUNS}):`,
  );
  const nodeFloor = summarise(floorCpu('0', RUNS));
  console.log(`  floor node -e 0: CPU ${nodeFloor.text}`);
  for (const size of SIZES.slice(0, 2)) {
    const snapshot = syntheticPr(size);
    const snapshotFile = path.join(dir, `snapshot-${size.files}.json`);
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
    const jsonFloor = summarise(floorCpu(`JSON.stringify(JSON.parse(require('fs').readFileSync(${JSON.stringify(snapshotFile)}, 'utf8')))`, RUNS));
    console.log(`  ${size.label}: floor (fresh process reading and copying the snapshot's JSON) CPU median ${fmtMs(jsonFloor.median)}`);
    for (const policy of POLICIES.slice(0, 2)) {
      const policyFile = path.join(dir, 'policy.yml');
      writeFileSync(policyFile, policy.yaml);
      const runs = Array.from({ length: RUNS }, () => once(policyFile, snapshotFile));
      const warm = warmCpu(policy.yaml, snapshot);
      const median = (pick: (r: OnceResult) => number) => summarise(runs.map(pick)).median;
      const stages = STAGES.map((s) => `${s} ${fmtMs(median((r) => r.cpu[s]))} (warm ${fmtMs(warm[s])})`).join(', ');
      const first = median((r) => STAGES.reduce((sum, s) => sum + r.cpu[s], 0));
      const process = median((r) => r.processCpu);
      console.log(
        `    ${policy.name.padEnd(24)} first evaluate() ${fmtMs(median((r) => r.cpu.evaluate))} (target < 25 ms); first pipeline ${fmtMs(first)}: ${stages}; ` +
          `imports ${fmtMs(median((r) => r.importCpu))}; whole process ${fmtMs(process)} = ${(process / nodeFloor.median).toFixed(1)}× node -e 0, ` +
          `${(process / jsonFloor.median).toFixed(1)}× the JSON floor; wall of the first pipeline ${fmtMs(median((r) => STAGES.reduce((sum, s) => sum + r.ms[s], 0)))}`,
      );
    }
  }
}
