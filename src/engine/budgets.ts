/** Session budgets from ledgers: how much a session may burn before it must escalate. */
import type { SessionSummary } from '../attribution/types.js';
import type { Budgets } from '../policy/schema.js';
import type { Violation } from './verdict.js';
import { formatCount } from '../text.js';

interface Limit {
  key: keyof Pick<Budgets, 'maxRetries' | 'maxFailedValidations' | 'maxCostUsd' | 'maxTokens'>;
  label: string;
  used(session: SessionSummary): number;
  format(n: number): string;
}

const LIMITS: Limit[] = [
  { key: 'maxRetries', label: 'retries', used: (s) => s.retries, format: String },
  {
    key: 'maxFailedValidations',
    label: 'failing validations',
    used: (s) => s.validations.filter((v) => v.result === 'fail').length,
    format: String,
  },
  { key: 'maxCostUsd', label: 'cost', used: (s) => s.costUsd, format: (n) => `$${n.toFixed(2)}` },
  { key: 'maxTokens', label: 'tokens', used: (s) => s.tokens.input + s.tokens.output, format: formatCount },
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
      if (used <= max) continue;
      const models = [...new Set(session.steps.map((s) => s.model).filter((m): m is string => m !== null))];
      violations.push({
        kind: 'budget',
        message: `session ${session.id}${session.agent ? ` (${session.agent}${models.length ? `, ${models.join(', ')}` : ''})` : ''} used ${limit.format(used)} ${limit.label}; the budget is ${limit.format(max)}`,
        next,
        route: null,
        files: session.files.slice(0, 20),
        commit: null,
      });
    }
  }
  return violations;
}
