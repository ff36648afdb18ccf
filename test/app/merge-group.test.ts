/**
 * Merge queues: GitHub asks for checks on each merge group commit with
 * `merge_group.checks_requested`. proofgate's check there passes only when
 * every pull request the group carries (its own entry and the entries ahead of
 * it that have not merged) passes its own gate; anything else fails, since
 * nothing re-evaluates a merge group later.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { startHarness, type Harness } from './support/harness.js';
import { mergeGroupEvent } from './support/payloads.js';
import { BOB, POLICY, proofgateRuns, theCheckRun } from './support/scenario.js';

const REPO = 'acme/widgets';
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

/** A pull request into main that passes the gate (tests green, approved) or misses its review. */
function pullRequest(number: number, approved: boolean): void {
  const { pr } = addAgentPullRequest(h.fake, { policy: POLICY, number });
  if (approved) h.fake.addReview(REPO, pr.number, { author: BOB, state: 'APPROVED' });
}

describe('merge_group.checks_requested', () => {
  it('passes a group whose one pull request passes, with its receipt, in one queue read, one load and one write', async () => {
    pullRequest(1, true);
    const [entry] = h.fake.enqueue(REPO, [1]);
    const payload = mergeGroupEvent(REPO, entry!);
    expect(payload.action).toBe('checks_requested');
    await h.deliver('merge_group', payload);

    const graphql = h.fake.callsTo({ path: '/graphql' }).map((c) => (c.body as { query: string }).query.match(/query (\w+)/)?.[1]);
    expect(graphql).toEqual(['ProofgateMergeGroup', 'ProofgatePullRequest']);
    const { run, receipt } = theCheckRun(h.fake, REPO, entry!.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success', actions: [] });
    expect(run.output.title).toBe('Merge group: #1 passes the gate');
    expect(run.output.summary).toContain('| #1 | success |');
    expect(receipt.pullRequest?.number).toBe(1);
    expect(receipt.conclusion).toBe('success');
  });

  it('fails a group when a pull request ahead of its own entry does not pass: the group carries it too', async () => {
    pullRequest(1, false);
    pullRequest(2, true);
    const [first, second] = h.fake.enqueue(REPO, [1, 2]);
    expect(second!.baseSha).toBe(first!.headSha);
    await h.deliver('merge_group', mergeGroupEvent(REPO, second!));

    const { run, receipt } = theCheckRun(h.fake, REPO, second!.headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('Merge group: #1 does not pass: Waiting for 1 proof: review');
    expect(run.output.summary).toContain('| #1 | pending (not passing) |');
    expect(run.output.summary).toContain('| #2 | success |');
    expect(receipt.pullRequest?.number).toBe(1);
  });

  it('fails, never waits, when its pull request is still missing a proof', async () => {
    pullRequest(1, false);
    const [entry] = h.fake.enqueue(REPO, [1]);
    await h.deliver('merge_group', mergeGroupEvent(REPO, entry!));
    const { run } = theCheckRun(h.fake, REPO, entry!.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('without "Merge queues: Read-only", a group on the branch tip still resolves from its ref; one built on another entry fails and says what to grant', async () => {
    pullRequest(1, true);
    pullRequest(2, true);
    const [first, second] = h.fake.enqueue(REPO, [1, 2]);
    h.fake.permissions.merge_queues = 'none';

    await h.deliver('merge_group', mergeGroupEvent(REPO, first!));
    expect(theCheckRun(h.fake, REPO, first!.headSha).run.conclusion).toBe('success');

    await h.deliver('merge_group', mergeGroupEvent(REPO, second!));
    const { run } = theCheckRun(h.fake, REPO, second!.headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toContain(`proofgate cannot tell which pull requests merge group ${second!.headSha.slice(0, 7)} carries`);
    expect(run.output.title).toContain('grant "Merge queues: Read-only" to read the main merge queue');
    expect(run.output.summary).toContain(`only a group built on the branch's tip is known, and this one is built on ${first!.headSha.slice(0, 7)}`);
  });

  it('fails a group whose chain of entries does not end on the branch tip: an entry ahead left the queue, its commits stay in the group', async () => {
    pullRequest(1, false);
    pullRequest(2, true);
    const [first, second] = h.fake.enqueue(REPO, [1, 2]);
    // #1 leaves the queue unmerged; #2's group commit, still built on #1's, carries #1's changes.
    h.fake.repository(REPO).mergeQueues.set('main', [second!]);
    await h.deliver('merge_group', mergeGroupEvent(REPO, second!));
    const { run } = theCheckRun(h.fake, REPO, second!.headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toContain(`proofgate cannot tell which pull requests merge group ${second!.headSha.slice(0, 7)} carries`);
    expect(run.output.summary).toContain(`#2, is built on ${first!.headSha.slice(0, 7)}, not on the tip of main`);
  });

  it('passes a group whose entry ahead has just merged while the queue listing still shows it: the walk stops at the tip', async () => {
    pullRequest(1, false);
    pullRequest(2, true);
    const [first, second] = h.fake.enqueue(REPO, [1, 2]);
    // #1 merged: the branch's tip is its group commit; the listing has not caught up.
    h.fake.setBranch(REPO, 'main', first!.headSha);
    await h.deliver('merge_group', mergeGroupEvent(REPO, second!));
    const { run } = theCheckRun(h.fake, REPO, second!.headSha);
    expect(run.conclusion).toBe('success');
    expect(run.output.summary).toContain('#2');
    expect(run.output.summary).not.toContain('#1');
  });

  it('fails a group whose bottom entry sits on an older commit of the branch: the branch moved', async () => {
    pullRequest(1, true);
    const [entry] = h.fake.enqueue(REPO, [1]);
    const moved = h.fake.setBranch(REPO, 'main');
    await h.deliver('merge_group', mergeGroupEvent(REPO, entry!));
    const { run } = theCheckRun(h.fake, REPO, entry!.headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain(`not on the tip of main (${moved.slice(0, 7)})`);
  });

  it('fails a group that is no longer in the queue', async () => {
    pullRequest(1, true);
    const [entry] = h.fake.enqueue(REPO, [1]);
    h.fake.repository(REPO).mergeQueues.set('main', []);
    await h.deliver('merge_group', mergeGroupEvent(REPO, entry!));
    const runs = proofgateRuns(h.fake, REPO, entry!.headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ conclusion: 'failure' });
    expect(runs[0]!.output.title).toContain('no entry of the main merge queue has this commit');
  });
});
