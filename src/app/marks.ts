/**
 * The in-progress mark: when the App accepts an event that can change a pull
 * request's verdict, it first creates a new `proofgate` check run on the head,
 * in progress, and the evaluation later writes its verdict to that run and no
 * other.
 *
 * - Fail closed: GitHub shows (and branch protection uses) the newest run of a
 *   check name, so from the moment the event is accepted the check is not
 *   green, and any later loss (a crash, a deploy, an evaluation that cannot
 *   even write "could not evaluate") leaves it in progress, never stale green.
 * - Replicas converge: each evaluation writes only the run it created, after
 *   creating it. The run GitHub shows is the newest one, whose evaluation read
 *   GitHub after every change that came before its event; a slower evaluation
 *   from an older event lands on a run that is no longer shown.
 *
 * GitHub does not move a completed run back to in progress, so the mark is a
 * new run each time: one extra write per accepted event (see docs/app.md).
 */
import { writeCheckRun } from '../github/checks.js';
import type { GitHubClient } from '../github/client.js';

export interface Mark {
  id: number;
  headSha: string;
}

export async function markInProgress(
  client: GitHubClient,
  where: { owner: string; repo: string; headSha: string },
  checkName: string,
  event: string,
): Promise<Mark> {
  const { id } = await writeCheckRun(client, {
    owner: where.owner,
    repo: where.repo,
    headSha: where.headSha,
    name: checkName,
    existing: null,
    conclusion: 'pending',
    output: {
      title: 'Evaluating',
      summary: `proofgate accepted \`${event}\` and is evaluating this commit; the check is not green until it finishes.`,
      text: '',
    },
    annotations: [],
    externalId: '',
  });
  return { id, headSha: where.headSha };
}
