/** Session budgets from ledgers: how much a session may burn before it must escalate. */
import { describeOrigin } from '../attribution/pricing.js';
import type { SessionSummary } from '../attribution/types.js';
import type { Budgets } from '../policy/schema.js';
import type { Violation } from './verdict.js';
import { formatCount } from '../text.js';

interface Limit {
  key: keyof Pick<Budgets, 'maxRetries' | 'maxFailedValidations' | 'maxCostUsd' | 'maxTokens'>;
  label: string;
  used(session: SessionSummary): number;
  format(n: number): string;
  /** Said after the figure: where it came from. */
  basis?(session: SessionSummary): string;
}

/** The date and source of every price behind a session's cost, and what had none. */
export function costBasis(session: SessionSummary): string {
  const parts = session.cost.prices.map(describeOrigin);
  if (session.cost.statedUsd > 0) parts.push(`$${session.cost.statedUsd.toFixed(2)} as stated by the ledger for models without a price`);
  for (const u of session.cost.unpriced) parts.push(`${u.model}: ${formatCount(u.tokens)} tokens without a price, not counted`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

const LIMITS: Limit[] = [
  { key: 'maxRetries', label: 'retries', used: (s) => s.retries, format: String },
  {
    key: 'maxFailedValidations',
    label: 'failing validations',
    used: (s) => s.validations.filter((v) => v.result === 'fail').length,
    format: String,
  },
  { key: 'maxCostUsd', label: 'cost', used: (s) => s.costUsd, format: (n) => `$${n.toFixed(2)}`, basis: costBasis },
  /*
   * New prompt tokens and output: Anthropic reports a cached prompt's new tokens as cache writes
   * (Claude Code's `input` is a handful a call), OpenAI as input. Cache reads re-read the context.
   */
  { key: 'maxTokens', label: 'tokens', used: (s) => s.tokens.input + s.tokens.cacheWrite + s.tokens.output, format: formatCount },
];

export function checkBudgets(budgets: Budgets, sessions: readonly SessionSummary[]): Violation[] {
  const violations: Violation[] = [];
  const escalate = budgets.escalateTo ? `Escalate to a \`${budgets.escalateTo}\`-tier model` : 'Escalate to a stronger model or a human';
  const next = budgets.message ? `${escalate}: ${budgets.message}` : `${escalate}, then push the result with a fresh session ledger.`;
  for (const session of sessions) {
    for (const limit of LIMITS) {
      const max = budgets[limit.key];
      if (max === undefined) continue;
      const used = limit.used(session);
      const models = [...new Set(session.steps.map((s) => s.model).filter((m): m is string => m !== null))];
      const who = `session ${session.id}${session.agent ? ` (${session.agent}${models.length ? `, ${models.join(', ')}` : ''})` : ''}`;
      if (limit.key === 'maxCostUsd' && session.cost.unpriced.length > 0 && used <= max) {
        // Tokens without a price: the cost cannot be known, so the budget cannot be shown to hold.
        const names = session.cost.unpriced.map((u) => u.model).join(', ');
        violations.push({
          kind: 'budget',
          message: `${who} used tokens of ${names}, which has no price, so its cost cannot be checked against the budget of ${limit.format(max)}${costBasis(session)}`,
          next: `Add the model to \`pricing:\` in the policy (with the date and source of its price), or record each step's \`costUsd\` in the ledger.`,
          route: null,
          files: session.files.slice(0, 20),
          commit: null,
        });
        continue;
      }
      if (used <= max) continue;
      violations.push({
        kind: 'budget',
        message: `${who} used ${limit.format(used)} ${limit.label}${limit.basis?.(session) ?? ''}; the budget is ${limit.format(max)}`,
        next,
        route: null,
        files: session.files.slice(0, 20),
        commit: null,
      });
    }
  }
  return violations;
}
