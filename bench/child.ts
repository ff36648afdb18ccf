/**
 * A child process timed from outside: wall time, and CPU time (user + system,
 * the child and what it waited for) read from GNU time when /usr/bin/time
 * exists, since wall time on a shared machine says more about the neighbours.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const hasTime = existsSync(GNU_TIME);

export interface ChildTiming {
  wall: number;
  /** null without /usr/bin/time. */
  cpu: number | null;
}

/** Runs `args` in `cwd`; exit codes in `ok` count as success (a failing verdict exits 1). */
export function timeChild(args: string[], cwd: string, ok: readonly number[] = [0]): ChildTiming {
  const dir = hasTime ? mkdtempSync(path.join(tmpdir(), 'proofgate-time-')) : null;
  const out = dir ? path.join(dir, 'cpu') : null;
  const argv = out ? [GNU_TIME, '-o', out, '-f', '%U %S', ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  if (r.status === null || !ok.includes(r.status)) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.toString()}`);
  let cpu: number | null = null;
  if (out && dir) {
    const [user, system] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    cpu = ((user ?? NaN) + (system ?? NaN)) * 1000;
    rmSync(dir, { recursive: true, force: true });
  }
  return { wall, cpu };
}

/** `load 1.23 / 2.34 / 3.45` (1, 5 and 15 minutes), to print next to any timing. */
export function loadText(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;
}
