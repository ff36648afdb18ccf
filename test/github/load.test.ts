import { describe, expect, it } from 'vitest';
import { GitHubError } from '../../src/github/errors.js';
import { findOpenPullRequestsForSha, loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const BASE_POLICY = 'version: 1\n# base\n';
const HEAD_POLICY = 'version: 1\n# head: the PR tries to relax its own gate\n';

const gh = useFakeGitHub();

describe('loadPullRequest against the gh.fake GitHub', () => {
  it('maps a PR into a snapshot with one request, and one more for the text of its ledgers', async () => {
    const { repo, pr, headSha, baseSha } = addAgentPullRequest(gh.fake, { files: 12, commits: 3, policy: BASE_POLICY });
    pr.labels = ['agent', 'auth'];
    pr.draft = true;
    gh.fake.setFile(repo, headSha, '.github/proofgate.yml', HEAD_POLICY);
    gh.fake.setFile(repo, headSha, '.agent-trace/2026-01-10.jsonl', '{"v":1}\n');
    gh.fake.setFile(repo, headSha, '.agent-trace/README.md', 'not a ledger');
    gh.fake.setFile(repo, headSha, '.proofgate/sessions/s1.jsonl', '{"session":"s1"}\n');
    gh.fake.addReview(repo, pr.number, { author: { login: 'bob', type: 'User' }, state: 'APPROVED', commitSha: pr.commits[0]!.sha });
    gh.fake.addReview(repo, pr.number, { author: { login: 'copilot-pull-request-reviewer[bot]', type: 'Bot' }, state: 'COMMENTED', authorCanPush: false });
    gh.fake.setCheckRun(repo, { headSha, name: 'security', conclusion: 'success', app: { slug: 'evil-app', id: 666 } });
    gh.fake.setCheckRun(repo, { headSha, name: 'proofgate', conclusion: 'success', app: { slug: 'github-actions', id: 15368 } });
    const own = gh.fake.setCheckRun(repo, { headSha, name: 'proofgate', status: 'in_progress', app: gh.fake.app, externalId: 'sha256:abc' });
    gh.fake.addStatus(repo, headSha, {
      context: 'ci/jenkins',
      state: 'success',
      creator: { login: 'jenkins', type: 'User' },
      targetUrl: 'https://ci.example/1',
    });
    gh.fake.addStatus(repo, headSha, { context: 'deploy/preview', state: 'pending' });
    const [owner, name] = repo.split('/') as [string, string];

    const loaded = await loadPullRequest(gh.client, { owner, repo: name, number: pr.number }, OPTS);

    // The pull request with ledger names and sizes, then the ledgers' text.
    expect(gh.fake.calls.map((c) => (c.body as { query: string }).query.match(/query (\w+)/)?.[1])).toEqual(['ProofgatePullRequest', 'ProofgateLedgerBlobs']);
    const s = loaded.snapshot;
    expect(s.repository).toEqual({ owner, name });
    expect(s.pullRequest).toEqual({
      number: pr.number,
      title: 'Add token refresh to the auth module',
      author: { login: 'alice', isBot: false, id: null },
      body: '',
      url: `https://github.com/${repo}/pull/${pr.number}`,
    });
    expect(s.base).toEqual({ ref: 'main', sha: baseSha });
    expect(s.head).toEqual({ ref: 'claude/token-refresh', sha: headSha });
    expect(s.files).toHaveLength(12);
    expect(s.files[0]).toEqual({ path: 'docs/guide-0.md', status: 'added', previousPath: null, additions: 10, deletions: 0 });
    expect(s.files[1]?.path).toBe('src/auth/module-1.ts');
    expect(s.truncated).toEqual({ files: false, commits: false });

    expect(s.commits).toHaveLength(3);
    expect(s.commits[0]).toMatchObject({
      sha: pr.commits[0]!.sha,
      author: { name: 'Alice Example', email: 'alice@example.com', login: 'alice', isBot: false },
      files: null,
    });
    // No rule reads parents, signatures, labels or the draft state: the query does not ask for them.
    expect(Object.keys(s.commits[0]!)).not.toEqual(expect.arrayContaining(['parents']));
    expect(Object.keys(s.commits[0]!)).not.toEqual(expect.arrayContaining(['signature']));
    expect(Object.keys(s.pullRequest!)).not.toEqual(expect.arrayContaining(['labels']));
    expect(Object.keys(s.pullRequest!)).not.toEqual(expect.arrayContaining(['draft']));
    expect(s.commits[0]!.message).toContain('Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>');

    expect(s.reviews).toEqual([
      {
        id: expect.any(String),
        author: { login: 'bob', isBot: false },
        state: 'APPROVED',
        commitSha: pr.commits[0]!.sha,
        submittedAt: expect.any(String),
        authorCanPush: true,
      },
      {
        id: expect.any(String),
        author: { login: 'copilot-pull-request-reviewer[bot]', isBot: true },
        state: 'COMMENTED',
        commitSha: headSha,
        submittedAt: expect.any(String),
        authorCanPush: false,
      },
    ]);

    // Our own run is the one to update, and not evidence; a same-named run from another app stays.
    expect(loaded.ownCheckRun).toEqual({ id: own.id, externalId: 'sha256:abc', status: 'in_progress', shown: true });
    const runs = s.checkRuns.map((r) => `${r.app?.slug}/${r.name}:${r.conclusion}`).sort();
    expect(runs).toEqual(['evil-app/security:success', 'github-actions/proofgate:success', 'github-actions/tests:success']);
    expect(s.checkRuns.find((r) => r.name === 'tests')).toEqual({
      name: 'tests',
      status: 'completed',
      conclusion: 'success',
      app: { slug: 'github-actions', id: 15368 },
      url: `https://github.com/${repo}/actions/runs/1`,
      completedAt: expect.any(String),
    });

    expect(s.statuses).toEqual([
      { context: 'ci/jenkins', state: 'success', creator: { login: 'jenkins' }, url: 'https://ci.example/1' },
      { context: 'deploy/preview', state: 'pending', creator: { login: 'github-actions[bot]' }, url: null },
    ]);

    expect(s.ledgers).toEqual([
      { kind: 'agent-trace', path: '.agent-trace/2026-01-10.jsonl', commitSha: null, content: '{"v":1}\n' },
      { kind: 'proofgate-session', path: '.proofgate/sessions/s1.jsonl', commitSha: null, content: '{"session":"s1"}\n' },
    ]);

    // The base branch's policy, not the one the PR head carries.
    expect(loaded.policy).toEqual({ text: BASE_POLICY, byteSize: BASE_POLICY.length, path: '.github/proofgate.yml', ref: baseSha, origin: 'base-branch' });
  });

  it('reads bot commit identities as GitHub reports them', async () => {
    const { repo, pr } = addAgentPullRequest(gh.fake, { commits: 1 });
    const botIdentity = { name: 'claude[bot]', email: '209825114+claude[bot]@users.noreply.github.com', login: null };
    gh.fake.pushCommits(repo, pr.number, [
      { message: 'Apply review feedback', author: botIdentity, committer: botIdentity, signature: { isValid: true, signer: null } },
    ]);
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.snapshot.commits[1]).toMatchObject({
      author: { name: 'claude[bot]', email: '209825114+claude[bot]@users.noreply.github.com', login: null, isBot: false },
    });
    expect(loaded.snapshot.head.sha).toBe(pr.head.sha);
  });

  it('pages 3,000 files and 250 commits in 30 requests', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 3000, commits: 250 });
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.snapshot.files).toHaveLength(3000);
    expect(new Set(loaded.snapshot.files.map((f) => f.path)).size).toBe(3000);
    expect(loaded.snapshot.commits).toHaveLength(250);
    expect(loaded.snapshot.commits.map((c) => c.sha)).toEqual(pr.commits.map((c) => c.sha));
    expect(loaded.snapshot.truncated).toEqual({ files: false, commits: false });
    // 1 query + 29 follow-ups; commit pages ride along with file pages.
    expect(gh.fake.calls).toHaveLength(30);
    expect(loaded.snapshot.checkRuns.map((r) => r.name)).toEqual(['tests']);
  });

  it('marks a PR larger than GitHub lists as truncated and still reads the head commit', async () => {
    const { pr, headSha } = addAgentPullRequest(gh.fake, { files: 3100, commits: 260 });
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.snapshot.truncated).toEqual({ files: true, commits: true });
    expect(loaded.snapshot.files).toHaveLength(3000);
    expect(loaded.snapshot.commits).toHaveLength(250);
    expect(loaded.snapshot.head.sha).toBe(headSha);
    // commits(last: 1) stops at GitHub's 250th commit: the head commit's checks come by SHA.
    expect(loaded.snapshot.checkRuns.map((r) => r.name)).toEqual(['tests']);
    expect(gh.fake.calls).toHaveLength(31);
  });

  it('pages reviews and check runs past 100', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake, { files: 3, commits: 2 });
    for (let i = 0; i < 130; i++) gh.fake.addReview(repo, pr.number, { author: { login: `reviewer${i}`, type: 'User' }, state: 'COMMENTED' });
    for (let i = 0; i < 150; i++) gh.fake.setCheckRun(repo, { headSha, name: `matrix-${i}`, conclusion: 'success', app: { slug: 'ci', id: 7 } });
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.snapshot.reviews).toHaveLength(130);
    expect(loaded.snapshot.checkRuns).toHaveLength(151);
    expect(gh.fake.calls).toHaveLength(3);
  });

  it('reads when the base last changed under the head (switched, retargeted by GitHub or force-pushed), in the same request, and leaves it out when it never did', async () => {
    const { repo, pr } = addAgentPullRequest(gh.fake, { files: 3, commits: 2 });
    const ref = { owner: 'acme', repo: 'widgets', number: pr.number };
    expect(Object.hasOwn((await loadPullRequest(gh.client, ref, OPTS)).snapshot, 'baseChangedAt')).toBe(false);

    const release = gh.fake.setBranch(repo, 'release');
    gh.fake.changeBase(repo, pr.number, { ref: 'release', sha: release }, { at: '2026-11-20T10:00:00Z' });
    gh.fake.changeBase(repo, pr.number, { ref: 'release', sha: release }, { at: '2026-11-20T10:05:00Z', forcePushed: true });
    gh.fake.resetCalls();
    const loaded = await loadPullRequest(gh.client, ref, OPTS);
    expect(loaded.snapshot.baseChangedAt).toBe('2026-11-20T10:05:00Z');
    expect(gh.fake.calls).toHaveLength(1);

    // GitHub retargets a pull request whose base branch was merged and deleted.
    gh.fake.changeBase(repo, pr.number, { ref: 'main', sha: release }, { at: '2026-11-20T10:07:00Z', automatic: true });
    expect((await loadPullRequest(gh.client, ref, OPTS)).snapshot.baseChangedAt).toBe('2026-11-20T10:07:00Z');
  });

  it('reads a ledger GitHub truncated through the blob API', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    const big = `${'{"line":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}\n'.repeat(100)}`;
    gh.fake.setFile(repo, headSha, '.agent-trace/big.jsonl', big);
    gh.fake.blobTextLimit = 1000;
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.snapshot.ledgers[0]?.content).toBe(big);
    expect(gh.fake.calls).toHaveLength(3);
    expect(gh.fake.calls[2]?.path).toMatch(/^\/repos\/acme\/widgets\/git\/blobs\/[0-9a-f]{40}$/);
  });
});

