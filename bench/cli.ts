/**
 * The CLI as a user runs it: `proofgate check --repo DIR` on a real git
 * repository with a 1,400-commit, 2,500-file range (built with
 * `git fast-import`), next to its floor: `git log --name-status` over the same
 * range, the least any tool that reads the range's commits and files must do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadText, timeChild, type ChildTiming } from './child.js';
import { MODELS } from './inputs.js';
import { fmtMs, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COMMITS = 1400;
const FILES = 2500;
const RUNS = 9;

const TRAILERS = [
  'Co-Authored-By: Claude <noreply@anthropic.com>\nAssisted-by: Claude:{model}',
  'Co-authored-by: aider ({model}) <aider@aider.chat>',
  'Signed-off-by: Dev Eloper <dev@example.com>',
];
const BODY =
  'Rework the module so the retry path no longer duplicates the request body, and\n' +
  'make the timeout configurable per call. The old behaviour doubled the payload on\n' +
  'every retry after a 502, which the upstream proxy rejected with 413.\n\n' +
  '- move the retry loop into its own function\n- thread the timeout through the options object\n' +
  '- add tests for the 502 → retry → success path and for the timeout\n';

/** A fast-import stream: `main` with FILES files, then `feature` with COMMITS commits touching 1–3 of them each. */
function importStream(): string {
  const out: string[] = [];
  let mark = 0;
  const blob = (content: string) => {
    out.push('blob', `mark :${++mark}`, `data ${Buffer.byteLength(content)}`, content);
    return mark;
  };
  const commit = (ref: string, message: string, files: Array<[string, number]>, when: number, from?: number) => {
    const m = ++mark;
    out.push(`commit ${ref}`, `mark :${m}`, `author Dev Eloper <dev@example.com> ${when} +0000`, `committer Dev Eloper <dev@example.com> ${when} +0000`);
    out.push(`data ${Buffer.byteLength(message)}`, message);
    if (from !== undefined) out.push(`from :${from}`);
    for (const [file, b] of files) out.push(`M 100644 :${b} ${file}`);
    out.push('');
    return m;
  };
  const path = (i: number) => `${['src', 'lib', 'packages/core/src', 'docs'][i % 4]}/area-${i % 60}/${i % 97 === 0 ? 'auth/' : ''}module-${i}.ts`;
  const initial: Array<[string, number]> = [];
  for (let i = 0; i < FILES; i++) initial.push([path(i), blob(`export const value${i} = ${i};\n`.repeat(20))]);
  let parent = commit('refs/heads/main', 'Initial import\n', initial, 1_700_000_000);
  for (let c = 0; c < COMMITS; c++) {
    const touched: Array<[string, number]> = [];
    for (let k = 0; k <= c % 3; k++) {
      const i = (c * 7 + k * 613) % FILES;
      touched.push([path(i), blob(`export const value${i} = ${i};\n`.repeat(20) + `// change ${c}\n`)]);
    }
    const trailer = TRAILERS[c % TRAILERS.length]!.replace('{model}', MODELS[c % MODELS.length]!);
    parent = commit('refs/heads/feature', `Change ${c}: rework module retries\n\n${BODY}\n${trailer}\n`, touched, 1_700_000_000 + c * 60, parent);
  }
  return out.join('\n') + '\n';
}

/** Builds the benchmark repository in a new temporary directory and returns its path. */
export function buildRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-bench-cli-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: importStream(), maxBuffer: 1 << 28 });
  execFileSync('git', ['checkout', '-q', 'feature'], { cwd: dir });
  return dir;
}

export async function run(): Promise<void> {
  const dir = buildRepo();
  try {
    await measure(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string): Promise<void> {
  const bin = path.join(ROOT, 'bin/proofgate.js');
  const floor: ChildTiming[] = [];
  const cli: ChildTiming[] = [];
  const nodeFloor: ChildTiming[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const f = timeChild(['git', 'log', '--name-status', '-M', 'main..feature'], dir);
    const c = timeChild([process.execPath, bin, 'check', '--repo', dir, '--base', 'main', '--format', 'json'], dir, [0, 1, 3]);
    const n = timeChild([process.execPath, '-e', '0'], dir);
    if (i === 0) continue; // first round warms the page cache
    floor.push(f);
    cli.push(c);
    nodeFloor.push(n);
  }
  console.log(`proofgate check on ${COMMITS} commits / ${FILES}-file repository (built-in default policy), each a fresh process (cold), ${loadText()}:`);
  for (const [label, of] of [
    ['wall', (t: ChildTiming) => t.wall],
    ['CPU', (t: ChildTiming) => t.cpu],
  ] as const) {
    if (cli.some((t) => of(t) === null)) continue;
    const c = summarise(cli.map((t) => of(t)!));
    const f = summarise(floor.map((t) => of(t)!));
    const n = summarise(nodeFloor.map((t) => of(t)!));
    console.log(`  ${label}: proofgate check --format json ${c.text}`);
    console.log(`  ${label}: floor git log --name-status -M over the same range ${f.text}; node -e 0 median ${fmtMs(n.median)}`);
    console.log(
      `  ${label}: ratio to the git floor ${(c.median / f.median).toFixed(2)}× (target ≤ 2×); to git + node start-up ${(c.median / (f.median + n.median)).toFixed(2)}×`,
    );
  }
}
