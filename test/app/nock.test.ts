/**
 * The App's handlers on real webhook payloads (@octokit/webhooks-examples)
 * with GitHub's API mocked by nock at https://api.github.com: each test lists
 * every request the App may make (nock refuses any other, and an unmatched
 * request fails the test) and asserts the check run it writes.
 */
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProofgateApp } from '../../src/app/app.js';
import { receiptFromCheckRunText } from '../../src/receipt/markdown.js';
import { verifyReceipt, type Receipt } from '../../src/receipt/json.js';
import type { FakePullRequest } from '../support/fake-github/index.js';
import { agentPullRequestRecord, HEAD_SHA, pullRequestResponse, type CheckSuiteInput } from './support/graphql-response.js';
import { NOW, privateKey } from './support/harness.js';
import { checkRunEvent, INSTALLATION_ID, pullRequestEvent, reviewEvent, type PullRequestSource } from './support/payloads.js';
import { POLICY } from './support/scenario.js';

const API = 'https://api.github.com';
const APP = { id: 1001, slug: 'proofgate' };
const ACTIONS = { slug: 'github-actions', databaseId: 15368 };
const REPO = 'acme/widgets';
const TOKEN = 'ghs_nockInstallationToken0000000000000';
const POLICY_FILE = { path: '.github/proofgate.yml', text: POLICY };

/** The body of `POST /repos/{owner}/{repo}/check-runs` (and of its PATCH), as the App sends it. */
interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status: string;
  conclusion?: string;
  completed_at?: string;
  external_id: string;
  output: { title: string; summary: string; text: string; annotations?: unknown[] };
  actions?: unknown[];
}

/** Probot's Octokit, throttling off, retries off unless a test turns them on (then with millisecond backoff). */
function octokit(retry: boolean): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
    ...instance,
    retry: retry ? { ...(instance.retry as object | undefined), retryAfterBaseValue: 1 } : { enabled: false },
    throttle: { ...(instance.throttle as object | undefined), enabled: false },
  }));
}

let logs: string[];
let unmatched: string[];
const recordUnmatched = (req: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
  unmatched.push(`${req.method ?? req.options?.method} ${req.path ?? req.options?.path}`);
};

beforeAll(() => {
  nock.disableNetConnect();
});
beforeEach(() => {
  logs = [];
  unmatched = [];
  nock.emitter.on('no match', recordUnmatched);
});
afterEach(() => {
  nock.emitter.removeListener('no match', recordUnmatched);
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

async function startApp(opts: { retry?: boolean } = {}): Promise<(name: string, payload: Record<string, unknown>) => Promise<void>> {
  const probot = new Probot({
    appId: APP.id,
    privateKey: privateKey(),
    secret: 'test-secret',
    baseUrl: API,
    log: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }),
    Octokit: octokit(opts.retry ?? false),
  });
  // The slug is configured (PROOFGATE_APP_SLUG), so the App never asks `GET /app`.
  await probot.load(createProofgateApp({ appId: APP.id, appSlug: APP.slug, now: () => NOW }));
  let delivery = 0;
  return (name, payload) => probot.receive({ id: `nock-${++delivery}`, name, payload } as Parameters<Probot['receive']>[0]);
}

/** The installation token exchange, signed with the App's JWT; Probot caches the token, so once per test. */
function installationToken(): nock.Scope {
  return nock(API)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .matchHeader('authorization', /^bearer ey[\w-]+\.[\w-]+\.[\w-]+$/i)
    .reply(201, {
      token: TOKEN,
      expires_at: '2099-01-01T00:00:00Z',
      permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read', statuses: 'read', members: 'read' },
      repository_selection: 'all',
    });
}

/** One `POST /graphql` of PULL_REQUEST_QUERY for the PR, answered as GitHub would (`status` 200, or a failure). */
function pullRequestQuery(pr: FakePullRequest, suites: CheckSuiteInput[], reply: { status: number } = { status: 200 }): nock.Scope {
  const [owner, repo] = pr.repo.split('/');
  return nock(API)
    .post(
      '/graphql',
      (body: { query: string; variables: Record<string, unknown> }) =>
        body.query.trimStart().startsWith('query ProofgatePullRequest(') &&
        isDeepStrictEqual(body.variables, { owner, repo, number: pr.number, policyPath: POLICY_FILE.path }),
    )
    .matchHeader('authorization', `token ${TOKEN}`)
    .reply(reply.status, reply.status === 200 ? pullRequestResponse({ pr, policy: POLICY_FILE, suites }) : { message: 'Server Error' });
}

