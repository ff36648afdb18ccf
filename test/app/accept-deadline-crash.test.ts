/**
 * End to end with the real server: an event that waits for an evaluation slot
 * past the 9 s after which the webhook is answered "202 still processing" is,
 * for GitHub, delivered. If the process then dies (a crash, a deploy's SIGKILL
 * after the drain timeout), the event is lost for good, so by then the check
 * must already be off the green it showed before the event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub, type Hold } from '../support/fake-github/index.js';
import { privateKey } from './support/harness.js';
import { pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, POLICY, shownRun } from './support/scenario.js';
import { bundleServer, sendWebhook, startServerProcess, type ServerProcess } from './support/server-process.js';

const SECRET = 'deadline-webhook-secret';
/** DEFAULT_SETTINGS.maxEvaluationsPerInstallation. */
const SLOTS = 8;
let fake: FakeGitHub;
let server: ServerProcess;

beforeAll(async () => {
  fake = await startFakeGitHub();
  server = await startServerProcess(await bundleServer(), {
    APP_ID: String(fake.app.id),
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: new URL(fake.url).host,
    GHE_PROTOCOL: 'http',
  });
});

afterAll(async () => {
  fake.clearFailures();
  server.child.kill('SIGKILL');
  await fake.close();
});

describe('an event answered 202 while it waits for a slot, then the process dies', () => {
  it('does not leave the old green standing on the head', async () => {
    const one = addAgentPullRequest(fake, { policy: POLICY });
    fake.addReview(one.repo, one.pr.number, { author: BOB, state: 'APPROVED' });
    expect((await sendWebhook(server.url, 'pull_request', pullRequestEvent(fake, one.repo, one.pr.number, 'opened'), SECRET)).status).toBe(200);
    expect(shownRun(fake, one.repo, one.headSha)).toMatchObject({ status: 'completed', conclusion: 'success' });

    // A burst on other PRs of the installation: each evaluation's read is slow and holds a slot.
    const holds: Hold[] = [];
    const busy: Array<Promise<unknown>> = [];
    for (let i = 0; i < SLOTS; i++) {
      const other = addAgentPullRequest(fake, { repo: `acme/busy-${i}`, policy: POLICY });
      holds.push(fake.holdNext({ path: '/graphql' }));
      busy.push(sendWebhook(server.url, 'pull_request', pullRequestEvent(fake, other.repo, other.pr.number, 'opened'), SECRET).catch(() => null));
    }
    await Promise.all(holds.map((h) => h.arrived));

    // The approval on PR 1 is dismissed: the check must not stay green.
    fake.pullRequest(one.repo, one.pr.number).reviews[0]!.state = 'DISMISSED';
    const answer = await sendWebhook(server.url, 'pull_request_review', reviewEvent(fake, one.repo, one.pr.number, 'dismissed'), SECRET);
    // GitHub records a 2xx as delivered and never sends it again.
    expect(answer.status).toBe(202);
    server.child.kill('SIGKILL');
    for (const h of holds) h.release();
    await Promise.all(busy);

    expect(shownRun(fake, one.repo, one.headSha)).not.toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 60_000);
});
