/** pull_request_review: submitted, edited, dismissed. An approval can turn the gate green without a push. */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';

export const REVIEW_EVENTS = [
  'pull_request_review.submitted',
  'pull_request_review.edited',
  'pull_request_review.dismissed',
] as const;

export async function onReview(context: Context<'pull_request_review'>, gate: GateService): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  await gate.submit(eventContext(context), [
    { owner: payload.repository.owner.login, repo: payload.repository.name, number: pr.number, headSha: pr.head.sha, signal: { kind: 'always' } },
  ]);
}
