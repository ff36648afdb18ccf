/**
 * The pull requests a merge group commit carries beyond its target branch.
 *
 * GitHub builds each merge queue entry's merge group commit on the entry ahead
 * of it (the first on the branch's tip), so the group for an entry contains
 * every entry ahead of it that has not merged yet. Which of them GitHub then
 * merges together depends on the queue's settings (with "only the head group's
 * checks" the earlier ones are never checked on their own), so the gate covers
 * all of them: the entries found by walking from the group's commit down its
 * chain of base commits, which must end on the branch's tip (any other base
 * carries commits no entry accounts for, so the group cannot be resolved).
 *
 * When the queue cannot be read (the token lacks "Merge queues: Read-only"),
 * a group built directly on the branch's tip still has one known pull request,
 * the one its ref names (`gh-readonly-queue/<branch>/pr-<number>-<base sha>`);
 * any other group cannot be resolved, and the gate says so.
 */
import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { runQuery } from './graphql.js';
import { MERGE_GROUP_QUERY } from './queries/merge-queue.js';

export interface MergeGroup {
  /** The merge group commit, where the check goes. */
  headSha: string;
  /** `refs/heads/gh-readonly-queue/<branch>/pr-<number>-<sha>`. */
  headRef: string;
  /** The commit the group was built on. */
  baseSha: string;
  /** `refs/heads/<target branch>`. */
  baseRef: string;
}

export interface MergeGroupPullRequests {
  /** In queue order, the first to merge first. */
  pullRequests: Array<{ number: number; headSha: string }>;
  /** How they were found, for the receipt's summary. */
  source: 'merge-queue' | 'group-ref';
}

interface EntryNode {
  headCommit: { oid: string } | null;
  baseCommit: { oid: string } | null;
  pullRequest: { number: number; headRefOid: string } | null;
}

interface MergeGroupData {
  repository: {
    ref: { target: { oid: string } | null } | null;
    mergeQueue: { entries: { pageInfo: { hasNextPage: boolean }; nodes: Array<EntryNode | null> | null } | null } | null;
  } | null;
}

/** The PR number the merge group's ref names: `…/gh-readonly-queue/main/pr-104-929f82…`. */
export function pullNumberOfGroupRef(headRef: string): number | null {
  const match = /(?:^|\/)gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]{40}$/.exec(headRef);
  return match ? Number(match[1]) : null;
}

export function branchOfRef(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

export async function findMergeGroupPullRequests(client: GitHubClient, owner: string, repo: string, group: MergeGroup): Promise<MergeGroupPullRequests> {
  const branch = branchOfRef(group.baseRef);
  let queueRefused = false;
  const data = await runQuery<MergeGroupData>(
    client,
    MERGE_GROUP_QUERY,
    { owner, repo, branch, qualifiedName: `refs/heads/${branch}` },
    {
      doing: `reading the merge queue of ${owner}/${repo} ${branch}`,
      // Without "Merge queues: Read-only" the queue is refused; the group's ref may still be enough.
      tolerate: (e) => {
        const refused = e.path?.includes('mergeQueue') === true && (e.type === 'FORBIDDEN' || e.type === 'NOT_FOUND');
        if (refused) queueRefused = true;
        return refused;
      },
    },
  );
  const queue = data.repository?.mergeQueue?.entries ?? null;
  if (queue && !queueRefused) {
    const entries = (queue.nodes ?? []).filter((n): n is EntryNode => n !== null && n.headCommit !== null && n.pullRequest !== null);
    const byHead = new Map(entries.map((e) => [e.headCommit!.oid, e]));
    const tip = data.repository?.ref?.target?.oid ?? null;
    const chain: EntryNode[] = [];
    // The walk stops at the branch's tip: an entry below it has merged, even while the listing still shows it.
    const below = (entry: EntryNode) => (tip !== null && entry.baseCommit?.oid === tip ? undefined : byHead.get(entry.baseCommit?.oid ?? ''));
    for (let entry = byHead.get(group.headSha); entry && chain.length <= entries.length; entry = below(entry)) {
      chain.unshift(entry);
    }
    // Entries ahead come first in the listing, so a chain found in the first 100 is whole.
    if (chain.length > 0) {
      // The chain is whole only when its bottom entry sits on the branch's tip: any other base carries
      // commits of no entry found (one that left the queue, a push to the branch), which nothing gated.
      const bottomBase = chain[0]!.baseCommit?.oid ?? null;
      if (tip === null || bottomBase !== tip) {
        throw unresolved(
          group,
          `the bottom of its chain of ${branch} merge queue entries, #${chain[0]!.pullRequest!.number}, is built on ${bottomBase?.slice(0, 7) ?? 'an unknown commit'}, not on the tip of ${branch} (${tip?.slice(0, 7) ?? 'unknown'}), so the group carries commits of no queued pull request`,
        );
      }
      return { pullRequests: chain.map((e) => ({ number: e.pullRequest!.number, headSha: e.pullRequest!.headRefOid })), source: 'merge-queue' };
    }
    throw unresolved(
      group,
      `no entry ${queue.pageInfo.hasNextPage ? 'among the first 100 ' : ''}of the ${branch} merge queue has this commit (the group was removed from the queue, or merged)`,
    );
  }
  // Without the queue: only a group built on the branch's tip is known to carry just its own pull request.
  const number = pullNumberOfGroupRef(group.headRef);
  const tip = data.repository?.ref?.target?.oid ?? null;
  if (number !== null && tip === group.baseSha) {
    return { pullRequests: [{ number, headSha: '' }], source: 'group-ref' };
  }
  throw unresolved(
    group,
    `grant "Merge queues: Read-only" to read the ${branch} merge queue; without it only a group built on the branch's tip is known, and this one is built on ${group.baseSha.slice(0, 7)}`,
  );
}

function unresolved(group: MergeGroup, why: string): GitHubError {
  return new GitHubError(`proofgate cannot tell which pull requests merge group ${group.headSha.slice(0, 7)} carries: ${why}.`, {
    kind: 'invalid',
    status: null,
    cause: null,
  });
}