describe('policy sources', () => {
  it("falls back to the organisation default in the owner's .github repository", async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    gh.fake.addRepository('acme/.github');
    gh.fake.setFile('acme/.github', 'main', 'proofgate.yml', 'version: 1\n# org\n');
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.policy).toEqual({
      text: 'version: 1\n# org\n',
      byteSize: 17,
      path: 'acme/.github/proofgate.yml',
      ref: gh.fake.repository('acme/.github').branches.get('main'),
      origin: 'organization',
    });
    expect(gh.fake.calls).toHaveLength(1);
  });

  it('uses .github/proofgate.yml in the .github repository too', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    gh.fake.addRepository('acme/.github');
    gh.fake.setFile('acme/.github', 'main', '.github/proofgate.yml', 'version: 1\n');
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.policy?.path).toBe('acme/.github/.github/proofgate.yml');
  });

  it('returns no policy when neither exists (the missing .github repository is not an error)', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.policy).toBeNull();
  });

  it('prefers the base branch over the organisation default', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: BASE_POLICY });
    gh.fake.addRepository('acme/.github');
    gh.fake.setFile('acme/.github', 'main', 'proofgate.yml', 'version: 1\n# org\n');
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.policy?.origin).toBe('base-branch');
    expect(loaded.policy?.text).toBe(BASE_POLICY);
  });
});

