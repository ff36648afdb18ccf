/**
 * A ledger proof: a validation the agent says it ran. Self-reported by the
 * party being gated, so the policy must opt in (`trust: self-reported`), and the
 * receipt says where the claim came from.
 */
import { z } from 'zod';
import { nameGlob } from '../glob.js';
import type { ProofEvidence, ProofKindModule, ProofOutcome } from './types.js';

const schema = z
  .object({
    kind: z.literal('ledger'),
    validation: z
      .string()
      .min(1)
      .describe('Validation name recorded in a session ledger; a glob where `*` matches any text and every other character is literal.'),
    trust: z
      .literal('self-reported', {
        error: 'a ledger validation is self-reported by the agent; set `trust: self-reported` to accept it',
      })
      .describe('A ledger is written by the party being gated. This proof counts only when the policy says so explicitly.'),
    description: z.string().optional(),
  })
  .strict();

export type LedgerProof = z.output<typeof schema>;

export const ledgerProof: ProofKindModule<typeof schema> = {
  kind: 'ledger',
  summary: 'A validation the agent recorded in its session ledger; self-reported, so the policy must opt in with `trust: self-reported`.',
  schema,
  describe: (proof) => `ledger validation \`${proof.validation}\``,
  needs: { sessions: true },
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
    const what = ledgerProof.describe(proof);
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
