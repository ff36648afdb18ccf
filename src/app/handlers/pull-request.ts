/**
 * pull_request: opened, synchronize, reopened, ready_for_review, and edited
 * when the base branch changed (a new base means a new policy and new routes;
 * a title or body edit changes nothing proofgate reads).
 */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';

export const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
  'pull_request.edited',
] as const;

export async function onPullRequest(context: Context<'pull_request'>, gate: GateService): Promise<void> {
  const { payload } = context;
  if (payload.action === 'edited' && !('changes' in payload && payload.changes.base)) {
    context.log.debug({ event: 'pull_request.edited' }, 'proofgate: skipped, the base branch did not change');
    return;
  }
  const pr = payload.pull_request;
  await gate.submit(eventContext(context), [
    { owner: payload.repository.owner.login, repo: payload.repository.name, number: pr.number, headSha: pr.head.sha, signal: { kind: 'always' } },
  ]);
}
