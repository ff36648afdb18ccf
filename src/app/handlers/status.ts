/** status: a commit status changed; it matters only when a check proof can count its context. */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';
import { pullRequestsForCommit } from './targets.js';

export async function onStatus(context: Context<'status'>, gate: GateService): Promise<void> {
  const { payload } = context;
  const ctx = eventContext(context);
  // Statuses name no pull request: find the open ones whose head is this commit.
  const targets = await pullRequestsForCommit(ctx, payload.repository, payload.sha, [], { kind: 'status', context: payload.context });
  await gate.submit(ctx, targets);
}
