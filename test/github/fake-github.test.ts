import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';

let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

async function post(path: string, body: unknown, token: string | null = 'anything'): Promise<{ status: number; json: any }> {
  const res = await fetch(fake.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('the fake GitHub (what the App and Action tests rely on)', () => {
  it("rejects a query GitHub's schema rejects", async () => {
    const { status, json } = await post('/graphql', { query: 'query { viewer { loginName } }' });
    expect(status).toBe(200);
    expect(json.errors[0].message).toMatch(/Cannot query field "loginName" on type "User"/);
    expect(json.data).toBeUndefined();
  });

  it("enforces GitHub's connection rules", async () => {
    addAgentPullRequest(fake, { number: 1 });
    const q = (files: string) => `query { repository(owner: "acme", name: "widgets") { pullRequest(number: 1) { ${files} { totalCount } } } }`;
    expect((await post('/graphql', { query: q('files(first: 101)') })).json.errors[0].message).toBe(
      'Requesting 101 records on the `files` connection exceeds the `first` limit of 100 records.',
    );
    expect((await post('/graphql', { query: q('files') })).json.errors[0].message).toBe(
      'You must provide a `first` or `last` value to properly paginate the `files` connection.',
    );
    expect((await post('/graphql', { query: q('files(first: 1)') })).json.data.repository.pullRequest.files.totalCount).toBe(6);
  });

  it('reports a missing repository as GitHub does', async () => {
    const { json } = await post('/graphql', { query: 'query { repository(owner: "acme", name: "nope") { id } }' });
    expect(json).toEqual({
      data: { repository: null },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository'],
          locations: [{ line: 1, column: 9 }],
          message: "Could not resolve to a Repository with the name 'acme/nope'.",
        },
      ],
    });
  });

  it('needs a token, except to exchange a JWT for an installation token', async () => {
    expect((await post('/graphql', { query: '{ viewer { login } }' }, null)).status).toBe(401);
    const { status, json } = await post('/app/installations/7/access_tokens', {}, 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln');
    expect(status).toBe(201);
    expect(json.token).toBe('ghs_fake_installation_7');
    expect(Date.parse(json.expires_at)).toBeGreaterThan(Date.now());
  });

  it('records calls with the acting app, and injects failures', async () => {
    const { headSha } = addAgentPullRequest(fake, { number: 1 });
    const octokit = new Octokit({ baseUrl: fake.url, auth: 'ghs_fake_installation_1', log: { debug() {}, info() {}, warn() {}, error() {} } });
    fake.failNext({ method: 'POST', path: /check-runs$/ }, 502, 2);
    for (let i = 0; i < 2; i++) {
      await expect(
        octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: 'acme', repo: 'widgets', name: 'x', head_sha: headSha }),
      ).rejects.toMatchObject({ status: 502 });
    }
    const ok = await octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: 'acme', repo: 'widgets', name: 'x', head_sha: headSha });
    expect(ok.data.app?.slug).toBe('proofgate');
    expect(fake.calls.map((c) => [c.status, c.actor])).toEqual([
      [502, 'proofgate'],
      [502, 'proofgate'],
      [201, 'proofgate'],
    ]);
    fake.failAll(503);
    await expect(octokit.graphql('{ viewer { login } }')).rejects.toMatchObject({ status: 503 });
    fake.clearFailures();
  });

  it('validates check-run writes like GitHub (50 annotations per request)', async () => {
    const { headSha } = addAgentPullRequest(fake, { number: 1 });
    const annotation = { path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm' };
    const { status, json } = await post('/repos/acme/widgets/check-runs', {
      name: 'proofgate',
      head_sha: headSha,
      output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) },
    });
    expect(status).toBe(422);
    expect(json.message).toContain('Only 50 annotations are allowed per request');
    expect((await post('/repos/acme/widgets/check-runs', { name: 'proofgate', head_sha: 'a'.repeat(40) })).status).toBe(422);
  });
  it('keeps a completed check run completed when a PATCH asks for in_progress (other fields update)', async () => {
    const { headSha } = addAgentPullRequest(fake, { number: 1 });
    const octokit = new Octokit({ baseUrl: fake.url, auth: 'ghs_fake_installation_1', log: { debug() {}, info() {}, warn() {}, error() {} } });
    const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      owner: 'acme',
      repo: 'widgets',
      name: 'proofgate',
      head_sha: headSha,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'ok', summary: 'ok' },
    });
    const patched = await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: 'acme',
      repo: 'widgets',
      check_run_id: created.data.id,
      status: 'in_progress',
      output: { title: 'again', summary: 'pending' },
    });
    expect(patched.data).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'again', summary: 'pending' } });
  });

  it('resolves Commit.authors: the git author, then co-authors whose e-mail belongs to a known user', async () => {
    fake.addUser('carol', 'Carol@Corp.example');
    const { repo, pr } = addAgentPullRequest(fake, { number: 1, commits: 1 });
    fake.pushCommits(repo, pr.number, [{ message: 'x\n\nCo-authored-by: Carol <carol@corp.example>\nCo-authored-by: Dan <dan@unknown.example>\n' }]);
    const { json } = await post('/graphql', {
      query: `query { repository(owner: "acme", name: "widgets") { object(oid: "${pr.head.sha}") { ... on Commit { authors(first: 10) { nodes { name email user { login } } } } } } }`,
    });
    expect(json.data.repository.object.authors.nodes).toEqual([
      { name: 'Alice Example', email: 'alice@example.com', user: { login: 'alice' } },
      { name: 'Carol', email: 'carol@corp.example', user: { login: 'carol' } },
    ]);
  });
});
