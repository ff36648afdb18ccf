/**
 * One Octokit per installation for its events (src/app/event-octokits.ts):
 * kept across events, given up for events about the installation itself and
 * after a failure, and still authenticated with a fresh installation token
 * once Probot's cached one has expired.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Context } from 'probot';
import { reuseEventOctokits } from '../../src/app/event-octokits.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { pullRequestEvent, reviewEvent } from './support/payloads.js';
import { BOB, POLICY, theCheckRun } from './support/scenario.js';

/** An App Octokit whose `auth` makes a numbered client per call, as Probot's makes an Octokit per event. */
function appOctokit(fail: (options: unknown) => boolean = () => false) {
  let made = 0;
  const calls: unknown[] = [];
  const octokit = {
    auth: (options?: unknown): Promise<unknown> => {
      calls.push(options);
      return fail(options) ? Promise.reject(new Error('no token')) : Promise.resolve({ client: ++made });
    },
  };
  reuseEventOctokits(octokit);
  return { octokit, calls };
}

const event = (name: string, installation: number | null) => ({
  type: 'event-octokit',
  event: { name, payload: installation === null ? {} : { installation: { id: installation } } },
});

describe('event Octokits', () => {
  it('hands out one per installation, and passes every other kind of auth through', async () => {
    const { octokit, calls } = appOctokit();
    expect(await octokit.auth(event('pull_request', 1))).toEqual({ client: 1 });
    expect(await octokit.auth(event('check_run', 1))).toEqual({ client: 1 });
    expect(await octokit.auth(event('pull_request', 2))).toEqual({ client: 2 });
    // No installation in the payload: Probot's unauthenticated client, never kept.
    expect(await octokit.auth(event('pull_request', null))).toEqual({ client: 3 });
    expect(await octokit.auth(event('pull_request', null))).toEqual({ client: 4 });
    // An installation client asked for directly (app.auth(id)), or the App's JWT: as Probot makes them.
    expect(await octokit.auth({ type: 'installation', installationId: 1 })).toEqual({ client: 5 });
    expect(await octokit.auth({ type: 'app' })).toEqual({ client: 6 });
    expect(calls).toHaveLength(6);
  });

  it('makes a new one for an event about the installation itself (suspended, permissions changed) and drops the kept one', async () => {
    const { octokit } = appOctokit();
    expect(await octokit.auth(event('pull_request', 1))).toEqual({ client: 1 });
    expect(await octokit.auth(event('installation', 1))).toEqual({ client: 2 });
    expect(await octokit.auth(event('installation', 1))).toEqual({ client: 3 });
    expect(await octokit.auth(event('pull_request', 1))).toEqual({ client: 4 });
    expect(await octokit.auth(event('pull_request', 1))).toEqual({ client: 4 });
  });

  it('does not keep a failure', async () => {
    let failing = true;
    const { octokit } = appOctokit(() => failing);
    await expect(octokit.auth(event('pull_request', 1))).rejects.toThrow('no token');
    failing = false;
    expect(await octokit.auth(event('pull_request', 1))).toEqual({ client: 1 });
  });

  it('keeps at most the given number of installations, the least recently used going first', async () => {
    let made = 0;
    const octokit = { auth: (_options?: unknown): Promise<unknown> => Promise.resolve(++made) };
    reuseEventOctokits(octokit, 4);
    for (const id of [1, 2, 3, 4, 5, 6]) await octokit.auth(event('pull_request', id));
    expect(await octokit.auth(event('pull_request', 6))).toBe(6);
    expect(await octokit.auth(event('pull_request', 1))).toBe(7);
  });
});

describe('event Octokits in the App', () => {
  let h: Harness;
  afterEach(async () => {
    vi.useRealTimers();
    await h?.close();
  });

  it("serves an installation's events with one Octokit, which takes a new token once the cached one has expired", async () => {
    h = await startHarness();
    const seen: Array<Context['octokit']> = [];
    h.probot.on('pull_request', (context) => void seen.push(context.octokit));
    let reviewed: Context['octokit'] | null = null;
    h.probot.on('pull_request_review', (context) => void (reviewed = context.octokit));
    const { repo, pr, headSha } = addAgentPullRequest(h.fake, { policy: POLICY });
    const tokens = () => h.fake.callsTo({ method: 'POST', path: /\/access_tokens$/ }).length;

    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'opened'));
    await h.deliver('pull_request', pullRequestEvent(h.fake, repo, pr.number, 'edited'));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    expect(tokens()).toBe(1);

    // An hour on: the installation token Probot cached (for 59 minutes) is gone, and the kept Octokit asks for another.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61 * 60_000);
    h.fake.addReview(repo, pr.number, { author: BOB, state: 'APPROVED' });
    await h.deliver('pull_request_review', reviewEvent(h.fake, repo, pr.number));
    expect(seen.slice(2).every((o) => o === seen[0])).toBe(true);
    expect(reviewed).toBe(seen[0]);
    expect(tokens()).toBe(2);
    // Its requests carried the new token: the approval was read and the check went green.
    expect(theCheckRun(h.fake, repo, headSha).run).toMatchObject({ status: 'completed', conclusion: 'success' });
  });
});
