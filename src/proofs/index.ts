/** The proof registry: a missing kind is a compile error. */
import type { Proof, ProofKind } from '../policy/schema.js';
import { checkProof } from './check.js';
import { ledgerProof } from './ledger.js';
import { reviewProof } from './review.js';
import type { ProofContext, ProofEvaluator, ProofOutcome } from './types.js';

const registry = {
  check: checkProof,
  review: reviewProof,
  ledger: ledgerProof,
} satisfies { [K in ProofKind]: ProofEvaluator<K> };

export function evaluateProof(name: string, proof: Proof, ctx: ProofContext): ProofOutcome {
  const evaluator = registry[proof.kind] as ProofEvaluator<typeof proof.kind>;
  return evaluator.evaluate(name, proof as never, ctx);
}

export type { ProofContext, ProofOutcome } from './types.js';
