/**
 * runGate without Probot, as the Action calls it: an @octokit/rest client
 * (a GITHUB_TOKEN acting as github-actions) against the fake GitHub.
 */
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGate, type GateOptions } from '../../src/gate/run-gate.js';
import { TeamCache } from '../../src/github/teams.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { POLICY } from '../app/support/scenario.js';

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => fake.close());

function options(pr: { owner: string; repo: string; number: number; headSha?: string }, extra: Partial<GateOptions> = {}): GateOptions {
  return {
    client: new Octokit({ baseUrl: fake.url, auth: 'ghp_workflowtoken', request: { retries: 0 } }),
    pr,
    checkName: 'proofgate',
    appSlug: null,
    policyPath: '.github/proofgate.yml',
    teamCache: new TeamCache(),
    now: () => new Date('2026-11-20T12:00:00Z'),
    ...extra,
  };
}

describe('runGate', () => {
  it('loads, evaluates and writes the check run as github-actions, then updates it', async () => {
    const { pr, headSha } = addAgentPullRequest(fake, { policy: POLICY });
    const first = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number }));
    expect(first).toMatchObject({ skipped: null, error: null, requests: 2 });
    expect(first.verdict?.conclusion).toBe('pending');
    const runs = fake.checkRunsFor('acme/widgets', headSha).filter((r) => r.name === 'proofgate');
    expect(runs).toMatchObject([{ id: first.checkRun!.id, app: { slug: 'github-actions' }, status: 'in_progress' }]);

    fake.addReview('acme/widgets', pr.number, { author: { login: 'bob', type: 'User' } });
    const second = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number }));
    expect(second.checkRun?.id).toBe(first.checkRun!.id);
    expect(second.receipt?.conclusion).toBe('success');
    expect(fake.callsTo({ method: 'PATCH' })).toHaveLength(1);
  });

  it('creates a new run when a green verdict goes back to pending (GitHub will not reopen a completed run)', async () => {
    const { pr, headSha } = addAgentPullRequest(fake, { policy: POLICY });
    const review = fake.addReview('acme/widgets', pr.number, { author: { login: 'bob', type: 'User' } });
    const green = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number }));
    expect(green.receipt?.conclusion).toBe('success');

    review.state = 'DISMISSED';
    const pending = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number }));
    expect(pending).toMatchObject({ requests: 2, receipt: { conclusion: 'pending' } });
    const runs = fake.checkRunsFor('acme/widgets', headSha).filter((r) => r.name === 'proofgate');
    expect(runs.map((r) => [r.status, r.conclusion])).toEqual([
      ['completed', 'success'],
      ['in_progress', null],
    ]);
    expect(pending.checkRun?.id).not.toBe(green.checkRun?.id);
  });

  it('in step mode only reads', async () => {
    const { pr } = addAgentPullRequest(fake, { policy: POLICY });
    const result = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number }, { mode: 'step' }));
    expect(result).toMatchObject({ checkRun: null, requests: 1 });
    expect(fake.callsTo({ path: /check-runs/ })).toEqual([]);
  });

  it("applies the caller's additions to the snapshot (the Action's local git data)", async () => {
    const { pr } = addAgentPullRequest(fake, { policy: POLICY, testsConclusion: null });
    const result = await runGate(
      options(
        { owner: 'acme', repo: 'widgets', number: pr.number },
        {
          mode: 'step',
          augment: (s) => ({
            ...s,
            checkRuns: [
              ...s.checkRuns,
              { name: 'tests', status: 'completed', conclusion: 'success', app: { slug: 'github-actions', id: 15368 }, url: null, completedAt: null },
            ],
          }),
        },
      ),
    );
    expect(result.verdict?.proofs.find((p) => p.name === 'tests')?.status).toBe('pass');
  });

  it('cannot load and has no head SHA: returns "could not evaluate" without writing', async () => {
    const result = await runGate(options({ owner: 'acme', repo: 'nowhere', number: 1 }));
    expect(result.error).toMatch(/^GitHub found nothing while loading pull request acme\/nowhere#1/);
    expect(result.verdict?.conclusion).toBe('failure');
    expect(result.checkRun).toBeNull();
  });

  it('cannot load but knows the head SHA from the event: writes a failing check saying why', async () => {
    const { pr, headSha } = addAgentPullRequest(fake, { policy: POLICY });
    fake.failAll(502);
    const failing = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number, headSha }));
    expect(failing.checkRun).toBeNull();
    fake.clearFailures();
    fake.failNext({ path: '/graphql' }, 502, 1);
    const result = await runGate(options({ owner: 'acme', repo: 'widgets', number: pr.number, headSha }));
    expect(result.error).toContain('502');
    const [run] = fake.checkRunsFor('acme/widgets', headSha).filter((r) => r.name === 'proofgate');
    expect(run).toMatchObject({ conclusion: 'failure', status: 'completed' });
    expect(run?.output.title).toMatch(/^Could not evaluate: /);
  });
});