/** `POST /repos/{o}/{r}/check-runs` (or a PATCH of run `updates`), capturing what the App sent. */
function checkRunWrite(pr: FakePullRequest, id: number, updates?: number): { scope: nock.Scope; bodies: CheckRunBody[] } {
  const bodies: CheckRunBody[] = [];
  const capture = (body: CheckRunBody) => {
    bodies.push(body);
    return true;
  };
  const scope = nock(API).matchHeader('authorization', `token ${TOKEN}`);
  const interceptor =
    updates === undefined ? scope.post(`/repos/${pr.repo}/check-runs`, capture) : scope.patch(`/repos/${pr.repo}/check-runs/${updates}`, capture);
  interceptor.reply(updates === undefined ? 201 : 200, (_uri, body) => {
    const b = body as CheckRunBody;
    return {
      id,
      name: b.name ?? 'proofgate',
      head_sha: pr.head.sha,
      status: b.status,
      conclusion: b.conclusion ?? null,
      external_id: b.external_id,
      app: { id: APP.id, slug: APP.slug },
    };
  });
  return { scope, bodies };
}

function source(pr: FakePullRequest): PullRequestSource {
  return { pullRequest: () => pr };
}

function receiptOf(body: CheckRunBody): Receipt {
  const receipt = receiptFromCheckRunText(body.output.text) as Receipt | null;
  expect(receipt, 'the receipt JSON is in the check run text').not.toBeNull();
  expect(verifyReceipt(receipt).ok).toBe(true);
  return receipt!;
}

/** No request went unanswered and no handler failed. */
function expectCleanRun(): void {
  expect(unmatched).toEqual([]);
  expect(nock.pendingMocks()).toEqual([]);
  expect(nock.isDone()).toBe(true);
  const failures = logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 40);
  expect(failures.map((f) => f.msg)).toEqual([]);
}

const testsPassed: CheckSuiteInput = {
  app: ACTIONS,
  runs: [{ databaseId: 2001, name: 'tests', conclusion: 'SUCCESS', detailsUrl: `https://github.com/${REPO}/actions/runs/1/job/1` }],
};

function approve(pr: FakePullRequest, login = 'bob'): void {
  pr.reviews.push({
    id: `PRR_kwDO${pr.reviews.length + 1}`,
    databaseId: 7000 + pr.reviews.length,
    author: { login, type: 'User' },
    state: 'APPROVED',
    commitSha: pr.head.sha,
    submittedAt: '2026-11-20T11:30:00Z',
    authorCanPush: true,
  });
}

