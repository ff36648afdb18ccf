/**
 * Session budgets (docs/policy.md `budgets`, docs/ledger.md "Cost"): a session
 * over a limit is a violation that names the escalation; a cost that cannot be
 * priced cannot be shown to hold.
 */
import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../src/attribution/types.js';
import { checkBudgets, costBasis } from '../../src/engine/budgets.js';

const PRICES = { date: '2026-06-12', source: 'models.dev (Anthropic and OpenAI list prices)' };

function session(extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: 's1',
    source: '.proofgate/sessions/s1.jsonl',
    agent: 'claude-code',
    steps: [
      { role: 'plan', model: 'claude-opus-4-6' },
      { role: 'execute', model: 'claude-haiku-4-5' },
      { role: 'review', model: null },
      { role: 'fix', model: 'claude-haiku-4-5' },
    ],
    tokens: { input: 1000, output: 500, cacheRead: 1_000_000, cacheWrite: 1_000_000 },
    costUsd: 0.26,
    cost: { prices: [PRICES], statedUsd: 0, unpriced: [] },
    retries: 2,
    validations: [
      { name: 'unit', result: 'fail', command: null, at: null },
      { name: 'unit', result: 'pass', command: null, at: null },
      { name: 'lint', result: 'fail', command: null, at: null },
    ],
    files: ['src/a.ts'],
    ...extra,
  };
}

const messages = (budgets: object, s = session()) => checkBudgets(budgets, [s]).map((v) => v.message);

describe('session budgets', () => {
  it('says who used how much of what, with the prices behind a cost (the example in docs/ledger.md)', () => {
    expect(messages({ maxCostUsd: 0.02 })).toEqual([
      'session s1 (claude-code, claude-opus-4-6, claude-haiku-4-5) used $0.26 cost (prices of 2026-06-12 from models.dev (Anthropic and OpenAI list prices)); the budget is $0.02',
    ]);
  });

  it('counts retries, failing validations and input, cache-write and output tokens (not cache reads)', () => {
    expect(messages({ maxRetries: 1, maxFailedValidations: 1, maxTokens: 1_001_499 })).toEqual([
      'session s1 (claude-code, claude-opus-4-6, claude-haiku-4-5) used 2 retries; the budget is 1',
      'session s1 (claude-code, claude-opus-4-6, claude-haiku-4-5) used 2 failing validations; the budget is 1',
      'session s1 (claude-code, claude-opus-4-6, claude-haiku-4-5) used 1,001,500 tokens; the budget is 1,001,499',
    ]);
  });

  it('lets a session use exactly its budget', () => {
    expect(messages({ maxRetries: 2, maxFailedValidations: 2, maxTokens: 1_001_500, maxCostUsd: 0.26 })).toEqual([]);
    expect(checkBudgets({}, [session()])).toEqual([]);
  });

  it('names the session alone when the ledger names no agent, and the agent alone when no step names a model', () => {
    expect(messages({ maxRetries: 0 }, session({ agent: null }))).toEqual(['session s1 used 2 retries; the budget is 0']);
    expect(messages({ maxRetries: 0 }, session({ steps: [{ role: 'plan', model: null }] }))).toEqual([
      'session s1 (claude-code) used 2 retries; the budget is 0',
    ]);
  });

  it('says what to do: escalate to the tier the policy names, with its message', () => {
    const next = (budgets: object) => checkBudgets({ maxRetries: 0, ...budgets }, [session()])[0]!.next;
    expect(next({})).toBe('Escalate to a stronger model or a human, then push the result with a fresh session ledger.');
    expect(next({ escalateTo: 'strong' })).toBe('Escalate to a `strong`-tier model, then push the result with a fresh session ledger.');
    expect(next({ escalateTo: 'strong', message: 'ask #platform' })).toBe('Escalate to a `strong`-tier model: ask #platform');
    expect(next({ message: 'ask #platform' })).toBe('Escalate to a stronger model or a human: ask #platform');
  });

  it("points at the session's files, at most 20", () => {
    const files = Array.from({ length: 25 }, (_, i) => `src/f${i}.ts`);
    const [v] = checkBudgets({ maxRetries: 0 }, [session({ files })]);
    expect(v).toMatchObject({ kind: 'budget', route: null, commit: null, files: files.slice(0, 20) });
  });

  describe('a cost that cannot be priced', () => {
    const unpriced = session({
      costUsd: 0.01,
      cost: { prices: [PRICES], statedUsd: 0.5, unpriced: [{ model: 'acme-coder-9', steps: 1, tokens: 12345 }] },
    });

    it('fails a cost budget even when the priced part is within it', () => {
      expect(checkBudgets({ maxCostUsd: 1 }, [unpriced])).toEqual([
        {
          kind: 'budget',
          message:
            'session s1 (claude-code, claude-opus-4-6, claude-haiku-4-5) used tokens of acme-coder-9, which has no price, so its cost cannot be checked against the budget of $1.00 (prices of 2026-06-12 from models.dev (Anthropic and OpenAI list prices); $0.50 as stated by the ledger for models without a price; acme-coder-9: 12,345 tokens without a price, not counted)',
          next: "Add the model to `pricing:` in the policy (with the date and source of its price), or record each step's `costUsd` in the ledger.",
          route: null,
          files: ['src/a.ts'],
          commit: null,
        },
      ]);
    });

    it('fails a cost budget the priced part exactly uses, naming every unpriced model and at most 20 files', () => {
      const files = Array.from({ length: 25 }, (_, i) => `src/f${i}.ts`);
      const two = session({
        costUsd: 1,
        files,
        cost: {
          prices: [],
          statedUsd: 0,
          unpriced: [
            { model: 'acme-1', steps: 1, tokens: 1 },
            { model: 'acme-2', steps: 1, tokens: 2 },
          ],
        },
      });
      const [v] = checkBudgets({ maxCostUsd: 1 }, [two]);
      expect(v!.message).toMatch(/^session s1 \(claude-code, claude-opus-4-6, claude-haiku-4-5\) used tokens of acme-1, acme-2, which has no price/);
      expect(v!.files).toEqual(files.slice(0, 20));
    });

    it('is an ordinary breach when the priced part alone is over the budget, and no concern of other budgets', () => {
      expect(messages({ maxCostUsd: 0.001, maxRetries: 5 }, unpriced)).toEqual([
        'session s1 (claude-code, claude-opus-4-6, claude-haiku-4-5) used $0.01 cost (prices of 2026-06-12 from models.dev (Anthropic and OpenAI list prices); $0.50 as stated by the ledger for models without a price; acme-coder-9: 12,345 tokens without a price, not counted); the budget is $0.00',
      ]);
    });
  });

  it('shows no basis for a cost with no prices, stated cost or unpriced tokens', () => {
    expect(costBasis(session({ cost: { prices: [], statedUsd: 0, unpriced: [] } }))).toBe('');
  });
});
