/** The App's policy cases: none, organisation default, invalid, changed inside the PR, team reviews. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { checkRunEvent, pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, callLines, POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('no policy', () => {
  it('writes a neutral check that says how to add one', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: null });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('neutral');
    expect(run.output.title).toBe('No proofgate policy: add .github/proofgate.yml to gate this repository');
    expect(receipt.notes[0]).toContain('add .github/proofgate.yml on the base branch (or `proofgate.yml` in the `acme/.github` repository');
    // GitHub answered NOT_FOUND for acme/.github: the App may simply not be installed there.
    expect(receipt.notes[1]).toContain(
      'proofgate could not read `acme/.github`: an organisation default there is only read when the App is installed on that repository',
    );
    expect(run.output.summary).toContain('only read when the App is installed on that repository');
    // Attribution is still reported.
    expect(receipt.attribution.commits.map((c) => c.agent)).toEqual(['claude-code', 'claude-code', 'claude-code']);
  });

  it('does not suggest installing the App on acme/.github when it could read it', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: null });
    h.fake.setFile('acme/.github', 'main', 'README.md', 'org profile\n');
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('neutral');
    expect(receipt.notes[0]).not.toContain('could not read');
  });

  it('uses the organisation default from its .github repository when the repository has none', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: null });
    h.fake.setFile('acme/.github', 'main', 'proofgate.yml', POLICY);
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.policy).toMatchObject({ origin: 'organization', path: 'acme/.github/proofgate.yml' });
    expect(run.output.title).toBe('Waiting for 1 proof: review');
    expect(h.apiCalls()).toHaveLength(3); // mark, load, verdict
  });
});

describe('the organisation default in force', () => {
  const approval = (receipt: { proofs: Array<{ name: string; status: string }> }) => receipt.proofs.find((p) => p.name === 'policy-change-approval');

  it("gates a pull request that adds the repository's own policy at the path the App is set to read", async () => {
    await h.close();
    h = await startHarness({ policyPath: 'ci/proofgate.yml' });
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: null, addedFiles: ['ci/proofgate.yml'] });
    h.fake.setFile('acme/.github', 'main', 'proofgate.yml', POLICY);
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.policy).toMatchObject({ origin: 'organization', path: 'acme/.github/proofgate.yml' });
    // Merged, that file would replace the organisation default for this repository.
    expect(receipt.routes.find((r) => r.name === 'policy-change')?.files).toEqual(['ci/proofgate.yml']);
    expect(approval(receipt)?.status).toBe('pending');
  });

  it("gates a pull request into the organisation's .github repository that changes the organisation default", async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { repo: 'acme/.github', policy: null, addedFiles: ['proofgate.yml'] });
    h.fake.setFile('acme/.github', 'main', 'proofgate.yml', POLICY);
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.policy).toMatchObject({ origin: 'organization', path: 'acme/.github/proofgate.yml' });
    expect(receipt.routes.find((r) => r.name === 'policy-change')?.files).toEqual(['proofgate.yml']);
    expect(approval(receipt)?.status).toBe('pending');
  });
});

describe('an invalid policy', () => {
  const INVALID = `version: 1
proofs:
  tests:
    kind: check
    name: tests
    app: github-actions
  review:
    kind: reveiw
routes:
  - name: auth
    paths: ["src/auth/**"]
    require: [tests, review, lint]
`;

  it('fails the check, listing each error with file, line and column, and annotates the policy file', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: INVALID });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/^Policy \.github\/proofgate\.yml has \d+ errors?$/);
    expect(receipt.policyErrors.length).toBeGreaterThan(0);
    const kindError = receipt.policyErrors.find((e) => e.path.includes('kind'));
    expect(kindError).toMatchObject({ file: '.github/proofgate.yml', line: 8 });
    for (const e of receipt.policyErrors) {
      expect(run.output.summary).toContain(`.github/proofgate.yml:${e.line}:${e.column}`);
      expect(run.annotations).toContainEqual(
        expect.objectContaining({ path: '.github/proofgate.yml', start_line: e.line, end_line: e.line, annotation_level: 'failure' }),
      );
    }
  });

  it('over 256 KiB is refused with its size, not parsed', async () => {
    const huge = `version: 1\n${'# padding\n'.repeat(30 * 1024)}`;
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: huge });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.conclusion).toBe('failure');
    expect(receipt.policyErrors).toEqual([
      expect.objectContaining({ file: '.github/proofgate.yml', line: 1, column: 1, message: 'policy file is 300 KiB; the limit is 256 KiB' }),
    ]);
    expect(run.output.summary).toContain('policy file is 300 KiB; the limit is 256 KiB');
  });

  it('puts its annotations once on each run, never twice on one', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: INVALID });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    const before = theCheckRun(h.fake, repo, headSha).run.annotations.length;
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    // Under an invalid policy a review changes nothing: the check already shows the verdict, nothing is written.
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(proofgateRuns(h.fake, repo, headSha)).toHaveLength(1);
    // A re-evaluation someone asks for is written to a new run each time.
    const own = { id: h.fake.app.id, slug: h.fake.app.slug };
    for (let i = 0; i < 2; i++) {
      await h.deliver('check_run', checkRunEvent(h.fake, repo, 'requested_action', { name: 'proofgate', headSha, app: own, pullRequests: [pr.number] }));
    }
    const { run } = theCheckRun(h.fake, repo, headSha);
    expect(before).toBeGreaterThan(0);
    expect(run.annotations).toHaveLength(before);
    // Each written verdict goes to its own new run (src/app/marks.ts): every run carries the annotations once.
    const runs = proofgateRuns(h.fake, repo, headSha);
    expect(runs).toHaveLength(3);
    for (const r of runs) expect(r.annotations).toHaveLength(before);
  });
});

describe('a pull request that changes the policy', () => {
  it('is evaluated with the base branch policy and needs an approval from someone with write access', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    // The PR relaxes the policy to require nothing; that version must not be used.
    pr.files.push({ path: '.github/proofgate.yml', changeType: 'MODIFIED', additions: 2, deletions: 10 });
    h.fake.setFile(repo, headSha, '.github/proofgate.yml', 'version: 1\n');
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));

    let { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.policy.digest).toBe(createHash('sha256').update(POLICY).digest('hex'));
    expect(receipt.policy.ref).toBe(pr.base.sha);
    expect(run.status).toBe('in_progress');
    expect(receipt.proofs.find((p) => p.name === 'policy-change-approval')).toMatchObject({
      status: 'pending',
      requiredBy: ['policy-change'],
    });

    // An approval from a reviewer without write access does not do.
    h.fake.addReview(repo, pr.number, { author: { login: 'erin', type: 'User' }, state: 'APPROVED', authorCanPush: false });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    ({ run, receipt } = theCheckRun(h.fake, repo, headSha));
    expect(receipt.proofs.find((p) => p.name === 'policy-change-approval')?.status).toBe('pending');

    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED', authorCanPush: true });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    ({ run, receipt } = theCheckRun(h.fake, repo, headSha));
    expect(receipt.proofs.find((p) => p.name === 'policy-change-approval')?.status).toBe('pass');
    expect(run.conclusion).toBe('success');
  });
});

describe('team reviews', () => {
  const TEAM_POLICY = POLICY.replace('    kind: review\n', '    kind: review\n    teams: [acme/core]\n');

  it('resolve membership in one more call only when a review needs it, then from the cache', async () => {
    h.fake.setTeam('acme', 'core', ['bob']);
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: TEAM_POLICY });
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    // No review yet: membership cannot matter, so it is not looked up.
    expect(callLines(h.apiCalls())).toEqual([`POST /repos/${repo}/check-runs 201`, 'POST /graphql 200', `PATCH /repos/${repo}/check-runs/:id 200`]);

    h.fake.resetCalls();
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    // A read and the team's members find the verdict changed; the mark, the mark's read (members from the cache), the verdict.
    expect(callLines(h.apiCalls())).toEqual([
      'POST /graphql 200',
      'POST /graphql 200',
      `POST /repos/${repo}/check-runs 201`,
      'POST /graphql 200',
      `PATCH /repos/${repo}/check-runs/:id 200`,
    ]);
    expect(theCheckRun(h.fake, repo, headSha).run.conclusion).toBe('success');

    h.fake.resetCalls();
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'reopened'));
    expect(h.apiCalls()).toHaveLength(1); // one read: membership from the cache, and the check already shows the verdict
  });

  it('do not count an approval from outside the team', async () => {
    h.fake.setTeam('acme', 'core', ['carol']);
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: TEAM_POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    const { receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ name: 'bob', counted: false, note: 'not in @acme/core' }),
    ]);
  });

  it('without `members: read`: the review proof waits and names the permission; the evaluation does not fail', async () => {
    h.fake.setTeam('acme', 'core', ['bob']);
    h.fake.permissions.members = 'none';
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: TEAM_POLICY });
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));

    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(run.status).toBe('in_progress');
    expect(h.results.at(-1)?.result.error).toBeNull();
    const review = receipt.proofs.find((p) => p.name === 'review');
    expect(review).toMatchObject({ status: 'pending' });
    expect(review?.reason).toMatch(/^GitHub refused to show the members of @acme\/core, so 1 review cannot be counted yet/);
    expect(review?.next).toBe(
      'proofgate cannot read @acme/core: grant the App the "Organization members: Read-only" permission (`members: read` in app.yml) and accept it on the installation, then re-run the check.',
    );
    expect(review?.evidence).toEqual([expect.objectContaining({ name: 'bob', counted: false, note: 'membership of @acme/core could not be read' })]);

    // Once the permission is granted, the next event reads the team (nothing refused was cached).
    h.fake.permissions.members = 'read';
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'reopened'));
    expect(proofgateRuns(h.fake, repo, headSha).some((r) => r.conclusion === 'success')).toBe(true);
  });
});
