/**
 * A ledger proof: a validation the agent says it ran. Self-reported by the
 * party being gated, so the policy must opt in (`trust: self-reported`), and the
 * receipt says where the claim came from.
 */
import { nameGlob } from '../engine/glob.js';
import type { ProofEvidence } from '../engine/verdict.js';
import type { ProofEvaluator, ProofOutcome } from './types.js';

export const ledgerProof: ProofEvaluator<'ledger'> = {
  kind: 'ledger',
  evaluate(_name, proof, ctx): ProofOutcome {
    const matches = nameGlob(proof.validation);
    const evidence: ProofEvidence[] = [];
    let lastResult: 'pass' | 'fail' | null = null;
    for (const session of ctx.sessions) {
      for (const v of session.validations) {
        if (!matches(v.name)) continue;
        evidence.push({
          kind: 'ledger-validation',
          name: v.name,
          state: v.result,
          counted: true,
          note: `self-reported in ${session.source}${v.command ? `: ${v.command}` : ''}`,
          url: null,
        });
        lastResult = v.result;
      }
    }
    const what = `ledger validation \`${proof.validation}\``;
    if (lastResult === null) {
      return {
        status: 'pending',
        reason: `no session ledger records ${what}`,
        evidence,
        next: `Run the validation and record it in the session ledger (.proofgate/sessions/*.jsonl).`,
      };
    }
    if (lastResult === 'fail') {
      return { status: 'fail', reason: `the last recorded ${what} failed`, evidence, next: 'Fix the failure and record a passing run.' };
    }
    return { status: 'pass', reason: `${what} passed (self-reported)`, evidence, next: null };
  },
};
