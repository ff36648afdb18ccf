/**
 * The verdict when a repository has no policy at all (none on the base branch,
 * no organisation default): neutral, saying how to add one. Attribution is
 * still computed so the receipt shows which agents wrote the PR, and a note
 * says what the built-in default policy (the CLI's fallback) would conclude.
 */
import { evaluate } from '../engine/evaluate.js';
import { sharedHeadViolations } from '../engine/shared-head.js';
import type { Verdict } from '../engine/verdict.js';
import { defaultPolicy } from '../policy/default.js';
import type { Snapshot } from '../snapshot.js';

export interface NoPolicyContext {
  /**
   * Whether the owner's `.github` repository could be read. GitHub answers
   * NOT_FOUND when the App is not installed there, which looks the same as no
   * organisation default at all; the note then says where the default is read.
   */
  organizationRepository?: 'readable' | 'not-found';
}

export function noPolicyVerdict(policyPath: string, owner: string | null, snapshot: Snapshot, now: Date, context: NoPolicyContext = {}): Verdict {
  const base = evaluate(defaultPolicy(), snapshot, { now });
  // Another pull request's verdict on the same commit would show as this one's: never neutral then.
  const shared = sharedHeadViolations(snapshot);
  const orgHint = owner ? ` (or \`proofgate.yml\` in the \`${owner}/.github\` repository for every repository of ${owner})` : '';
  const orgUnreadable =
    owner && context.organizationRepository === 'not-found'
      ? [
          `proofgate could not read \`${owner}/.github\`: an organisation default there is only read when the App is installed on that repository (the Action reads it only when its token can).`,
        ]
      : [];
  const how =
    `No proofgate policy: add ${policyPath} on the base branch${orgHint} to gate this repository. ` +
    'Start from an example in `policies/` and check it with `npx proofgate validate`.';
  return {
    ...base,
    conclusion: shared.length > 0 ? 'failure' : 'neutral',
    title: shared.length > 0 ? shared[0]!.message : `No proofgate policy: add ${policyPath} to gate this repository`,
    routes: [],
    proofs: [],
    violations: shared,
    notes: [how, ...orgUnreadable, `Under proofgate's built-in default policy this pull request would be ${base.conclusion}: ${base.title}.`, ...base.notes],
  };
}
