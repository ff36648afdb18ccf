/**
 * `proofgate report` over 5,000 merged pull requests / 50,000 commits, and
 * `proofgate backtest` over the last 500 of them, on a repository built with
 * `git fast-import`, each next to the `git log --numstat` that reads the same
 * range (every commit, its files and line counts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadText, timeChild, type ChildTiming } from './child.js';
import { MODELS } from './inputs.js';
import { backtest } from '../src/backtest/backtest.js';
import { loadHistory } from '../src/history/load.js';
import { loadPolicy } from '../src/policy/load.js';
import { fmtMs, summarise } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHANGES = 5000;
const COMMITS_PER_CHANGE = 9; // plus the merge commit: 50,000 commits
const FILES = 2000;
const BACKTEST_CHANGES = 500;
const RUNS = 3;

const POLICY = `version: 1
tiers:
  fast: ["**/*-mini", "**/*-flash", "**/claude-haiku-*"]
  strong: ["**/claude-opus-*", "**/claude-sonnet-*", "**/gpt-5"]
proofs:
  tests: { kind: check, name: "ci / test*" }
routes:
  - name: auth
    paths: ["src/**/auth/**"]
    tiers: [strong]
    require: [tests]
  - name: source
    paths: ["src/**"]
    require: [tests]
`;
const PROPOSED = POLICY.replace('tiers: [strong]', 'tiers: [strong]\n    agents: [claude-code]');

function importStream(): string {
  const out: string[] = [];
  let mark = 0;
  const data = (text: string) => out.push(`data ${Buffer.byteLength(text)}`, text);
  const blob = (content: string) => {
    out.push('blob', `mark :${++mark}`);
    data(content);
    return mark;
  };
  const file = (i: number) => `${['src', 'lib', 'docs', 'src/core'][i % 4]}/area-${i % 40}/${i % 31 === 0 ? 'auth/' : ''}module-${i}.ts`;
  const initial: Array<[string, number]> = [['.github/proofgate.yml', blob(POLICY)]];
  for (let i = 0; i < FILES; i++) initial.push([file(i), blob(`export const v${i} = ${i};\n`.repeat(10))]);
  let when = 1_700_000_000;
  const commit = (ref: string, who: string, message: string, files: Array<[string, number]>, from: number | null, merge?: number) => {
    const m = ++mark;
    out.push(`commit ${ref}`, `mark :${m}`, `author ${who} ${when} +0000`, `committer ${who} ${when} +0000`);
    data(message);
    if (from !== null) out.push(`from :${from}`);
    if (merge !== undefined) out.push(`merge :${merge}`);
    for (const [f, b] of files) out.push(`M 100644 :${b} ${f}`);
    out.push('');
    when += 60;
    return m;
  };
  let main = commit('refs/heads/main', 'Dev Eloper <dev@example.com>', 'Initial import\n', initial, null);
  for (let n = 1; n <= CHANGES; n++) {
    const model = MODELS[n % MODELS.length]!;
    const trailer = n % 3 === 0 ? '' : `\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nAssisted-by: Claude:${model}\n`;
    let tip = main;
    const changed: Array<[string, number]> = [];
    for (let c = 0; c < COMMITS_PER_CHANGE; c++) {
      const i = (n * 13 + c * 7) % FILES;
      const files: Array<[string, number]> = [[file(i), blob(`export const v${i} = ${n * 100 + c};\n`.repeat(10))]];
      if (c === COMMITS_PER_CHANGE - 1 && n % 10 === 0) {
        const ledger = [
          JSON.stringify({ proofgate: 'session/1', id: `s${n}`, agent: 'claude-code', startedAt: '2026-01-01T00:00:00Z' }),
          JSON.stringify({ type: 'step', role: 'execute', model: 'acme-coder', tokens: { input: 9000, output: 900 }, costUsd: 0.05 }),
          JSON.stringify({ type: 'end', outcome: 'success' }),
        ].join('\n');
        files.push([`.proofgate/sessions/s${n}.jsonl`, blob(`${ledger}\n`)]);
      }
      changed.push(...files);
      tip = commit(
        `refs/heads/topic`,
        'Dev Eloper <dev@example.com>',
        `${n % 17 === 0 && c === 0 ? 'fix: ' : ''}Change ${n}.${c}: rework module${trailer}`,
        files,
        tip,
      );
    }
    main = commit('refs/heads/main', 'Merge Bot <bot@example.com>', `Merge pull request #${n} from dev/topic-${n}\n\nChange ${n}\n`, changed, main, tip);
  }
  return out.join('\n') + '\n';
}