describe("the Action's own check run", () => {
  it('is the github-actions run with the check name when appSlug is null (newest wins)', async () => {
    const { repo, headSha, pr } = addAgentPullRequest(gh.fake);
    gh.fake.setCheckRun(repo, { headSha, name: 'proofgate', conclusion: 'failure' });
    const newer = gh.fake.setCheckRun(repo, { headSha, name: 'proofgate', conclusion: 'success', externalId: 'sha256:x' });
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, { ...OPTS, appSlug: null });
    expect(loaded.ownCheckRun).toEqual({ id: newer.id, externalId: 'sha256:x', status: 'completed', shown: true });
    expect(loaded.snapshot.checkRuns.map((r) => r.name)).toEqual(['tests']);
  });
});

describe('errors', () => {
  it('names the pull request that does not exist', async () => {
    addAgentPullRequest(gh.fake);
    const error = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: 999 }, OPTS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).kind).toBe('not-found');
    expect((error as Error).message).toMatch(/acme\/widgets#999.*Could not resolve to a PullRequest with the number of 999/);
  });

  it('names the missing permission when GraphQL says FORBIDDEN', async () => {
    const { pr } = addAgentPullRequest(gh.fake);
    gh.fake.permissions = { ...gh.fake.permissions, pull_requests: 'none' };
    try {
      const error = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS).catch((e: unknown) => e);
      expect((error as GitHubError).kind).toBe('permission');
      expect((error as Error).message).toContain('`pull-requests: read`');
      expect((error as Error).message).toContain('Pull requests: Read-only');
    } finally {
      gh.fake.permissions = { ...gh.fake.permissions, pull_requests: 'read' };
    }
  });

  it('reports a 502 as a retryable server error with the cause attached', async () => {
    const { pr } = addAgentPullRequest(gh.fake);
    gh.fake.failNext({ path: '/graphql' }, 502);
    const error = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/GitHub failed while loading pull request acme\/widgets#\d+ \(502/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    // The next attempt goes through.
    const loaded = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(loaded.snapshot.pullRequest?.number).toBe(pr.number);
  });

  it('reports bad credentials as an auth error', async () => {
    const { pr } = addAgentPullRequest(gh.fake);
    gh.fake.failNext({ path: '/graphql' }, 401);
    const error = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS).catch((e: unknown) => e);
    expect((error as GitHubError).kind).toBe('auth');
    expect((error as Error).message).toContain('token is missing, expired or revoked');
  });
});

describe('findOpenPullRequestsForSha', () => {
  it('finds a fork PR by its head SHA, which the commit-pulls endpoint misses', async () => {
    const { pr, headSha } = addAgentPullRequest(gh.fake, { forkOf: 'mallory/widgets' });
    addAgentPullRequest(gh.fake);
    const found = await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', headSha);
    expect(found).toEqual({ pullRequests: [{ number: pr.number, headSha }], complete: true });
    expect(gh.fake.calls).toHaveLength(1);
    const rest = await gh.client.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { owner: 'acme', repo: 'widgets', commit_sha: headSha });
    expect(rest.data).toEqual([]);
  });

  it('ignores closed PRs and other heads', async () => {
    const { pr, headSha } = addAgentPullRequest(gh.fake);
    pr.state = 'CLOSED';
    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', headSha)).toEqual({ pullRequests: [], complete: true });
    expect(await findOpenPullRequestsForSha(gh.client, 'acme', 'widgets', 'f'.repeat(40))).toEqual({ pullRequests: [], complete: true });
  });
});
