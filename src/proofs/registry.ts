/**
 * The proof kinds. A kind is one module under src/proofs/ plus one line here;
 * the policy schema, verdict kinds, the semantic pass, event relevance and the
 * gate's lookups are all derived from this object.
 */
import type { z } from 'zod';
import { checkProof } from './check.js';
import { ledgerProof } from './ledger.js';
import { reviewProof } from './review.js';
import type { CiSignal, ProofBehaviour, ProofContext, ProofKindModule, ProofOutcome, ReportPolicyProblem } from './types.js';

const registry = {
  check: checkProof,
  review: reviewProof,
  ledger: ledgerProof,
};

export type ProofKind = keyof typeof registry;
type SchemaOf<K extends ProofKind> = (typeof registry)[K]['schema'];
/** One proof of kind K as the policy defines it (defaults applied). */
export type ProofOf<K extends ProofKind> = z.output<SchemaOf<K>>;
/** Any proof a policy can define. */
export type Proof = { [K in ProofKind]: ProofOf<K> }[ProofKind];

/** Each entry declares the kind it is registered under: a mismatch is a compile error. */
export const proofKinds = registry satisfies { [K in ProofKind]: ProofKindModule<SchemaOf<K>> & { kind: K } };

export const PROOF_KINDS = Object.keys(proofKinds) as ProofKind[];

/** The kinds' schemas, each described by its summary, for the policy's discriminated union. */
export const proofSchemas = Object.values(proofKinds).map((k) => k.schema.describe(k.summary)) as unknown as [
  SchemaOf<ProofKind>,
  ...Array<SchemaOf<ProofKind>>,
];

/** The module of a proof's kind, typed for that proof. */
function moduleOf<P extends Proof>(proof: P): ProofBehaviour<P> {
  return proofKinds[proof.kind] as unknown as ProofBehaviour<P>;
}

export function evaluateProof(name: string, proof: Proof, ctx: ProofContext): ProofOutcome {
  return moduleOf(proof).evaluate(name, proof, ctx);
}

/** Whether this CI signal could change the proof's result. */
export function proofChangedBy(proof: Proof, signal: CiSignal): boolean {
  return moduleOf(proof).changedBy?.(proof, signal) ?? false;
}

/** Whether some CI signal can change the proof's result, so a running job may see it resolve. */
export function proofWaitsOnCi(kind: ProofKind): boolean {
  return (proofKinds[kind] as ProofKindModule).changedBy !== undefined;
}

/** Org teams whose members the proof's evaluation reads. */
export function teamsNeeded(proof: Proof): readonly string[] {
  return moduleOf(proof).needs?.teams?.(proof) ?? [];
}

/** Whether the proof reads session ledgers. */
export function readsSessions(proof: Proof): boolean {
  return moduleOf(proof).needs?.sessions === true;
}

/** The kind's own value checks for one proof. */
export function checkProofPolicy(proof: Proof, report: ReportPolicyProblem): void {
  moduleOf(proof).checkPolicy?.(proof, report);
}

export type { CiSignal, ProofContext, ProofEvidence, ProofKindModule, ProofOutcome, ProofStatus } from './types.js';
