/**
 * `mode: report` as a scheduled workflow runs it: action.yml and dist/ copied
 * into an empty directory, `node dist/index.js` with the runner's environment
 * and a full checkout as the workspace.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSinceValue } from '../../src/report/since.js';
import { CLAUDE_HAIKU, makeHistoryRepo, sessionLedger } from '../report/history-repo.js';
import { run, serveGitHub, type FakeGitHub } from '../report/merged-pulls-server.js';
import { readOutputs, runnerFiles, workflowCommands } from './harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let scratch = '';
let actionDir = '';

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'proofgate-report-mode-'));
  actionDir = path.join(scratch, 'action');
  await mkdir(actionDir);
  await cp(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  await cp(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function runAction(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(actionDir, 'dist/index.js')],
      { cwd: scratch, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: scratch, ...env }, timeout: 30_000 },
      (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout });
      },
    );
  });
}

function reportEnv(files: Awaited<ReturnType<typeof runnerFiles>>, workspace: string, since: string): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_EVENT_PATH: files.eventPath,
    GITHUB_OUTPUT: files.outputPath,
    GITHUB_STEP_SUMMARY: files.summaryPath,
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: files.runnerTemp,
    INPUT_TOKEN: 'ghs_workflow_token',
    INPUT_MODE: 'report',
    INPUT_SINCE: since,
    INPUT_POLICY: '.github/proofgate.yml',
    'INPUT_CHECK-NAME': 'proofgate',
    'INPUT_FAIL-ON-PENDING': '',
    'INPUT_WAIT-FOR-PROOFS': '',
    INPUT_LEDGER: '',
  };
}

// Every run reads GitHub at a loopback endpoint executing GitHub's GraphQL schema (no network here).
let github: FakeGitHub;
beforeAll(async () => {
  github = await serveGitHub([]);
});
afterAll(() => github.close());
const loopback = () => ({ GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` });

describe('mode: report', () => {
  it('writes the Markdown to the job summary and the HTML (Chart.js inlined) and JSON to RUNNER_TEMP', async () => {
    const repo = makeHistoryRepo();
    repo.squash(1, 1, 'Add a', CLAUDE_HAIKU, {
      'src/a.ts': 'a\n',
      '.proofgate/sessions/s1.jsonl': sessionLedger('s1', [{ model: 'acme-small', costUsd: 0.25 }]),
    });
    repo.squash(2, 2, 'Add b', '', { 'src/b.ts': 'b\n' });
    const files = await runnerFiles({ schedule: '0 6 * * 1' });
    try {
      const result = await runAction({ ...reportEnv(files, repo.dir, '2026-01-01'), ...loopback() });
      expect(result.code).toBe(0);
      const outputs = await readOutputs(files.outputPath);
      expect(outputs['changes']).toBe('3'); // the initial commit, and the two squash merges
      expect(await readFile(files.summaryPath, 'utf8')).toMatch(/^## proofgate report[\s\S]*\| claude-haiku-4-5 \| 1 \|/m);
      const html = await readFile(outputs['report-html']!, 'utf8');
      expect(html).toContain('Chart.js v4');
      expect(JSON.parse(await readFile(outputs['report-json']!, 'utf8')).byModel.find((g: { key: string }) => g.key === 'claude-haiku-4-5').costUsd).toBe(0.25);
    } finally {
      repo.cleanup();
      await files.cleanup();
    }
  });

  it('stops with one error line on a shallow checkout, which lacks the history', async () => {
    const repo = makeHistoryRepo();
    for (let n = 1; n <= 3; n++) repo.squash(n, n, `Change ${n}`, '', { [`f${n}.txt`]: `${n}\n` });
    const shallow = path.join(scratch, 'shallow');
    await rm(shallow, { recursive: true, force: true });
    await new Promise((resolve) => execFile('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, shallow], resolve));
    const files = await runnerFiles({});
    try {
      const result = await runAction({ ...reportEnv(files, shallow, '30d'), ...loopback() });
      expect(result.code).toBe(1);
      expect(workflowCommands(result.stdout, 'error').map((e) => e.message)).toEqual([
        'the checkout is shallow, so the merged history is missing: give `actions/checkout` `fetch-depth: 0`',
      ]);
    } finally {
      repo.cleanup();
      await files.cleanup();
    }
  });

  it("joins the merged pull requests' reviews and proofgate verdicts from GitHub, with the job's token", async () => {
    const repo = makeHistoryRepo();
    repo.squash(7, 1, 'Add a', CLAUDE_HAIKU, { 'src/a.ts': 'a\n' });
    const files = await runnerFiles({ schedule: '0 6 * * 1' });
    const pulls = await serveGitHub([
      {
        number: 7,
        headRefOid: 'b'.repeat(40),
        changesRequested: 1,
        commits: [
          { oid: 'a'.repeat(40), runs: [run('proofgate', 'FAILURE', '2026-01-06T09:00:00Z')] },
          { oid: 'b'.repeat(40), runs: [run('proofgate', 'SUCCESS', '2026-01-06T11:00:00Z')] },
        ],
      },
    ]);
    try {
      const result = await runAction({ ...reportEnv(files, repo.dir, '2026-01-01'), GITHUB_API_URL: pulls.url, GITHUB_GRAPHQL_URL: `${pulls.url}/graphql` });
      expect(result.code).toBe(0);
      expect(pulls.requests.map((r) => [r.authorization, r.variables.search])).toEqual([
        ['token ghs_workflow_token', 'repo:acme/widgets is:pr is:merged merged:>=2026-01-01T00:00:00Z'],
      ]);
      const json = JSON.parse(await readFile((await readOutputs(files.outputPath))['report-json']!, 'utf8')) as {
        changes: Array<{ number: number | null; review: unknown }>;
      };
      expect(json.changes.find((c) => c.number === 7)?.review).toEqual({ changesRequested: 1, firstVerdict: 'failure', mergeVerdict: 'success' });
      expect(workflowCommands(result.stdout, 'warning')).toEqual([]);
    } finally {
      await pulls.close();
      repo.cleanup();
      await files.cleanup();
    }
  });

  it('still writes the report from git, with a warning, when GitHub refuses the token', async () => {
    const repo = makeHistoryRepo();
    repo.squash(7, 1, 'Add a', CLAUDE_HAIKU, { 'src/a.ts': 'a\n' });
    const files = await runnerFiles({ schedule: '0 6 * * 1' });
    const refusing = await serveGitHub([], { status: 403 });
    try {
      const result = await runAction({
        ...reportEnv(files, repo.dir, '2026-01-01'),
        GITHUB_API_URL: refusing.url,
        GITHUB_GRAPHQL_URL: `${refusing.url}/graphql`,
      });
      expect(result.code).toBe(0);
      const warnings = workflowCommands(result.stdout, 'warning').map((w) => w.message);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/could not read acme\/widgets's merged pull requests from GitHub .*reviews and verdicts are unknown/);
      const json = JSON.parse(await readFile((await readOutputs(files.outputPath))['report-json']!, 'utf8')) as {
        changes: Array<{ number: number | null; review: unknown }>;
      };
      expect(json.changes.find((c) => c.number === 7)?.review).toBeNull();
    } finally {
      await refusing.close();
      repo.cleanup();
      await files.cleanup();
    }
  });

  it('accepts the durations and dates the input documents', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(parseSinceValue('30d', now)?.toISOString()).toBe('2026-01-30T00:00:00.000Z');
    expect(parseSinceValue('2w', now)?.toISOString()).toBe('2026-02-15T00:00:00.000Z');
    expect(parseSinceValue('2026-01-31', now)?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseSinceValue('last month', now)).toBeNull();
  });
});
