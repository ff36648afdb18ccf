/** status: a commit status changed; it matters only when a check proof can count its context. */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';
import { repositoryOf, stringAt, unusable } from './payload.js';
import { pullRequestsForCommit } from './targets.js';

export async function onStatus(context: Context<'status'>, gate: GateService): Promise<void> {
  const payload: unknown = context.payload;
  const ctx = eventContext(context);
  const repository = repositoryOf(payload, ctx.event);
  const sha = stringAt(payload, 'sha');
  if (!sha) throw unusable(ctx.event, 'sha');
  // A status without a context cannot match any check proof's name; it is still evaluated (nothing to skip on).
  const statusContext = stringAt(payload, 'context');
  const signal = statusContext !== null ? { kind: 'status' as const, context: statusContext } : { kind: 'always' as const };
  // Statuses name no pull request: find the open ones whose head is this commit.
  const targets = await pullRequestsForCommit(ctx, gate, repository, sha, [], signal);
  await gate.submit(ctx, targets);
}
