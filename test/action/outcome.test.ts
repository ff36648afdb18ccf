import { describe, expect, it } from 'vitest';
import { stepOutcome, worstConclusion } from '../../src/action/outcome.js';

describe('stepOutcome', () => {
  it.each([
    ['success', false, false],
    ['success', true, false],
    ['neutral', false, false],
    ['neutral', true, false],
    ['failure', false, true],
    ['failure', true, true],
    ['pending', false, false],
    ['pending', true, true],
  ] as const)('%s with fail-on-pending=%s fails the step: %s', (conclusion, failOnPending, failed) => {
    const outcome = stepOutcome(conclusion, 'Needs 1 approval', { failOnPending });
    expect(outcome.failed).toBe(failed);
    expect(outcome.message).toMatch(new RegExp(`^proofgate: ${conclusion} — Needs 1 approval`));
  });

  it('tells how to fail the step on pending when it passes', () => {
    expect(stepOutcome('pending', 'Waiting for tests', { failOnPending: false }).message).toBe(
      'proofgate: pending — Waiting for tests (the step passes; set fail-on-pending: true to fail it)',
    );
  });
});

describe('worstConclusion', () => {
  it('orders failure over pending over success over neutral', () => {
    expect(worstConclusion(['success', 'neutral'])).toBe('success');
    expect(worstConclusion(['success', 'pending', 'neutral'])).toBe('pending');
    expect(worstConclusion(['pending', 'failure', 'success'])).toBe('failure');
    expect(worstConclusion(['neutral'])).toBe('neutral');
  });
});
