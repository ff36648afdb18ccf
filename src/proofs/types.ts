import type { SessionSummary } from '../attribution/types.js';
import type { ProofEvidence, ProofStatus } from '../engine/verdict.js';
import type { Proof, ProofKind } from '../policy/schema.js';
import type { Snapshot } from '../snapshot.js';

/** What every proof may look at besides its own definition. */
export interface ProofContext {
  snapshot: Snapshot;
  headSha: string;
  /** Lower-case login of the PR author, when known. */
  prAuthor: string | null;
  /** Lower-case logins of humans who co-authored or drove agent commits. */
  agentCoauthors: ReadonlySet<string>;
  sessions: readonly SessionSummary[];
}

export interface ProofOutcome {
  status: ProofStatus;
  reason: string;
  evidence: ProofEvidence[];
  next: string | null;
}

export interface ProofEvaluator<K extends ProofKind> {
  kind: K;
  evaluate(name: string, proof: Extract<Proof, { kind: K }>, ctx: ProofContext): ProofOutcome;
}

export { shortSha } from '../text.js';
