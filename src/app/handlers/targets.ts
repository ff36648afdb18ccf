/**
 * The open pull requests a commit-level event (check run, check suite,
 * status) belongs to. The payload lists them for same-repository heads; for a
 * fork head it lists none, so they are found by SHA (one GraphQL query).
 */
import { findOpenPullRequestsForSha } from '../../github/pulls-for-sha.js';
import type { EventContext, PullRequestTarget } from '../gate-service.js';
import type { Signal } from '../relevance.js';

export interface ListedPullRequest {
  number: number;
  head: { sha: string };
  base: { repo: { id: number } };
}

export async function pullRequestsForCommit(
  ctx: EventContext,
  repository: { id: number; name: string; owner: { login: string } },
  sha: string,
  listed: readonly ListedPullRequest[],
  signal: Signal,
): Promise<PullRequestTarget[]> {
  const owner = repository.owner.login;
  const repo = repository.name;
  // The payload can also list PRs of other repositories that share the head branch.
  const own = listed.filter((pr) => pr.base.repo.id === repository.id);
  const found = own.length > 0
    ? own.map((pr) => ({ number: pr.number, headSha: pr.head.sha }))
    : await findOpenPullRequestsForSha(ctx.client, owner, repo, sha);
  return found.map((pr) => ({ owner, repo, number: pr.number, headSha: sha, signal }));
}
