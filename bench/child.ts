/**
 * A child process timed from outside: wall time, and CPU time (user + system,
 * the child and what it waited for). CPU comes from bash's `times`, which
 * reports waited-for children to the millisecond, or else from GNU time (to
 * 10 ms, too coarse next to a 20 ms floor), since wall time on a shared
 * machine says more about the neighbours.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const BASH = '/bin/bash';
const GNU_TIME = '/usr/bin/time';
const hasBash = existsSync(BASH);
const hasTime = existsSync(GNU_TIME);

/**
 * Runs "$@", then writes to $PROOFGATE_TIMES its start and end (bash 5's
 * $EPOCHREALTIME, so the wall time leaves out bash's own start-up) and `times`
 * (the shell's own line, then its children's); exits with the command's code.
 */
const BASH_TIMED = 'start=$EPOCHREALTIME; "$@"; code=$?; end=$EPOCHREALTIME; { echo "$start $end"; times; } > "$PROOFGATE_TIMES"; exit $code';

export interface ChildTiming {
  wall: number;
  /** null without bash or /usr/bin/time. */
  cpu: number | null;
}

/** Runs `args` in `cwd`; exit codes in `ok` count as success (a failing verdict exits 1). */
export function timeChild(args: string[], cwd: string, ok: readonly number[] = [0], baseEnv: NodeJS.ProcessEnv = process.env): ChildTiming {
  const dir = hasBash || hasTime ? mkdtempSync(path.join(tmpdir(), 'proofgate-time-')) : null;
  const out = dir ? path.join(dir, 'cpu') : null;
  const argv = !out ? args : hasBash ? [BASH, '-c', BASH_TIMED, 'timed', ...args] : [GNU_TIME, '-o', out, '-f', '%U %S', ...args];
  const env = out && hasBash ? { ...baseEnv, PROOFGATE_TIMES: out } : baseEnv;
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  let wall = performance.now() - t0;
  if (r.status === null || !ok.includes(r.status)) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.toString()}`);
  let cpu: number | null = null;
  if (out && dir) {
    const text = readFileSync(out, 'utf8');
    if (hasBash) {
      const [span, , children] = text.trim().split('\n');
      const [start, end] = (span ?? '').split(' ').map(Number);
      // Without $EPOCHREALTIME (bash before 5) the wall time measured outside stays.
      if (Number.isFinite(start) && Number.isFinite(end)) wall = (end! - start!) * 1000;
      cpu = childrenCpu(children ?? '');
    } else {
      cpu = gnuTimeCpu(text);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { wall, cpu };
}

/** bash `times`' children line, `0m0.012s 0m0.004s` (user, system); ms. */
function childrenCpu(children: string): number {
  const spans = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (spans.length !== 2) throw new Error(`bash times printed ${JSON.stringify(children)}`);
  return spans[0]! + spans[1]!;
}

/** GNU time `-f '%U %S'` (after a "Command exited with non-zero status" line when it did); ms. */
function gnuTimeCpu(text: string): number {
  const [user, system] = text.trim().split(/\s+/).slice(-2).map(Number);
  return ((user ?? NaN) + (system ?? NaN)) * 1000;
}

/** `load 1.23 / 2.34 / 3.45` (1, 5 and 15 minutes), to print next to any timing. */
export function loadText(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;
}
