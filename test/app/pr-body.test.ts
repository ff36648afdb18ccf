/**
 * The pull request's description is evidence (docs/ledger.md, "PR-level
 * evidence"): an agent footer or session link added to it later makes the
 * commits without evidence of their own agent commits. An edit of the
 * description is evaluated like a push, so the check does not keep showing the
 * verdict of a description that no longer holds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GITHUB_ACTIONS_APP } from '../support/fake-github/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent } from './support/payloads.js';
import { POLICY, shownRun, theCheckRun } from './support/scenario.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const person = { name: 'Alice Example', email: 'alice@example.com', login: 'alice' };

describe('pull_request.edited with a new description', () => {
  it('re-evaluates: a session link added to the description gates the commits that carry no evidence', async () => {
    const repo = 'acme/widgets';
    h.fake.addRepository(repo);
    h.fake.setFile(repo, 'main', '.github/proofgate.yml', POLICY);
    const pr = h.fake.addPullRequest({
      repo,
      title: 'Refresh tokens',
      author: { login: 'alice', type: 'User' },
      commits: [{ message: 'Refresh tokens before they expire\n', author: person, committer: person, authoredDate: '2026-01-10T12:00:00Z' }],
      files: [{ path: 'src/auth/refresh.ts' }],
    });
    const headSha = pr.head.sha;
    h.fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'success', app: GITHUB_ACTIONS_APP });

    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    // A human's change: the agent routes do not gate it.
    expect(shownRun(h.fake, repo, headSha)).toMatchObject({ status: 'completed', conclusion: 'neutral' });

    const before = pr.body ?? '';
    pr.body = 'Refresh tokens before they expire.\n\nhttps://claude.ai/code/session_01AbCdEfGhIjKlMnOpQrStUv\n';
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'edited', { changes: { body: { from: before } } }));

    const { run, receipt } = theCheckRun(h.fake, repo, headSha);
    expect(receipt.attribution.commits[0]).toMatchObject({ agent: 'claude-code', evidence: [expect.objectContaining({ source: 'pull-request' })] });
    expect(run.conclusion).toBe('failure');
  });
});
