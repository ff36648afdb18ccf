import { beforeEach, describe, expect, it } from 'vitest';
import { clipToBytes, writeCheckRun, type WriteCheckRunArgs } from '../../src/github/checks.js';
import { GitHubError } from '../../src/github/errors.js';
import { loadPullRequest } from '../../src/github/load.js';
import type { Annotation } from '../../src/receipt/annotations.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const gh = useFakeGitHub();
let headSha: string;

beforeEach(() => {
  ({ headSha } = addAgentPullRequest(gh.fake, { number: 7 }));
  gh.fake.resetCalls();
});

function annotations(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `src/auth/module-${i}.ts`,
    start_line: 1,
    end_line: 1,
    annotation_level: 'failure',
    message: `violation ${i}`,
    title: 'proofgate',
  }));
}

function args(over: Partial<WriteCheckRunArgs> = {}): WriteCheckRunArgs {
  return {
    owner: 'acme',
    repo: 'widgets',
    headSha,
    name: 'proofgate',
    existing: null,
    conclusion: 'failure',
    output: { title: '1 proof missing', summary: '## proofgate\nsrc/auth needs a review', text: '{"receipt":1}' },
    annotations: [],
    externalId: 'sha256:1111',
    ...over,
  };
}

describe('writeCheckRun', () => {
  it('creates a completed run, then updates the same run (never a duplicate)', async () => {
    const first = await writeCheckRun(gh.client, args({ completedAt: new Date('2026-01-10T12:00:00Z') }));
    expect(first.requests).toBe(1);
    expect(gh.fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /repos/acme/widgets/check-runs']);
    expect(gh.fake.calls[0]?.body).toMatchObject({
      name: 'proofgate',
      head_sha: headSha,
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2026-01-10T12:00:00.000Z',
      external_id: 'sha256:1111',
    });

    // The next evaluation finds the run through the loader and updates it.
    const loaded = await loadPullRequest(
      gh.client,
      { owner: 'acme', repo: 'widgets', number: 7 },
      { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' },
    );
    expect(loaded.ownCheckRun).toEqual({ id: first.id, externalId: 'sha256:1111', status: 'completed', shown: true });
    const second = await writeCheckRun(
      gh.client,
      args({
        existing: loaded.ownCheckRun,
        conclusion: 'success',
        externalId: 'sha256:2222',
        output: { title: 'All proofs present', summary: 'ok', text: '{}' },
      }),
    );
    expect(second).toEqual({ id: first.id, requests: 1 });

    const runs = gh.fake.checkRunsFor('acme/widgets', headSha).filter((r) => r.name === 'proofgate');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      externalId: 'sha256:2222',
      app: { slug: 'proofgate' },
      output: { title: 'All proofs present', summary: 'ok', text: '{}' },
    });
  });

  it('keeps a pending run in progress, without a conclusion', async () => {
    const { id } = await writeCheckRun(gh.client, args({ conclusion: 'pending' }));
    expect(gh.fake.calls[0]?.body).not.toHaveProperty('conclusion');
    expect(gh.fake.calls[0]?.body).not.toHaveProperty('completed_at');
    expect(gh.fake.checkRuns.find((r) => r.id === id)).toMatchObject({ status: 'in_progress', conclusion: null });
  });

  it('starts a new run when a completed run would go back to pending (GitHub does not reopen one)', async () => {
    const loadOwn = async () =>
      (
        await loadPullRequest(
          gh.client,
          { owner: 'acme', repo: 'widgets', number: 7 },
          { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' },
        )
      ).ownCheckRun;
    const first = await writeCheckRun(gh.client, args({ conclusion: 'success', externalId: 'sha256:1111' }));
    const existing = await loadOwn();
    expect(existing).toEqual({ id: first.id, externalId: 'sha256:1111', status: 'completed', shown: true });
    gh.fake.resetCalls();

    const second = await writeCheckRun(
      gh.client,
      args({ existing, conclusion: 'pending', externalId: 'sha256:2222', output: { title: 'Waiting for tests', summary: 'pending', text: '{}' } }),
    );
    expect(second.id).not.toBe(first.id);
    expect(second.requests).toBe(1);
    expect(gh.fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /repos/acme/widgets/check-runs']);
    const runs = gh.fake.checkRunsFor('acme/widgets', headSha).filter((r) => r.name === 'proofgate');
    expect(runs.map((r) => [r.status, r.conclusion])).toEqual([
      ['completed', 'success'],
      ['in_progress', null],
    ]);
    // The next load updates the newest run.
    expect(await loadOwn()).toEqual({ id: second.id, externalId: 'sha256:2222', status: 'in_progress', shown: true });
  });

  it("checks the answer when the caller does not say the existing run's status", async () => {
    const first = await writeCheckRun(gh.client, args({ conclusion: 'success' }));
    gh.fake.resetCalls();
    const second = await writeCheckRun(gh.client, args({ existing: { id: first.id }, conclusion: 'pending' }));
    expect(second.id).not.toBe(first.id);
    expect(gh.fake.calls.map((c) => c.method)).toEqual(['PATCH', 'POST']);
    expect(gh.fake.checkRuns.find((r) => r.id === second.id)).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(gh.fake.checkRuns.find((r) => r.id === first.id)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('updates an in-progress run in place, pending or not', async () => {
    const first = await writeCheckRun(gh.client, args({ conclusion: 'pending' }));
    const again = await writeCheckRun(gh.client, args({ existing: { id: first.id, status: 'in_progress' }, conclusion: 'pending' }));
    const done = await writeCheckRun(gh.client, args({ existing: { id: first.id, status: 'in_progress' }, conclusion: 'failure' }));
    expect([again.id, done.id]).toEqual([first.id, first.id]);
    expect(gh.fake.checkRuns.filter((r) => r.name === 'proofgate')).toHaveLength(1);
  });

  it('sends 120 annotations in 3 requests of at most 50', async () => {
    const { id, requests } = await writeCheckRun(gh.client, args({ annotations: annotations(120) }));
    expect(requests).toBe(3);
    expect(gh.fake.calls.map((c) => c.method)).toEqual(['POST', 'PATCH', 'PATCH']);
    const sizes = gh.fake.calls.map((c) => (c.body as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(sizes).toEqual([50, 50, 20]);
    const run = gh.fake.checkRuns.find((r) => r.id === id)!;
    expect(run.annotations).toHaveLength(120);
    expect(run.annotations[119]?.message).toBe('violation 119');
    // The extra batches keep the output the first request wrote.
    expect(run.output.summary).toBe('## proofgate\nsrc/auth needs a review');
  });

  it('adds buttons and a details URL', async () => {
    const actions = [{ label: 'Re-evaluate', description: 'Run proofgate again', identifier: 'reevaluate' }];
    const { id } = await writeCheckRun(gh.client, args({ actions, detailsUrl: 'https://proofgate.example/r/1' }));
    expect(gh.fake.checkRuns.find((r) => r.id === id)).toMatchObject({ actions, detailsUrl: 'https://proofgate.example/r/1' });
  });

  it('creates a new run when the one to update is gone', async () => {
    const { id, requests } = await writeCheckRun(gh.client, args({ existing: { id: 424242 } }));
    expect(id).not.toBe(424242);
    expect(requests).toBe(2);
    expect(gh.fake.calls.map((c) => c.method)).toEqual(['PATCH', 'POST']);
  });

  it('names the missing checks: write permission on 403 "Resource not accessible by integration"', async () => {
    gh.fake.permissions = { ...gh.fake.permissions, checks: 'read' };
    const error = await writeCheckRun(gh.client, args()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).kind).toBe('permission');
    expect((error as GitHubError).status).toBe(403);
    expect((error as Error).message).toBe(
      'GitHub denied creating check run "proofgate" on acme/widgets@' +
        headSha.slice(0, 7) +
        ' (403 Resource not accessible by integration): the token lacks the `checks: write` permission. ' +
        'In a workflow, add `checks: write` to the job\'s `permissions:`; for the App, grant "Checks: Read and write" in the App settings and accept the new permissions on the installation.',
    );
    expect((error as Error).cause).toMatchObject({ status: 403 });
    expect(gh.fake.checkRuns.filter((r) => r.name === 'proofgate')).toHaveLength(0);
  });

  it('maps a 5xx on an update to a retryable error', async () => {
    const { id } = await writeCheckRun(gh.client, args());
    gh.fake.failNext({ method: 'PATCH' }, 502);
    const error = await writeCheckRun(gh.client, args({ existing: { id } })).catch((e: unknown) => e);
    expect((error as GitHubError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/updating check run \d+ on acme\/widgets \(502/);
  });

  it("keeps summary and text within GitHub's 65,535 bytes", async () => {
    const huge = 'é'.repeat(40_000); // 80,000 bytes
    const { id } = await writeCheckRun(gh.client, args({ output: { title: 't', summary: huge, text: huge } }));
    const run = gh.fake.checkRuns.find((r) => r.id === id)!;
    expect(Buffer.byteLength(run.output.summary!)).toBeLessThanOrEqual(65_535);
    expect(run.output.summary).toMatch(/cut: 80000 bytes exceed GitHub's 65535-byte limit\)$/);
    expect(clipToBytes('short')).toBe('short');
  });
});
