/**
 * A ledger proof: a validation the agent says it ran. Self-reported by the
 * party being gated, so the policy must opt in (`trust: self-reported`), and the
 * receipt says where the claim came from.
 */
import { z } from 'zod';
import { nameGlob } from '../glob.js';
import type { ValidationRecord } from '../attribution/types.js';
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
    const ofThisChange = ctx.ledgersOfThisChange;
    const runs: Run[] = [];
    const earlier: Run[] = [];
    ctx.sessions.forEach((session, index) => {
      for (const v of session.validations) {
        if (matches(v.name)) (ofThisChange.has(session.source) ? runs : earlier).push({ session: index, source: session.source, record: v });
      }
    });
    const deciding = decidingRuns(runs);
    const evidence: ProofEvidence[] = [...runs, ...earlier].map((r) => ({
      kind: 'ledger-validation',
      name: r.record.name,
      state: r.record.result,
      counted: deciding.has(r),
      note: `self-reported in ${r.source}${r.record.command ? `: ${r.record.command}` : ''}${runNote(r, deciding, ofThisChange)}`,
      url: null,
    }));
    const what = ledgerProof.describe(proof);
    if (runs.length === 0) {
      return {
        status: 'pending',
        reason: `no session ledger of this pull request records ${what}${earlier.length > 0 ? ` (${earlier.length} run${earlier.length === 1 ? '' : 's'} in ledgers it does not change)` : ''}`,
        evidence,
        next: `Run the validation and record it in a session ledger this pull request adds or changes (.proofgate/sessions/*.jsonl).`,
      };
    }
    const failed = [...deciding].filter((r) => r.record.result === 'fail');
    if (failed.length > 0) {
      const names = [...new Set(failed.map((r) => `\`${r.record.name}\` in ${r.source}`))].join(', ');
      return { status: 'fail', reason: `the last recorded ${what} failed: ${names}`, evidence, next: 'Fix the failure and record a passing run.' };
    }
    return { status: 'pass', reason: `${what} passed (self-reported)`, evidence, next: null };
  },
};

interface Run {
  /** Index of the session in the context, and where it was read. */
  session: number;
  source: string;
  record: ValidationRecord;
}

/**
 * The runs that decide, for each validation name the glob matches: every name
 * must pass, so a pass of \`smoke-e2e\` does not hide a failing \`smoke-unit\`.
 * In one session the last run of a name supersedes the earlier ones. Across
 * sessions (whose file names say nothing of their order) the latest by \`at\`
 * decides; when some session's last run carries no time, or two share the
 * latest time, each session's last run decides, so a failure in any is not a pass.
 */
function decidingRuns(runs: readonly Run[]): Set<Run> {
  const lastPerSession = new Map<string, Run>();
  for (const run of runs) lastPerSession.set(`${run.record.name}\u0000${run.session}`, run);
  const byName = new Map<string, Run[]>();
  for (const run of lastPerSession.values()) byName.set(run.record.name, [...(byName.get(run.record.name) ?? []), run]);
  const deciding = new Set<Run>();
  for (const candidates of byName.values()) {
    const times = candidates.map((r) => (r.record.at ? Date.parse(r.record.at) : Number.NaN));
    if (times.some(Number.isNaN)) {
      candidates.forEach((r) => deciding.add(r));
      continue;
    }
    const latest = Math.max(...times);
    candidates.forEach((r, i) => {
      if (times[i] === latest) deciding.add(r);
    });
  }
  return deciding;
}

function runNote(run: Run, deciding: ReadonlySet<Run>, ofThisChange: ReadonlySet<string>): string {
  if (!ofThisChange.has(run.source)) return '; a ledger this pull request does not change';
  return deciding.has(run) ? '' : '; a later run decides';
}
