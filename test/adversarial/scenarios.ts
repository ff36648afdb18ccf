/**
 * The table every attack file fills in: a policy from the base branch, a PR
 * snapshot shaped by the attacker, and the conclusion the docs give for it.
 */
import { describe, expect, it } from 'vitest';
import type { Conclusion, Verdict } from '../../src/engine/verdict.js';
import type { Policy } from '../../src/policy/types.js';
import type { Snapshot } from '../../src/snapshot.js';
import { judge } from './support.js';

export interface Scenario {
  name: string;
  policy: Policy;
  snapshot: Snapshot;
  /** From docs/policy.md or the README, not from running the code. */
  expected: Conclusion;
  /** Further facts the docs state about this verdict. */
  also?: (verdict: Verdict) => void;
}

export function attackTable(title: string, scenarios: Scenario[]): void {
  describe(title, () => {
    for (const s of scenarios) {
      it(s.name, () => {
        const { verdict } = judge(s.policy, s.snapshot);
        expect(verdict.conclusion, verdict.title).toBe(s.expected);
        s.also?.(verdict);
      });
    }
  });
}
