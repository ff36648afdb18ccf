/**
 * Canonical JSON (src/receipt/canonical.ts), the bytes every receipt digest is
 * computed over: the fast path against the careful walk it replaced on the hot
 * path, next to the floor of JSON.stringify (which neither sorts keys nor
 * checks values), on snapshots of realistic pull requests. Byte-identity of
 * the two paths is checked here too, on the same values.
 */
import { performance } from 'node:perf_hooks';
import { canonicalJson, carefulCanonicalJson } from '../src/receipt/canonical.js';
import { syntheticPr } from './inputs.js';
import { fmtMs, summarise } from './stats.js';

const BUDGET_MS = 3000;

function sample(fn: () => unknown): ReturnType<typeof summarise> {
  fn();
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < 300 && (times.length < 5 || performance.now() - t0 < BUDGET_MS)) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  return summarise(times);
}

export async function run(): Promise<void> {
  console.log('Canonical JSON of a snapshot, warm (same process):');
  for (const size of [
    { files: 3000, commits: 250 },
    { files: 10000, commits: 500 },
  ]) {
    const value = JSON.parse(JSON.stringify(syntheticPr(size))) as unknown;
    const fast = canonicalJson(value);
    if (fast !== carefulCanonicalJson(value)) throw new Error('the fast path and the careful walk wrote different bytes');
    const mb = (Buffer.byteLength(fast) / 1e6).toFixed(1);
    const f = sample(() => canonicalJson(value));
    const c = sample(() => carefulCanonicalJson(value));
    const floor = sample(() => JSON.stringify(value));
    console.log(
      `  ${size.files.toLocaleString('en-US')} files × ${size.commits} commits (${mb} MB): canonicalJson ${f.text}; careful walk ${fmtMs(c.median)} → ` +
        `${(c.median / f.median).toFixed(1)}× faster (target ≥ 2×), byte-identical; floor JSON.stringify ${fmtMs(floor.median)} (${(f.median / floor.median).toFixed(1)}× of it)`,
    );
  }
}
