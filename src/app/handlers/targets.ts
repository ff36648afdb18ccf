/**
 * The open pull requests a commit-level event (check run, check suite,
 * status) belongs to. The payload lists them for same-repository heads; for a
 * fork head it lists none, so they are found by SHA (one GraphQL query).
 *
 * That lookup is retried; when GitHub still does not answer, the event is not
 * lost quietly: the check on the commit is marked in progress (not green)
 * and the delivery fails (503), so GitHub records it and the App asks for it
 * again (src/app/redelivery.ts).
 */
import { findOpenPullRequestsForSha, type OpenPullRequests } from '../../github/open-pulls.js';
import { describeError } from '../errors.js';
import { DeliveryError } from '../delivery-error.js';
import type { EventContext, GateService, PullRequestTarget } from '../gate-service.js';
import type { Signal } from '../relevance.js';
import { withRetries } from '../retry.js';
import { numberAt, objectAt, stringAt, type RepositoryRef } from './payload.js';

export interface ListedPullRequest {
  number: number;
  headSha: string;
  baseRepoId: number | null;
}

/** The pull requests a payload lists (`check_run.pull_requests`, `check_suite.pull_requests`), ignoring malformed entries. */
export function listedPullRequests(value: unknown): ListedPullRequest[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((pr) => {
    const number = numberAt(pr, 'number');
    const headSha = stringAt(objectAt(pr, 'head'), 'sha');
    return number !== null && headSha !== null ? [{ number, headSha, baseRepoId: numberAt(objectAt(objectAt(pr, 'base'), 'repo'), 'id') }] : [];
  });
}

export async function pullRequestsForCommit(
  ctx: EventContext,
  gate: GateService,
  repository: RepositoryRef,
  sha: string,
  listed: readonly ListedPullRequest[],
  signal: Signal,
): Promise<PullRequestTarget[]> {
  const { owner, name: repo } = repository;
  // The payload can also list PRs of other repositories that share the head branch.
  const own = listed.filter((pr) => pr.baseRepoId !== null && pr.baseRepoId === repository.id);
  if (own.length > 0) return own.map((pr) => ({ owner, repo, number: pr.number, headSha: sha, signal }));
  let found: OpenPullRequests;
  try {
    found = await withRetries(() => findOpenPullRequestsForSha(ctx.client, owner, repo, sha), gate.retry);
  } catch (error) {
    const reason = describeError(error);
    ctx.log.warn({ event: ctx.event, repo: `${owner}/${repo}`, sha, reason }, 'proofgate: could not find the pull requests of a commit');
    await gate.markUnresolved(ctx, { owner, repo, headSha: sha });
    throw new DeliveryError(
      `proofgate could not find the open pull requests of ${owner}/${repo}@${sha.slice(0, 7)} (${reason}); send this delivery again later`,
      503,
    );
  }
  if (found.complete) await gate.resolved(ctx, { owner, repo, headSha: sha }, found.pullRequests.length);
  else {
    // An older open PR beyond the listing may head this commit: its check stays in progress, never green.
    ctx.log.warn({ event: ctx.event, repo: `${owner}/${repo}`, sha }, 'proofgate: the repository has more open pull requests than are listed');
    await gate.markUnresolved(ctx, { owner, repo, headSha: sha });
  }
  return found.pullRequests.map((pr) => ({ owner, repo, number: pr.number, headSha: sha, signal }));
}