describe("the App against api.github.com (nock), on GitHub's example payloads", () => {
  it('(a) an agent PR missing a review: token, the in-progress mark, one query, the verdict on the marked run', async () => {
    const deliver = await startApp();
    const pr = agentPullRequestRecord();
    installationToken();
    const mark = checkRunWrite(pr, 555);
    pullRequestQuery(pr, [testsPassed]);
    const write = checkRunWrite(pr, 555, 555);

    const payload = pullRequestEvent(source(pr), REPO, pr.number, 'opened');
    expect(payload.pull_request.head.sha).toBe(HEAD_SHA);
    await deliver('pull_request', payload);

    expectCleanRun();
    expect(mark.bodies).toEqual([
      expect.objectContaining({ name: 'proofgate', head_sha: HEAD_SHA, status: 'in_progress', output: expect.objectContaining({ title: 'Evaluating' }) }),
    ]);
    expect(write.bodies).toHaveLength(1);
    const body = write.bodies[0]!;
    expect(body).toMatchObject({ name: 'proofgate', status: 'in_progress', actions: [] });
    expect(body.conclusion).toBeUndefined();
    expect(body.output.title).toBe('Waiting for 1 proof: review');
    expect(body.external_id).toMatch(/^sha256:[0-9a-f]{64}/);
    const receipt = receiptOf(body);
    expect(body.external_id.startsWith(receipt.digest)).toBe(true);
    expect(receipt.attribution.commits.map((c) => [c.agent, c.model])).toEqual([
      ['claude-code', 'claude-opus-4-6'],
      ['claude-code', 'claude-opus-4-6'],
    ]);
    expect(receipt.proofs.find((p) => p.name === 'tests')?.status).toBe('pass');
    expect(receipt.proofs.find((p) => p.name === 'review')?.status).toBe('pending');
  });

  it('(b) the same PR after the approval arrives: a read, a new marked run, PATCHed to success, without a push', async () => {
    const deliver = await startApp();
    const pr = agentPullRequestRecord();
    installationToken();
    checkRunWrite(pr, 555);
    pullRequestQuery(pr, [testsPassed]);
    const created = checkRunWrite(pr, 555, 555);
    await deliver('pull_request', pullRequestEvent(source(pr), REPO, pr.number, 'opened'));
    expectCleanRun();
    const externalId = created.bodies[0]!.external_id;

    // GitHub now lists bob's approval on the head and the App's own in-progress run.
    approve(pr);
    const ownSuite: CheckSuiteInput = {
      app: { slug: APP.slug, databaseId: APP.id },
      runs: [{ databaseId: 555, name: 'proofgate', status: 'IN_PROGRESS', externalId }],
    };
    // A first read finds the verdict changed; then the mark, the mark's own read, and the verdict.
    pullRequestQuery(pr, [testsPassed, ownSuite]);
    checkRunWrite(pr, 560);
    pullRequestQuery(pr, [testsPassed, ownSuite]);
    const updated = checkRunWrite(pr, 560, 560);
    const review = reviewEvent(source(pr), REPO, pr.number, 'submitted');
    expect(review.review).toMatchObject({ state: 'approved', commit_id: HEAD_SHA, user: { login: 'bob' } });
    await deliver('pull_request_review', review);

    // The token is cached: the second delivery makes a read, its mark, one query and one PATCH, nothing else.
    expectCleanRun();
    expect(updated.bodies).toHaveLength(1);
    const body = updated.bodies[0]!;
    expect(body).toMatchObject({ name: 'proofgate', status: 'completed', conclusion: 'success' });
    expect(body.head_sha).toBeUndefined();
    expect(body.output.title).toBe('All required proof found: tests, review');
    expect(body.external_id).toMatch(/^sha256:/);
    expect(body.external_id).not.toBe(externalId);
    expect(receiptOf(body).proofs.find((p) => p.name === 'review')?.evidence).toEqual([
      expect.objectContaining({ kind: 'review', name: 'bob', state: 'APPROVED', counted: true }),
    ]);
  });

  it('(c) a spoofed `tests` check from another app is not counted', async () => {
    const deliver = await startApp();
    const pr = agentPullRequestRecord();
    approve(pr);
    const evil = { id: 666, slug: 'evil-ci' };
    installationToken();
    checkRunWrite(pr, 556);
    pullRequestQuery(pr, [{ app: { slug: evil.slug, databaseId: evil.id }, runs: [{ databaseId: 3001, name: 'tests', conclusion: 'SUCCESS' }] }]);
    const write = checkRunWrite(pr, 556, 556);

    await deliver('check_run', checkRunEvent(source(pr), REPO, 'completed', { name: 'tests', headSha: HEAD_SHA, app: evil, pullRequests: [pr.number] }));

    expectCleanRun();
    const body = write.bodies[0]!;
    expect(body).toMatchObject({ name: 'proofgate', status: 'in_progress' });
    expect(body.output.title).toBe('Waiting for 1 proof: tests');
    // The summary says the run was seen and not counted, and where the real one must come from.
    expect(body.output.summary).toContain('check &#96;tests&#96; has not reported on c0ffee0 (1 of that name ignored: not from the pinned source)');
    expect(body.output.summary).toContain('it must be reported by the GitHub App &#96;github-actions&#96;');
    expect(receiptOf(body).proofs.find((p) => p.name === 'tests')?.evidence).toEqual([
      expect.objectContaining({ name: 'tests', state: 'success', counted: false, note: 'from app evil-ci; policy pins app github-actions' }),
    ]);
  });

  it('(d) a 502 on the query is retried, and the check run is written once', async () => {
    const deliver = await startApp({ retry: true });
    const pr = agentPullRequestRecord();
    approve(pr);
    installationToken();
    checkRunWrite(pr, 557);
    pullRequestQuery(pr, [testsPassed], { status: 502 });
    pullRequestQuery(pr, [testsPassed]);
    const write = checkRunWrite(pr, 557, 557);

    await deliver('pull_request', pullRequestEvent(source(pr), REPO, pr.number, 'opened'));

    expectCleanRun();
    expect(write.bodies).toHaveLength(1);
    expect(write.bodies[0]).toMatchObject({ name: 'proofgate', status: 'completed', conclusion: 'success' });
  });
});
