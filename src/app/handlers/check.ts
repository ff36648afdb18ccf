/**
 * check_run and check_suite.
 *
 * - check_run.completed: another app's check finished; it matters only when
 *   a check proof of the policy can count it (decided from cached hints, else
 *   after loading). proofgate's own runs are skipped: evaluating them would
 *   re-trigger itself.
 * - check_run.created: another app's check started, also as a re-run of one
 *   that passed. GitHub then shows the new run as the check's latest, so a
 *   green verdict that counted the old run no longer holds until it finishes.
 *   Skipped like a completed run, and only then: whether proofgate's check
 *   passes is GitHub's to say (another replica may have written it since this
 *   process last did), so the evaluation reads it rather than a memory of it.
 * - check_suite.completed is not handled: GitHub sends check_run.completed
 *   for every run of the suite, the last one just before the suite's own
 *   event, so evaluating the suite too would read and write the same verdict
 *   twice. A suite names no check, so it carries nothing a run does not.
 * - rerequested (proofgate's own run or suite: "Re-run") and requested_action
 *   (the "Re-evaluate" button): evaluate again.
 */
import type { Context } from 'probot';
import { REEVALUATE_ACTION } from '../../gate/run-gate.js';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';
import { numberAt, objectAt, repositoryOf, stringAt, unusable, type Json } from './payload.js';
import { listedPullRequests, pullRequestsForCommit } from './targets.js';

export const CHECK_RUN_EVENTS = ['check_run.completed', 'check_run.created', 'check_run.rerequested', 'check_run.requested_action'] as const;
export const CHECK_SUITE_EVENTS = ['check_suite.rerequested'] as const;

/** The `app` of a check run or suite, as far as the payload says. */
function appOf(value: Json | null): { id: number | null; slug: string | null } | null {
  const app = objectAt(value, 'app');
  return app ? { id: numberAt(app, 'id'), slug: stringAt(app, 'slug') } : null;
}

export async function onCheckRun(context: Context<'check_run'>, gate: GateService): Promise<void> {
  const payload: unknown = context.payload;
  const ctx = eventContext(context);
  const run = objectAt(payload, 'check_run');
  if (!run) throw unusable(ctx.event, 'check_run');
  const repository = repositoryOf(payload, ctx.event);
  const headSha = stringAt(run, 'head_sha');
  if (!headSha) throw unusable(ctx.event, 'check_run.head_sha');
  const app = appOf(run);
  const name = stringAt(run, 'name') ?? '';
  const fromThisApp = await gate.isOwnApp(app);
  const action = stringAt(payload, 'action');
  if (action === 'completed' || action === 'created') {
    if (fromThisApp) {
      ctx.log.debug({ event: ctx.event }, 'proofgate: skipped its own check run');
      return;
    }
    const signal = { kind: 'check-run' as const, name, app: app?.slug ?? null };
    await gate.submit(ctx, await pullRequestsForCommit(ctx, gate, repository, headSha, listedPullRequests(run.pull_requests), signal));
    return;
  }
  if (!fromThisApp || name !== gate.checkName) {
    ctx.log.debug({ event: ctx.event, name }, 'proofgate: skipped, not its own check run');
    return;
  }
  if (action === 'requested_action' && stringAt(objectAt(payload, 'requested_action'), 'identifier') !== REEVALUATE_ACTION.identifier) {
    ctx.log.debug({ event: ctx.event }, 'proofgate: skipped, unknown check-run action');
    return;
  }
  await gate.submit(ctx, await pullRequestsForCommit(ctx, gate, repository, headSha, listedPullRequests(run.pull_requests), { kind: 'always' }));
}

export async function onCheckSuite(context: Context<'check_suite'>, gate: GateService): Promise<void> {
  const payload: unknown = context.payload;
  const ctx = eventContext(context);
  const suite = objectAt(payload, 'check_suite');
  if (!suite) throw unusable(ctx.event, 'check_suite');
  const repository = repositoryOf(payload, ctx.event);
  const headSha = stringAt(suite, 'head_sha');
  if (!headSha) throw unusable(ctx.event, 'check_suite.head_sha');
  const action = stringAt(payload, 'action');
  if (action !== 'rerequested' || !(await gate.isOwnApp(appOf(suite)))) {
    ctx.log.debug({ event: ctx.event }, 'proofgate: skipped, not a re-run of its own check suite');
    return;
  }
  await gate.submit(ctx, await pullRequestsForCommit(ctx, gate, repository, headSha, listedPullRequests(suite.pull_requests), { kind: 'always' }));
}
