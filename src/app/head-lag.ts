/**
 * GitHub's API can lag a push: right after `pull_request.synchronize`, the
 * pull request it returns may still have the old head. Such an event is not
 * stale (the pull request has not moved past its commit; GitHub has not
 * caught up with it), so the gate loads again after a pause, and when GitHub
 * still reports another head after the last one, the check on the event's
 * commit says "could not evaluate" instead of leaving it without a verdict.
 *
 * A force push back to a commit the pull request had before (x → y → x) names
 * a commit GitHub already lists among y's: only the push's `before` (y, the
 * head GitHub still reports) tells that GitHub lags rather than the event.
 * Taken as stale, the event would leave x the check it had before y, a
 * verdict from before whatever happened on y (a request for changes, a new
 * policy).
 */
import type { LoadedGate } from '../gate/run-gate.js';

/** Pauses before loading again while GitHub reports an older head than a pull_request event's (the Action waits the same). */
export const DEFAULT_HEAD_RETRY_DELAYS_MS = [2_000, 5_000, 10_000];

interface HeadTrigger {
  headSha: string | null;
  /** `pull_request.synchronize`, `check_run.completed`, … */
  event: string;
  /** A push's head before it (`pull_request.synchronize`'s `before`). */
  before?: string | null;
}

/**
 * The head a pull_request or review event names that GitHub does not report yet, or
 * null. An event whose commit is already among the pull request's commits is
 * stale instead (the pull request moved on; its newer head has its own
 * event), unless it is a push from the head GitHub reports; and so is any
 * event but a pull_request or pull_request_review one: checks and statuses
 * for a new head follow the push's own event, which waits for GitHub, while a
 * review names the head its reviewer saw, and a request for changes skipped
 * as stale would leave that head its green.
 */
export function laggingHead(triggers: readonly HeadTrigger[], loaded: LoadedGate): string | null {
  const head = loaded.snapshot.head.sha;
  const known = new Set(loaded.snapshot.commits.map((c) => c.sha));
  for (const t of [...triggers].reverse()) {
    if (!/^pull_request(?:_review)?\./.test(t.event) || !t.headSha) continue;
    if (t.headSha === head) return null;
    if (!known.has(t.headSha) || t.before === head) return t.headSha;
  }
  return null;
}
