/**
 * push: a change to the policy file on a branch re-evaluates the open pull
 * requests into that branch. Their verdicts (and the hints about which check
 * names matter) were computed under the old policy, and without this they
 * would keep them until their own next event. A deleted branch re-evaluates
 * the open pull requests that were based on it (onDeletedBranch).
 *
 * Only the payload decides whether to look: a tag, a new branch, or a push
 * whose commits leave the policy untouched costs no API call. When
 * the payload cannot show that the policy is untouched (a force push, which
 * can revert it without listing a commit; a commit list that may be cut
 * short), the push counts as a policy change.
 */
import type { Context } from 'probot';
import { findOpenPullRequestsIntoBranch, findOpenPullRequestsOffDeletedBranch } from '../../github/open-pulls.js';
import type { GateService } from '../gate-service.js';
import { withRetries } from '../retry.js';
import { eventContext } from './context.js';
import { repositoryOf } from './payload.js';

/**
 * A push webhook lists at most this many commits (the 20-commit cap applies to
 * timeline events, not webhook deliveries); a list this long may be cut short.
 */
export const PUSH_COMMITS_SHOWN = 2048;

/** The default policy file and its `.yaml` spelling; a changed one of these is worth a re-evaluation. */
const KNOWN_POLICY_PATHS = ['.github/proofgate.yml', '.github/proofgate.yaml'];

/** The parts of a push payload this handler reads (GitHub's webhook type, loosened where payloads vary). */
export interface PushPayload {
  ref: string;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  commits?: ReadonlyArray<{ added?: readonly string[]; modified?: readonly string[]; removed?: readonly string[] }> | null;
}

export async function onPush(context: Context<'push'>, gate: GateService): Promise<void> {
  const payload = context.payload as Partial<typeof context.payload>;
  const ctx = eventContext(context);
  const branch = typeof payload.ref === 'string' ? branchOf(payload.ref) : null;
  if (branch === null) {
    ctx.log.debug({ event: ctx.event, ref: payload.ref }, 'proofgate: skipped, the push is not to a branch');
    return;
  }
  if (payload.created) {
    // A new branch cannot be the base of an open pull request yet.
    ctx.log.debug({ event: ctx.event, branch }, 'proofgate: skipped, the branch was created');
    return;
  }
  if (payload.deleted) return onDeletedBranch(context, gate, branch);
  const reason = policyChange(payload as PushPayload, policyPaths(gate.policyPath));
  if (reason === null) {
    ctx.log.debug({ event: ctx.event, branch }, 'proofgate: skipped, the push does not change the policy');
    return;
  }

  const { owner, name: repo } = repositoryOf(payload, ctx.event);
  const { pullRequests, complete } = await withRetries(() => findOpenPullRequestsIntoBranch(ctx.client, owner, repo, branch), gate.retry);
  if (!complete) {
    ctx.log.warn(
      { event: ctx.event, branch, listed: pullRequests.length },
      `proofgate: ${branch} has more open pull requests than are listed; the ${pullRequests.length} most recently opened are re-evaluated, the rest on their next event`,
    );
  }
  if (pullRequests.length === 0) {
    ctx.log.debug({ event: ctx.event, branch }, `proofgate: ${reason}; no open pull requests into ${branch}`);
    return;
  }
  ctx.log.info(
    { event: ctx.event, branch, pullRequests: pullRequests.map((pr) => pr.number) },
    `proofgate: ${reason}; re-evaluating ${pullRequests.length} open pull request${pullRequests.length === 1 ? '' : 's'} into ${branch}`,
  );
  const targets = pullRequests.map((pr) => ({ owner, repo, number: pr.number, headSha: pr.headSha, signal: { kind: 'always' as const } }));
  gate.forgetHints(targets);
  await gate.submit(ctx, targets);
}

/** `refs/heads/<name>` → `<name>`; null for tags and other refs. */
export function branchOf(ref: string): string | null {
  const prefix = 'refs/heads/';
  return ref.startsWith(prefix) && ref.length > prefix.length ? ref.slice(prefix.length) : null;
}

export function policyPaths(configured: string): Set<string> {
  return new Set([configured, ...KNOWN_POLICY_PATHS]);
}

/**
 * Why the push may have changed the policy, or null when its payload shows it
 * did not. Fails towards re-evaluating whenever the payload is incomplete.
 */
export function policyChange(payload: PushPayload, paths: ReadonlySet<string>): string | null {
  if (payload.forced) return 'a force push may have changed the policy';
  const commits = payload.commits;
  if (!Array.isArray(commits) || commits.length === 0) return 'the push lists no commits, so the policy may have changed';
  if (commits.length >= PUSH_COMMITS_SHOWN) return `the push lists ${commits.length} commits and may list only some, so the policy may have changed`;
  for (const commit of commits) {
    const { added, modified, removed } = commit as { added?: unknown; modified?: unknown; removed?: unknown };
    if (!Array.isArray(added) || !Array.isArray(modified) || !Array.isArray(removed)) {
      return 'a commit in the push does not list its files, so the policy may have changed';
    }
    const files: unknown[] = [...(added as unknown[]), ...(modified as unknown[]), ...(removed as unknown[])];
    const touched = files.find((path): path is string => typeof path === 'string' && paths.has(path));
    if (touched !== undefined) return `the push changed ${touched}`;
  }
  return null;
}

/**
 * A deleted branch: GitHub closes the pull requests based on it, or, when it was a
 * merged pull request's branch, moves them onto that pull request's base, without
 * a `pull_request` event for every such move. Their checks were written under the
 * deleted branch's policy, for its diff: each goes in progress at once and is
 * evaluated again (one still based on the deleted branch fails, its policy
 * unreadable, until GitHub moves it and an event evaluates it).
 */
async function onDeletedBranch(context: Context<'push'>, gate: GateService, branch: string): Promise<void> {
  const ctx = eventContext(context);
  const { owner, name: repo } = repositoryOf(context.payload, ctx.event);
  const { pullRequests, complete } = await withRetries(() => findOpenPullRequestsOffDeletedBranch(ctx.client, owner, repo, branch), gate.retry);
  if (!complete) {
    ctx.log.warn(
      { event: ctx.event, branch, listed: pullRequests.length },
      `proofgate: more open pull requests are into the branches listed than are read; those moved off the deleted ${branch} beyond them are re-evaluated on their next event`,
    );
  }
  if (pullRequests.length === 0) {
    ctx.log.debug({ event: ctx.event, branch }, `proofgate: ${branch} was deleted; no open pull request was based on it`);
    return;
  }
  ctx.log.info(
    { event: ctx.event, branch, pullRequests: pullRequests.map((pr) => pr.number) },
    `proofgate: ${branch} was deleted; re-evaluating ${pullRequests.length} open pull request${pullRequests.length === 1 ? '' : 's'} based on it`,
  );
  const targets = pullRequests.map((pr) => ({ owner, repo, number: pr.number, headSha: pr.headSha, baseChanged: true, signal: { kind: 'always' as const } }));
  gate.forgetHints(targets);
  await gate.submit(ctx, targets);
}
