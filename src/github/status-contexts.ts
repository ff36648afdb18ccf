/**
 * Whether a commit's `Status.contexts` lists every status context it has.
 * GitHub neither pages that list nor documents it as complete; the rollup's
 * `statusContextCount` counts the contexts (one per name, however many times
 * each was posted), so the names listed are compared with it. A null rollup is
 * GitHub saying the commit has no statuses nor check runs; a rollup the answer
 * left out (undefined) says nothing, so the list is not taken as complete.
 */
export function listsEveryStatusContext(
  listed: ReadonlyArray<{ context: string }>,
  rollup: { contexts: { statusContextCount: number } } | null | undefined,
): boolean {
  if (rollup === undefined) return false;
  return distinctContexts(listed) >= (rollup?.contexts.statusContextCount ?? 0);
}

/** How many contexts (names) a list of statuses holds. */
export function distinctContexts(listed: ReadonlyArray<{ context: string }>): number {
  return new Set(listed.map((c) => c.context)).size;
}
