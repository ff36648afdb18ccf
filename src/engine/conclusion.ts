/**
 * The conclusion and the one-line title a reviewer reads first. The title is
 * proofgate's own words: counts, fixed phrases and names from the base
 * branch's policy (routes, proofs), never text from the PR head (model ids,
 * agent names, paths, ledger claims), which the receipt shows quoted instead.
 */
import { plural } from '../text.js';
import type { Conclusion, ProofResult, RouteResult, Violation } from './verdict.js';

export function decide(routes: RouteResult[], proofs: ProofResult[], violations: Violation[]): { conclusion: Conclusion; title: string } {
  if (violations.length > 0) {
    const first = violations[0]!;
    const more = violations.length > 1 ? ` (+${violations.length - 1} more)` : '';
    return { conclusion: 'failure', title: `${violationTitle(first, proofs)}${more}` };
  }
  const pending = proofs.filter((p) => p.status === 'pending');
  if (pending.length > 0) {
    return { conclusion: 'pending', title: `Waiting for ${plural(pending.length, 'proof')}: ${pending.map((p) => p.name).join(', ')}` };
  }
  const gated = routes.filter((r) => r.gated);
  if (gated.length === 0) {
    return { conclusion: 'neutral', title: 'Nothing to gate: no change on a route that requires proof' };
  }
  if (proofs.length === 0) {
    return { conclusion: 'success', title: `No proof required on ${plural(gated.length, 'route')}; no violation` };
  }
  return { conclusion: 'success', title: `All required proof found: ${proofs.map((p) => p.name).join(', ')}` };
}

/** A violation in proofgate's words; its message (which may quote the PR head) stays in the summary. */
function violationTitle(v: Violation, proofs: ProofResult[]): string {
  const onRoute = v.route !== null ? ` on route ${v.route}` : '';
  switch (v.kind) {
    case 'tier':
      return `A model outside the allowed tiers changed files${onRoute}`;
    case 'agent':
      return `An agent the policy does not allow changed files${onRoute}`;
    case 'unknown-model':
      return `A commit that names no model changed files${onRoute}`;
    case 'budget':
      return "A session went over the policy's budget";
    case 'ledger':
      return 'A session ledger could not be read';
    case 'path':
      return 'A changed path holds control characters';
    case 'proof': {
      const failed = proofs.filter((p) => p.status === 'fail').map((p) => p.name);
      return failed.length > 0 ? `Required proof failed: ${failed.join(', ')}` : `Required proof failed${onRoute}`;
    }
    // Built by proofgate from counts, the policy file and loader errors.
    case 'limit':
    case 'policy':
      return v.message;
  }
}
