/**
 * Two replicas of the App (two real server processes) against one fake
 * GitHub, with their loads and writes interleaved: replica 1 loads the pull
 * request, replica 2 handles a newer event and writes its verdict, then
 * replica 1's slow write lands last. The check GitHub shows (the newest run
 * of the name) must carry the verdict from the newest data.
 *
 * The mechanism (src/app/marks.ts): each accepted event creates its own
 * in-progress run before it loads, and its verdict goes to that run only. A
 * stale write lands on a run GitHub no longer shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { GITHUB_ACTIONS_APP, startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { privateKey } from './support/harness.js';
import { checkRunEvent, pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, POLICY, proofgateRuns, shownRun, theCheckRun } from './support/scenario.js';
import { bundleServer, sendWebhook, startServerProcess, type ServerProcess } from './support/server-process.js';

const SECRET = 'replica-secret';
let fake: FakeGitHub;
let replicas: ServerProcess[] = [];

beforeAll(async () => {
  fake = await startFakeGitHub();
  const script = await bundleServer();
  const env = {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
    PROOFGATE_REDELIVERY_SECONDS: '0',
  };
  replicas = await Promise.all([startServerProcess(script, env), startServerProcess(script, env)]);
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await fake?.close();
});

/** The next verdict written to a check run (a create or an update, not an in-progress mark) is held until released. */
const verdictWrite = (call: { method: string; path: string; body: unknown }): boolean =>
  /\/check-runs(\/\d+)?$/.test(call.path) &&
  ['POST', 'PATCH'].includes(call.method) &&
  (call.body as { output?: { title?: string } } | null)?.output?.title !== 'Evaluating';

describe('two replicas with interleaved loads and writes', () => {
  it('a dismissal handled by replica 2 while replica 1 writes a stale approval: the check ends pending, not success', async () => {
    const [one, two] = replicas as [ServerProcess, ServerProcess];
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 1 });
    const approval = fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });

    // Replica 1 loads the approved PR; its success write is held (a slow request).
    const held = fake.holdNext(verdictWrite);
    const first = sendWebhook(one.url, 'pull_request_review', reviewEvent(fake, repo, pr.number, 'submitted'), SECRET);
    await held.arrived;

    // Replica 2 handles the dismissal and writes pending while replica 1's write is in flight.
    approval.state = 'DISMISSED';
    const second = await sendWebhook(two.url, 'pull_request_review', reviewEvent(fake, repo, pr.number, 'dismissed'), SECRET);
    expect(second.status).toBe(200);

    // Replica 1's slow write lands last.
    held.release();
    expect((await first).status).toBe(200);

    const runs = proofgateRuns(fake, repo, headSha);
    const stale = runs.find((r) => r.conclusion === 'success');
    expect(stale, 'replica 1 did write success, after replica 2').toBeDefined();
    const { run, receipt } = theCheckRun(fake, repo, headSha);
    expect(run.id).toBeGreaterThan(stale!.id);
    expect(run.status).toBe('in_progress');
    expect(run.conclusion).toBeNull();
    expect(receipt.conclusion).toBe('pending');
    expect(run.output.title).toBe('Waiting for 1 proof: review');
  });

  it('a re-run whose tests turned red, handled by replica 2 while replica 1 writes a stale green: the check ends failing', async () => {
    const [one, two] = replicas as [ServerProcess, ServerProcess];
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 2 });
    fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    const tests = fake.checkRunsFor(repo, headSha).find((r) => r.name === 'tests')!;

    const held = fake.holdNext(verdictWrite);
    const first = sendWebhook(one.url, 'pull_request_review', reviewEvent(fake, repo, pr.number, 'submitted'), SECRET);
    await held.arrived;

    // The tests are re-run and fail: GitHub shows the new run of `tests`.
    const rerun = fake.setCheckRun(repo, { headSha, name: 'tests', conclusion: 'failure', app: GITHUB_ACTIONS_APP });
    expect(rerun.id).toBeGreaterThan(tests.id);
    const second = await sendWebhook(
      two.url,
      'check_run',
      checkRunEvent(fake, repo, 'completed', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number] }),
      SECRET,
    );
    expect(second.status).toBe(200);

    held.release();
    expect((await first).status).toBe(200);

    expect(proofgateRuns(fake, repo, headSha).some((r) => r.conclusion === 'success')).toBe(true);
    const shown = shownRun(fake, repo, headSha);
    expect(shown).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('a required check that starts again, sent to the replica that last saw the check waiting: the green replica 2 wrote goes off green', async () => {
    const [one, two] = replicas as [ServerProcess, ServerProcess];
    const { repo, pr, headSha } = addAgentPullRequest(fake, { policy: POLICY, number: 3 });

    // Replica 1 evaluates the unreviewed pull request: waiting for the review.
    expect((await sendWebhook(one.url, 'pull_request', pullRequestEvent(fake, repo, pr.number, 'opened'), SECRET)).status).toBe(200);
    expect(shownRun(fake, repo, headSha)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for 1 proof: review' } });

    // Replica 2 handles the approval: green.
    fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    expect((await sendWebhook(two.url, 'pull_request_review', reviewEvent(fake, repo, pr.number, 'submitted'), SECRET)).status).toBe(200);
    expect(shownRun(fake, repo, headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });

    // `tests` runs again; GitHub sends its start to replica 1, which last saw the check not passing.
    fake.setCheckRun(repo, { headSha, name: 'tests', status: 'in_progress', app: GITHUB_ACTIONS_APP });
    const started = checkRunEvent(fake, repo, 'created', { name: 'tests', headSha, app: GITHUB_ACTIONS_APP, pullRequests: [pr.number], conclusion: null });
    expect((await sendWebhook(one.url, 'check_run', started, SECRET)).status).toBe(200);
    expect(shownRun(fake, repo, headSha)).toMatchObject({ status: 'in_progress' });
  });
});
