/**
 * The Action as the runner runs it: `node dist/index.js` (copied with
 * action.yml into an empty directory) on a pull_request event against the
 * loopback fake GitHub. Reports the median wall time of a whole step
 * (target: under 400 ms), Node's own start-up time for comparison, the API
 * calls per run, and the bundle size.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { addAgentPullRequest } from '../test/support/fake-github/builders.js';
import { startFakeGitHub } from '../test/support/fake-github/index.js';

const WARMUP = 2;
const RUNS = 15;

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

function timed(args: string[], env: Record<string, string>, cwd: string): Promise<{ ms: number; code: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(process.execPath, args, { cwd, env }, (error) => {
      resolve({ ms: performance.now() - started, code: error ? Number(error.code ?? 1) : 0 });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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

    const step: number[] = [];
    const bare: number[] = [];
    let failures = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await writeFile(path.join(scratch, `output-${i}.txt`), '');
      await writeFile(path.join(scratch, `summary-${i}.md`), '');
      const calls = fake.calls.length;
      const result = await timed([path.join(actionDir, 'dist/index.js')], env(i), scratch);
      const baseline = await timed(['-e', '0'], { PATH: process.env['PATH'] ?? '' }, scratch);
      if (result.code !== 0) failures++;
      if (i >= WARMUP) {
        step.push(result.ms);
        bare.push(baseline.ms);
      }
      if (i === WARMUP) console.log(`API calls per run: ${fake.calls.length - calls} (one GraphQL read, one check-run write)`);
    }

    const m = median(step);
    console.log(
      `node dist/index.js, 60-file 5-commit PR: median ${m.toFixed(0)} ms over ${RUNS} runs (min ${Math.min(...step).toFixed(0)}, max ${Math.max(...step).toFixed(0)}); target < 400 ms: ${m < 400 ? 'met' : 'NOT met'}`,
    );
    console.log(`node -e 0 (Node start-up alone): median ${median(bare).toFixed(0)} ms`);
    console.log(`bundle dist/index.js: ${(bundleBytes / 1024).toFixed(0)} KB`);
    if (failures > 0) console.log(`warning: ${failures} run(s) exited non-zero`);
  } finally {
    await fake.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