/** The proposed policy the backtest replays, written next to the repository. */
export function writeProposed(dir: string): string {
  const proposed = path.join(dir, 'proposed.yml');
  writeFileSync(proposed, PROPOSED);
  return proposed;
}

/** Builds the benchmark repository in a new temporary directory and returns its path. */
export function buildRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-bench-report-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: importStream(), maxBuffer: 1 << 30 });
  return dir;
}

/**
 * Node loads the certificates NODE_EXTRA_CA_CERTS names before any script runs
 * (~45 ms on a machine that sets it): where it is set, the command is also
 * timed without it, in the same rounds, and both ratios are printed.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const WITHOUT_EXTRA_CA = (({ NODE_EXTRA_CA_CERTS: _, ...rest }) => rest)(process.env);

function compare(label: string, ours: string[], floor: string[], cwd: string): void {
  const a: ChildTiming[] = [];
  const b: ChildTiming[] = [];
  const c: ChildTiming[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const f = timeChild(floor, cwd);
    const o = timeChild(ours, cwd);
    const u = EXTRA_CA ? timeChild(ours, cwd, [0], WITHOUT_EXTRA_CA) : null;
    if (i === 0) continue; // the first round warms the page cache
    b.push(f);
    a.push(o);
    if (u) c.push(u);
  }
  for (const [what, of] of [
    ['wall', (t: ChildTiming) => t.wall],
    ['CPU', (t: ChildTiming) => t.cpu],
  ] as const) {
    if (a.some((t) => of(t) === null)) continue;
    const o = summarise(a.map((t) => of(t)!));
    const f = summarise(b.map((t) => of(t)!));
    console.log(`  ${what}: ${label} ${o.text}`);
    console.log(`  ${what}: ${floor.join(' ')} ${f.text}`);
    console.log(`  ${what}: ratio ${(o.median / f.median).toFixed(2)}× (target ≤ 3×)`);
    if (c.length > 0 && !c.some((t) => of(t) === null)) {
      const u = summarise(c.map((t) => of(t)!));
      console.log(`  ${what}: the same without NODE_EXTRA_CA_CERTS (${EXTRA_CA}) ${u.text}: ratio ${(u.median / f.median).toFixed(2)}×`);
    }
  }
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const dir = buildRepo();
  try {
    await measure(dir, t0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string, t0: number): Promise<void> {
  const commits = execFileSync('git', ['rev-list', '--count', 'main'], { cwd: dir, encoding: 'utf8' }).trim();
  console.log(`repository: ${CHANGES} merged pull requests, ${commits} commits (fast-import ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const proposed = writeProposed(dir);
  const bin = path.join(ROOT, 'bin/proofgate.js');

  console.log(`proofgate report over all ${CHANGES} changes, a fresh process each run (cold), ${loadText()}:`);
  compare(
    'proofgate report --format json',
    [process.execPath, bin, 'report', '--repo', dir, '--branch', 'main', '--format', 'json'],
    ['git', 'log', '--numstat', 'main'],
    dir,
  );
  console.log(`proofgate backtest over the last ${BACKTEST_CHANGES} changes, ${loadText()}:`);
  compare(
    `proofgate backtest --last ${BACKTEST_CHANGES}`,
    [process.execPath, bin, 'backtest', '--policy', proposed, '--repo', dir, '--branch', 'main', '--last', String(BACKTEST_CHANGES), '--format', 'json'],
    ['git', 'log', '--numstat', `main~${BACKTEST_CHANGES}..main`],
    dir,
  );

  // In one process: the history read once, the replay timed on its first run (code not yet optimised) and again.
  const history = await loadHistory({ repoDir: dir, branch: 'main', last: BACKTEST_CHANGES });
  const loaded = loadPolicy(PROPOSED, { path: 'proposed.yml', origin: 'file', ref: null });
  if (!loaded.ok) throw new Error('the proposed policy does not load');
  const cpu = (fn: () => void) => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const first = cpu(() => backtest(history.changes, loaded.policy));
  const again = Array.from({ length: 5 }, () => cpu(() => backtest(history.changes, loaded.policy)));
  console.log(
    `  in-process replay of the ${BACKTEST_CHANGES} changes (history already read; V8's default tier-up, not the CLI's): first run CPU ${fmtMs(first)}, warm CPU ${summarise(again).text}`,
  );
}
