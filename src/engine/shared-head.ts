/**
 * A head commit that is also the head of another open pull request. GitHub
 * shows one check of a name per commit, so the newest verdict written on the
 * commit would speak for every pull request it heads: none gets one of its own.
 */
import type { Snapshot } from '../snapshot.js';
import type { Violation } from './verdict.js';

export function sharedHeadViolations(snapshot: Snapshot): Violation[] {
  const shared = snapshot.sharedHead;
  if (!shared || (shared.pullRequests.length === 0 && shared.complete)) return [];
  const others = shared.pullRequests.map((n) => `#${n}`).join(', ');
  return [
    {
      kind: 'limit',
      message:
        shared.pullRequests.length > 0
          ? `Another open pull request has this head commit (${others}): GitHub shows one check per commit, so neither can have a verdict of its own`
          : 'GitHub did not list every pull request that has this head commit; another one may share its check',
      next: 'Give each pull request a head commit of its own (push a commit to one of them, or close the other), then re-run proofgate.',
      route: null,
      files: [],
      commit: null,
    },
  ];
}
