/** The conclusion and the one-line title a reviewer reads first. */
import { plural } from '../text.js';
import type { Conclusion, ProofResult, RouteResult, Violation } from './verdict.js';


export function decide(routes: RouteResult[], proofs: ProofResult[], violations: Violation[]): { conclusion: Conclusion; title: string } {
  if (violations.length > 0) {
    const first = violations[0]!;
    const more = violations.length > 1 ? ` (+${violations.length - 1} more)` : '';
    return { conclusion: 'failure', title: `${first.message}${more}` };
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
