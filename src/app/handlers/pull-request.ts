/**
 * pull_request: opened, synchronize, reopened, ready_for_review, and edited
 * when the base branch changed (a new base means a new policy and new routes)
 * or the description did (it is PR-level evidence: an agent footer or session
 * link added to it makes commits without evidence agent commits). A title
 * edit changes nothing proofgate reads.
 */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';
import { numberAt, objectAt, repositoryOf, stringAt, unusable } from './payload.js';

export const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
  'pull_request.edited',
] as const;

export async function onPullRequest(context: Context<'pull_request'>, gate: GateService): Promise<void> {
  const payload: unknown = context.payload;
  const ctx = eventContext(context);
  const changes = objectAt(payload, 'changes');
  if (stringAt(payload, 'action') === 'edited' && !objectAt(changes, 'base') && !objectAt(changes, 'body')) {
    ctx.log.debug({ event: 'pull_request.edited' }, 'proofgate: skipped, neither the base branch nor the description changed');
    return;
  }
  const { owner, name: repo } = repositoryOf(payload, ctx.event);
  const pr = objectAt(payload, 'pull_request');
  const number = numberAt(pr, 'number') ?? numberAt(payload, 'number');
  if (number === null) throw unusable(ctx.event, 'pull_request.number');
  // A push's `before`: GitHub still reporting it is GitHub lagging the push, even when the new head is a commit the PR had before.
  const before = stringAt(payload, 'action') === 'synchronize' ? stringAt(payload, 'before') : null;
  const baseChanged = objectAt(changes, 'base') !== null;
  const target = { owner, repo, number, headSha: stringAt(objectAt(pr, 'head'), 'sha'), before, baseChanged, signal: { kind: 'always' as const } };
  // Which check names matter was learnt under the old base's policy (as after a push that changes the policy).
  if (baseChanged) gate.forgetHints([target]);
  await gate.submit(ctx, [target]);
}
