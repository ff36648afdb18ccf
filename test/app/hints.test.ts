import { describe, expect, it } from 'vitest';
import { PolicyHints } from '../../src/app/hints.js';
import { policySchema } from '../../src/policy/schema.js';

const LINT = [policySchema.parse({ version: 1, proofs: { lint: { kind: 'check', name: 'lint' } } }).proofs['lint']!];

describe('PolicyHints', () => {
  it("forget drops a key's hint", () => {
    const hints = new PolicyHints(60_000);
    hints.set('acme/widgets#1', 'abc', LINT, hints.mark());
    hints.forget('acme/widgets#1');
    expect(hints.get('acme/widgets#1', 'abc')).toBeNull();
  });

  it('drops a hint from an evaluation that began before the key was forgotten (it loaded the old policy)', () => {
    const hints = new PolicyHints(60_000);
    const before = hints.mark();
    hints.forget('acme/widgets#1');
    hints.set('acme/widgets#1', 'abc', [], before);
    expect(hints.get('acme/widgets#1', 'abc')).toBeNull();

    // One that began afterwards is kept, and other keys are not affected.
    hints.set('acme/widgets#1', 'abc', LINT, hints.mark());
    hints.set('acme/widgets#2', 'def', [], before);
    expect(hints.get('acme/widgets#1', 'abc')).toEqual(LINT);
    expect(hints.get('acme/widgets#2', 'def')).toEqual([]);
  });

  it('keeps at most maxEntries forgotten keys, oldest out first', () => {
    const hints = new PolicyHints(60_000, 2);
    const before = hints.mark();
    for (const n of [1, 2, 3]) hints.forget(`k#${n}`);
    hints.set('k#1', 'a', [], before);
    hints.set('k#3', 'a', [], before);
    expect(hints.get('k#1', 'a')).toEqual([]);
    expect(hints.get('k#3', 'a')).toBeNull();
  });
});
