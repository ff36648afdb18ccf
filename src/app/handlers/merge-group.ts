/**
 * merge_group.checks_requested: a merge queue built a merge group commit and
 * waits for its required checks. proofgate's check on that commit passes only
 * when every pull request the group carries passes its own gate
 * (src/gate/merge-group.ts). Other actions (`destroyed`) need no check.
 */
import type { Context } from 'probot';
import type { GateService } from '../gate-service.js';
import { eventContext } from './context.js';

export const MERGE_GROUP_EVENTS = ['merge_group.checks_requested'] as const;

export async function onMergeGroup(context: Context<'merge_group'>, gate: GateService): Promise<void> {
  const { payload } = context;
  const ctx = eventContext(context);
  const group = payload.merge_group;
  const repository = payload.repository;
  if (!repository) {
    ctx.log.warn({ event: ctx.event }, 'proofgate: skipped, the merge_group payload names no repository');
    return;
  }
  const owner = repository.owner?.login ?? repository.full_name.split('/')[0]!;
  const result = await gate.mergeGroup(ctx, { owner, repo: repository.name }, {
    headSha: group.head_sha,
    headRef: group.head_ref,
    baseSha: group.base_sha,
    baseRef: group.base_ref,
  });
  ctx.log.info(
    { event: ctx.event, group: group.head_sha, pullRequests: result.members.map((m) => m.number), conclusion: result.conclusion },
    `proofgate: ${result.title}`,
  );
}
