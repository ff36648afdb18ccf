/**
 * Which events can change a verdict. A push, a review or a re-run request
 * always can; a finished check run, check suite or a commit status only when
 * some proof of the policy could count it, as its kind declares
 * (`changedBy` in src/proofs/).
 */
import type { PolicyDocument } from '../policy/schema.js';
import { proofChangedBy, proofWaitsOnCi, type CiSignal, type Proof } from '../proofs/registry.js';

export type Signal = { kind: 'always' } | CiSignal;

/** The proofs of a policy that some CI signal can change; the rest only change on pushes, reviews and re-runs. */
export function signalProofs(doc: PolicyDocument): Proof[] {
  return Object.values(doc.proofs).filter((p) => proofWaitsOnCi(p.kind));
}

/** Whether some proof could count this signal; `always` signals always can. */
export function couldMatter(signal: Signal, proofs: readonly Proof[]): boolean {
  if (signal.kind === 'always') return true;
  return proofs.some((p) => proofChangedBy(p, signal));
}

export function describeSignal(signal: Signal): string {
  switch (signal.kind) {
    case 'always':
      return 'event';
    case 'check-run':
      return `check run "${signal.name}"${signal.app ? ` from ${signal.app}` : ''}`;
    case 'check-suite':
      return `check suite${signal.app ? ` from ${signal.app}` : ''}`;
    case 'status':
      return `status "${signal.context}"`;
  }
}
