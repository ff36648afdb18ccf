/**
 * The conclusion and the check-run title (src/engine/conclusion.ts). The title
 * is the first thing a reviewer reads: proofgate's own fixed phrases, counts and
 * names from the base branch's policy (README, "Install the App").
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/conclusion.js';
import type { ProofResult, RouteResult, Violation, ViolationKind } from '../../src/engine/verdict.js';

const route = (name: string, gated = true): RouteResult => ({
  name,
  gated,
  files: ['src/a.ts'],
  touches: [],
  required: [],
  allowedTiers: null,
  allowedAgents: null,
});
const proof = (name: string, status: ProofResult['status']): ProofResult => ({
  name,
  kind: 'check',
  status,
  reason: '',
  evidence: [],
  next: null,
  requiredBy: ['code'],
});
const violation = (kind: ViolationKind, routeName: string | null = 'code', message = 'message'): Violation => ({
  kind,
  message,
  next: 'next',
  route: routeName,
  files: [],
  commit: null,
});

describe('the conclusion', () => {
  it('is success when every required proof passed, naming them', () => {
    expect(decide([route('code')], [proof('tests', 'pass'), proof('review', 'pass')], [])).toEqual({
      conclusion: 'success',
      title: 'All required proof found: tests, review',
    });
  });

  it('is success on a gated route that requires nothing, saying how many routes', () => {
    expect(decide([route('code'), route('docs', false)], [], [])).toEqual({ conclusion: 'success', title: 'No proof required on 1 route; no violation' });
    expect(decide([route('code'), route('docs')], [], []).title).toBe('No proof required on 2 routes; no violation');
  });

  it('is neutral when no route gates the change', () => {
    expect(decide([route('code', false)], [], [])).toEqual({ conclusion: 'neutral', title: 'Nothing to gate: no change on a route that requires proof' });
    expect(decide([], [], []).conclusion).toBe('neutral');
  });

  it('is pending while a proof is pending, naming the pending ones only', () => {
    expect(decide([route('code')], [proof('tests', 'pass'), proof('review', 'pending'), proof('lint', 'pending')], [])).toEqual({
      conclusion: 'pending',
      title: 'Waiting for 2 proofs: review, lint',
    });
    expect(decide([route('code')], [proof('review', 'pending')], []).title).toBe('Waiting for 1 proof: review');
  });

  it('is failure on any violation, even with every proof passed, and counts the others', () => {
    const passed = [proof('tests', 'pass')];
    expect(decide([route('code')], passed, [violation('budget')])).toEqual({ conclusion: 'failure', title: "A session went over the policy's budget" });
    expect(decide([route('code')], passed, [violation('budget'), violation('ledger'), violation('path')]).title).toBe(
      "A session went over the policy's budget (+2 more)",
    );
  });
});

describe('the title of a failure, from its first violation', () => {
  it.each<[ViolationKind, string]>([
    ['tier', 'A model outside the allowed tiers changed files on route code'],
    ['agent', 'An agent the policy does not allow changed files on route code'],
    ['unknown-model', 'A commit that names no model changed files on route code'],
    ['budget', "A session went over the policy's budget"],
    ['ledger', 'A session ledger could not be read'],
    ['path', 'A changed path holds control characters'],
  ])('%s', (kind, title) => {
    expect(decide([route('code')], [], [violation(kind)]).title).toBe(title);
  });

  it('leaves the route out when the violation has none', () => {
    expect(decide([], [], [violation('tier', null)]).title).toBe('A model outside the allowed tiers changed files');
  });

  it('names the failed proofs, not the passing or pending ones', () => {
    const proofs = [proof('tests', 'fail'), proof('review', 'pending'), proof('lint', 'pass'), proof('build', 'fail')];
    expect(decide([route('code')], proofs, [violation('proof')]).title).toBe('Required proof failed: tests, build');
    expect(decide([route('code')], [proof('review', 'pending')], [violation('proof')]).title).toBe('Required proof failed on route code');
  });

  it("uses the message of limits and policy errors, which proofgate builds from counts and the loader's errors", () => {
    expect(decide([], [], [violation('limit', null, 'More commits than GitHub lists (250 seen)')]).title).toBe('More commits than GitHub lists (250 seen)');
    expect(decide([], [], [violation('policy', null, 'route code requires proof `x`')]).title).toBe('route code requires proof `x`');
  });
});
