/**
 * The Action as the runner runs it: `node dist/index.js` (copied with
 * action.yml into an empty directory) on a pull_request event against the
 * loopback fake GitHub. Every run is a fresh process, as on a runner. Reports
 * the wall time of a whole step (target: median ≤ 150 ms) and its CPU time
 * (user + system, from /usr/bin/time where installed: steadier than wall time
 * on a busy machine), each next to the same figure for `node -e 0` measured
 * in alternation with it, the API calls per run, and the bundle's size: what
 * a gate run loads (dist/index.js) and all of dist/.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { addAgentPullRequest } from '../test/support/fake-github/builders.js';
import { startFakeGitHub } from '../test/support/fake-github/index.js';
import { summarise } from './stats.js';

const WARMUP = 2;
const RUNS = 25;
/** GNU time: prints the child's CPU seconds; absent, only wall times are reported. */
const GNU_TIME = '/usr/bin/time';

const POLICY = `version: 1
proofs:
  tests: { kind: check, name: tests }
routes:
  - name: auth
    paths: ["src/auth/**"]
    require: [tests]
`;

/** The repository root: where action.yml is, from bench/ or build/bench/. */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'action.yml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('action.yml not found above bench/');
    dir = parent;
  }
  return dir;
}

interface Timed {
  ms: number;
  /** User + system CPU milliseconds of the child, or null without GNU time. */
  cpuMs: number | null;
  code: number;
}

function timed(args: string[], env: Record<string, string>, cwd: string, cpuFile: string): Promise<Timed> {
  const withTime = existsSync(GNU_TIME);
  const [file, argv] = withTime ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(file, argv, { cwd, env }, (error) => {
      const ms = performance.now() - started;
      const code = error ? Number(error.code ?? 1) : 0;
      if (!withTime) return resolve({ ms, cpuMs: null, code });
      void readFile(cpuFile, 'utf8').then((text) => {
        const [user, system] = text.trim().split(/\s+/).slice(-2).map(Number);
        resolve({ ms, cpuMs: ((user ?? NaN) + (system ?? NaN)) * 1000, code });
      });
    });
  });
}

export async function run(): Promise<void> {
  const root = repoRoot();
  const scratch = await mkdtemp(path.join(tmpdir(), 'proofgate-bench-action-'));
  const fake = await startFakeGitHub();
  try {
    const actionDir = path.join(scratch, 'action');
    await mkdir(actionDir);
    await cp(path.join(root, 'action.yml'), path.join(actionDir, 'action.yml'));
    await cp(path.join(root, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
    const bundleBytes = (await stat(path.join(actionDir, 'dist/index.js'))).size;
    const distFiles = await readdir(path.join(actionDir, 'dist'));
    const distBytes = (await Promise.all(distFiles.map((f) => stat(path.join(actionDir, 'dist', f))))).reduce((sum, s) => sum + s.size, 0);

    const { repo, pr } = addAgentPullRequest(fake, { files: 60, commits: 5, policy: POLICY });
    const [owner, name] = repo.split('/') as [string, string];
    const repository = { id: 1, name, full_name: repo, owner: { login: owner } };
    const event = {
      action: 'synchronize',
      number: pr.number,
      repository,
      pull_request: { number: pr.number, head: { sha: pr.head.sha, ref: pr.head.ref }, base: { sha: pr.base.sha, ref: pr.base.ref } },
    };
    const eventPath = path.join(scratch, 'event.json');
    await writeFile(eventPath, JSON.stringify(event));

    const env = (i: number): Record<string, string> => ({
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: path.join(scratch, `output-${i}.txt`),
      GITHUB_STEP_SUMMARY: path.join(scratch, `summary-${i}.md`),
      GITHUB_API_URL: fake.url,
      GITHUB_GRAPHQL_URL: fake.graphqlUrl,
      GITHUB_REPOSITORY: repo,
      GITHUB_WORKSPACE: scratch,
      RUNNER_TEMP: scratch,
      INPUT_TOKEN: 'ghs_bench',
      INPUT_POLICY: '.github/proofgate.yml',
      'INPUT_CHECK-NAME': 'proofgate',
      INPUT_MODE: 'check-run',
      'INPUT_FAIL-ON-PENDING': 'false',
      'INPUT_WAIT-FOR-PROOFS': '',
      INPUT_LEDGER: '',
    });

    const step: Timed[] = [];
    const bare: Timed[] = [];
    let failures = 0;
    const cpuFile = path.join(scratch, 'cpu.txt');
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await writeFile(path.join(scratch, `output-${i}.txt`), '');
      await writeFile(path.join(scratch, `summary-${i}.md`), '');
      const calls = fake.calls.length;
      const result = await timed([path.join(actionDir, 'dist/index.js')], env(i), scratch, cpuFile);
      const baseline = await timed(['-e', '0'], { PATH: process.env['PATH'] ?? '' }, scratch, cpuFile);
      if (result.code !== 0) failures++;
      if (i >= WARMUP) {
        step.push(result);
        bare.push(baseline);
      }
      if (i === WARMUP) console.log(`API calls per run: ${fake.calls.length - calls} (one GraphQL read, one check-run write)`);
    }

    const wall = summarise(step.map((r) => r.ms));
    const floorWall = summarise(bare.map((r) => r.ms));
    console.log(
      `node dist/index.js, 60-file 5-commit PR, a fresh process per run: wall ${wall.text}; target median ≤ 150 ms: ${wall.median <= 150 ? 'met' : 'NOT met'}`,
    );
    console.log(`  floor node -e 0: wall ${floorWall.text} → ${(wall.median / floorWall.median).toFixed(1)}× the floor`);
    if (step.every((r) => r.cpuMs !== null)) {
      const cpu = summarise(step.map((r) => r.cpuMs!));
      const floorCpu = summarise(bare.map((r) => r.cpuMs!));
      console.log(`  CPU (user + system): ${cpu.text}; node -e 0 ${floorCpu.text} → ${(cpu.median / floorCpu.median).toFixed(1)}× the floor`);
    } else {
      console.log(`  CPU: not measured (${GNU_TIME} is not installed)`);
    }
    console.log(
      `bundle: dist/index.js (what a gate run loads) ${(bundleBytes / 1024).toFixed(0)} KB, target ≤ 600 KB: ${bundleBytes <= 600 * 1024 ? 'met' : 'NOT met'}; ` +
        `all of dist/ (${distFiles.length} files, Chart.js for mode: report included) ${(distBytes / 1024).toFixed(0)} KB`,
    );
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on ${availableParallelism()} CPUs`,
    );
    if (failures > 0) console.log(`warning: ${failures} run(s) exited non-zero`);
  } finally {
    await fake.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
