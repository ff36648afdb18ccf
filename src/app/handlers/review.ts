/** pull_request_review: submitted, edited, dismissed. An approval can turn the gate green without a push. */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';
import { numberAt, objectAt, repositoryOf, stringAt, unusable } from './payload.js';

export const REVIEW_EVENTS = ['pull_request_review.submitted', 'pull_request_review.edited', 'pull_request_review.dismissed'] as const;

export async function onReview(context: Context<'pull_request_review'>, gate: GateService): Promise<void> {
  const payload: unknown = context.payload;
  const ctx = eventContext(context);
  const { owner, name: repo } = repositoryOf(payload, ctx.event);
  const pr = objectAt(payload, 'pull_request');
  const number = numberAt(pr, 'number');
  if (number === null) throw unusable(ctx.event, 'pull_request.number');
  await gate.submit(ctx, [{ owner, repo, number, headSha: stringAt(objectAt(pr, 'head'), 'sha'), signal: { kind: 'always' } }]);
}
