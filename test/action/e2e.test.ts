/**
 * The committed bundle, run exactly as the runner runs a JavaScript action:
 * action.yml and dist/ copied into an empty directory (no node_modules
 * anywhere above it), `node dist/index.js` with the runner's environment, the
 * workspace a real git checkout, GitHub the loopback fake.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyReceipt } from '../../src/receipt/json.js';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { pullRequestPayload, readOutputs, runnerEnv, runnerFiles, workflowCommands } from './harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPO = 'acme/widgets';
const AGENT = { name: 'Alice Example', email: 'alice@example.com' };

/** Agent changes to src/auth need the tests; agent changes to docs need a review. */
const POLICY = `version: 1
proofs:
  tests:
    kind: check
    name: tests
  approval:
    kind: review
routes:
  - name: auth
    paths: ["src/auth/**"]
    require: [tests]
  - name: docs
    paths: ["docs/**"]
    require: [approval]
`;

let fake: FakeGitHub;
let actionDir = '';
let scratch = '';

beforeAll(async () => {
  fake = await startFakeGitHub();
  scratch = await mkdtemp(path.join(tmpdir(), 'proofgate-e2e-'));
  actionDir = path.join(scratch, 'action');
  await mkdir(actionDir);
  await cp(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  await cp(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
});
afterAll(async () => {
  await fake.close();
  await rm(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  fake.repositories.clear();
  fake.checkRuns.length = 0;
  fake.clearFailures();
  fake.resetCalls();
});

function runAction(env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(actionDir, 'dist/index.js')],
      // Only what a runner provides: no NODE_OPTIONS, no NODE_PATH, nothing from this repository.
      { cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: scratch, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A pull request that exists both as a real git history (the job's checkout)
 * and in the fake GitHub with the same SHAs: an agent commit on src/auth, then
 * a human commit on docs.
 */
function mirroredPullRequest(): { repo: TempRepo; headSha: string } {
  const repo = makeFeatureRepo({ 'README.md': '# widgets\n', '.github/proofgate.yml': POLICY });
  const agentSha = repo.commit(claudeCodeMessage('Add token refresh'), { 'src/auth/refresh.ts': 'export const refresh = 1;\n' }, { author: AGENT });
  const humanSha = repo.commit('Document token refresh\n', { 'docs/auth.md': '# Token refresh\n' }, { author: AGENT });
  const commit = (sha: string) => {
    const [parent, message] = [repo.git('rev-parse', `${sha}^`).trim(), repo.git('log', '-1', '--format=%B', sha).replace(/\n$/, '')];
    return { sha, message, parents: [parent], author: { ...AGENT, login: 'alice' }, committer: { ...AGENT, login: 'alice' } };
  };
  fake.addRepository(REPO);
  fake.setBranch(REPO, 'main', repo.baseSha);
  fake.setFile(REPO, 'main', '.github/proofgate.yml', POLICY);
  const pr = fake.addPullRequest({
    repo: REPO,
    number: 7,
    title: 'Token refresh',
    author: { login: 'alice', type: 'User' },
    base: { ref: 'main', sha: repo.baseSha },
    head: { ref: 'feature' },
    commits: [commit(agentSha), commit(humanSha)],
    files: [
      { path: 'src/auth/refresh.ts', changeType: 'ADDED' },
      { path: 'docs/auth.md', changeType: 'ADDED' },
    ],
  });
  expect(pr.head.sha).toBe(humanSha);
  fake.setCheckRun(REPO, { headSha: humanSha, name: 'tests', conclusion: 'success' });
  return { repo, headSha: humanSha };
}

describe('node dist/index.js as the runner runs it', () => {
  it('gates a pull request: outputs, job summary, check run, exit code 0, two API calls', async () => {
    const { repo, headSha } = mirroredPullRequest();
    const files = await runnerFiles(pullRequestPayload(fake, REPO, 7));
    try {
      const env = runnerEnv(fake, files, { repo: REPO, workspace: repo.dir });
      const result = await runAction(env, repo.dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);

      const outputs = await readOutputs(files.outputPath);
      expect(outputs).toMatchObject({ conclusion: 'success', agents: 'claude-code', models: 'claude-opus-4-6' });
      const receipt = JSON.parse(await readFile(outputs['receipt']!, 'utf8'));
      expect(verifyReceipt(receipt).ok).toBe(true);
      expect(receipt.digest).toBe(outputs['digest']);
      // Local git said the agent commit touched only src/auth, so the docs route (human change) is not gated.
      expect(result.stdout).toContain('local git: changed files for 2 of 2 commits, 0 Git AI notes');
      expect(receipt.routes.find((r: { name: string }) => r.name === 'docs')).toMatchObject({ gated: false });

      const summary = await readFile(files.summaryPath, 'utf8');
      expect(summary).toMatch(/^## ✅ Success/);
      expect(summary).toContain(outputs['digest']);

      const runs = fake.checkRunsFor(REPO, headSha).filter((r) => r.name === 'proofgate');
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        status: 'completed',
        conclusion: 'success',
        externalId: expect.stringMatching(new RegExp(`^${outputs['digest']} verdict:[0-9a-f]{32}$`)),
        app: { slug: 'github-actions' },
      });
      expect(runs[0]!.output.summary).toMatch(/^## ✅ Success/);
      expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /graphql', `POST /repos/${REPO}/check-runs`]);
    } finally {
      await files.cleanup();
      repo.cleanup();
    }
  });

  it('fails the step (exit code 1) with one ::error line on a failing verdict', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY, testsConclusion: 'failure' });
    const files = await runnerFiles(pullRequestPayload(fake, REPO, 1));
    try {
      const result = await runAction(runnerEnv(fake, files, { repo: REPO }), files.dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('');
      const errors = workflowCommands(result.stdout, 'error');
      expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^proofgate: failure — /)]);
      expect((await readOutputs(files.outputPath))['conclusion']).toBe('failure');
      expect(fake.checkRunsFor(REPO, headSha).find((r) => r.name === 'proofgate')).toMatchObject({ conclusion: 'failure' });
    } finally {
      await files.cleanup();
    }
  });

  it('names the missing permission when the token cannot write the check run', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    fake.failNext({ method: 'POST', path: /\/check-runs$/ }, 403, 10);
    const files = await runnerFiles(pullRequestPayload(fake, REPO, 1));
    try {
      const result = await runAction(runnerEnv(fake, files, { repo: REPO, inputs: { 'check-name': 'AI gate' } }), files.dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toMatch(/\n\s+at /);
      expect(workflowCommands(result.stdout, 'error').map((e) => e.message)).toEqual([
        'the token cannot write the `AI gate` check run (403 Resource not accessible by integration): add `permissions: checks: write` to the job, or set `mode: step` to gate without a check run; on a pull request from a fork the token is read-only whatever the job asks, so run on `pull_request_target` instead',
      ]);
    } finally {
      await files.cleanup();
    }
  });
});
