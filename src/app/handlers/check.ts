/**
 * check_run and check_suite.
 *
 * - check_run.completed: another app's check finished; it matters only when
 *   a check proof of the policy can count it (decided from cached hints, else
 *   after loading). proofgate's own runs are skipped: evaluating them would
 *   re-trigger itself.
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
import { pullRequestsForCommit } from './targets.js';

export const CHECK_RUN_EVENTS = ['check_run.completed', 'check_run.rerequested', 'check_run.requested_action'] as const;
export const CHECK_SUITE_EVENTS = ['check_suite.rerequested'] as const;

export async function onCheckRun(context: Context<'check_run'>, gate: GateService): Promise<void> {
  const { payload } = context;
  const run = payload.check_run;
  const fromThisApp = await gate.isOwnApp(run.app);
  const ctx = eventContext(context);
  if (payload.action === 'completed') {
    if (fromThisApp) {
      ctx.log.debug({ event: ctx.event }, 'proofgate: skipped its own check run');
      return;
    }
    const signal = { kind: 'check-run' as const, name: run.name, app: run.app?.slug ?? null };
    await gate.submit(ctx, await pullRequestsForCommit(ctx, payload.repository, run.head_sha, run.pull_requests, signal));
    return;
  }
  if (!fromThisApp || run.name !== gate.checkName) {
    ctx.log.debug({ event: ctx.event, name: run.name }, 'proofgate: skipped, not its own check run');
    return;
  }
  if (payload.action === 'requested_action' && payload.requested_action?.identifier !== REEVALUATE_ACTION.identifier) {
    ctx.log.debug({ event: ctx.event }, 'proofgate: skipped, unknown check-run action');
    return;
  }
  await gate.submit(ctx, await pullRequestsForCommit(ctx, payload.repository, run.head_sha, run.pull_requests, { kind: 'always' }));
}

export async function onCheckSuite(context: Context<'check_suite'>, gate: GateService): Promise<void> {
  const { payload } = context;
  const suite = payload.check_suite;
  const ctx = eventContext(context);
  if (payload.action !== 'rerequested' || !(await gate.isOwnApp(suite.app))) {
    ctx.log.debug({ event: ctx.event }, 'proofgate: skipped, not a re-run of its own check suite');
    return;
  }
  await gate.submit(ctx, await pullRequestsForCommit(ctx, payload.repository, suite.head_sha, suite.pull_requests, { kind: 'always' }));
}
