/**
 * merge_group.checks_requested: a merge queue built a merge group commit and
 * waits for its required checks. proofgate's check on that commit passes only
 * when every pull request the group carries passes its own gate
 * (src/gate/merge-group.ts). Other actions (`destroyed`) need no check.
 */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';
import { objectAt, repositoryOf, stringAt, unusable } from './payload.js';

export const MERGE_GROUP_EVENTS = ['merge_group.checks_requested'] as const;

export async function onMergeGroup(context: Context<'merge_group'>, gate: GateService): Promise<void> {
  const payload: unknown = context.payload;
  const ctx = eventContext(context);
  const group = objectAt(payload, 'merge_group');
  if (!group) throw unusable(ctx.event, 'merge_group');
  const repository = repositoryOf(payload, ctx.event);
  const field = (name: string): string => {
    const value = stringAt(group, name);
    if (!value) throw unusable(ctx.event, `merge_group.${name}`);
    return value;
  };
  const target = { headSha: field('head_sha'), headRef: field('head_ref'), baseSha: field('base_sha'), baseRef: field('base_ref') };
  const result = await gate.mergeGroup(ctx, { owner: repository.owner, repo: repository.name }, target);
  ctx.log.info(
    { event: ctx.event, group: target.headSha, pullRequests: result.members.map((m) => m.number), conclusion: result.conclusion },
    `proofgate: ${result.title}`,
  );
}
