import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/policy/suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('require', 'require')).toBe(0);
    expect(editDistance('requre', 'require')).toBe(1);
    expect(editDistance('requires', 'require')).toBe(1);
    expect(editDistance('teirs', 'tiers')).toBe(1);
    expect(editDistance('Require', 'require')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closest', () => {
  it('suggests only plausible typos', () => {
    expect(closest('requre', ['name', 'paths', 'require'])).toBe('require');
    expect(closest('whatever', ['maxRetries', 'message'])).toBeNull();
    expect(closest('ab', ['xy'])).toBeNull();
  });
});

describe('closest, by containment', () => {
  it('suggests the one candidate that contains the word', () => {
    expect(closest('Copilot', ['claude-code', 'github-copilot'])).toBe('github-copilot');
    expect(closest('code', ['claude-code', 'roo-code'])).toBeNull();
  });
});

describe('editDistance, against its definition', () => {
  /** Optimal string alignment distance, written as its recurrence (case-insensitive). */
  function osa(a: string, b: string): number {
    const memo = new Map<string, number>();
    const go = (i: number, j: number): number => {
      if (i === 0) return j;
      if (j === 0) return i;
      const key = `${i},${j}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      let best = Math.min(go(i - 1, j) + 1, go(i, j - 1) + 1, go(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, go(i - 2, j - 2) + 1);
      memo.set(key, best);
      return best;
    };
    return go(a.length, b.length);
  }

  it('is the optimal string alignment distance', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A'), maxLength: 6 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(osa(a.toLowerCase(), b.toLowerCase()));
      }),
      { numRuns: 400 },
    );
  });
});

describe('closest, ties and short words', () => {
  it('breaks ties by list order', () => {
    expect(closest('abx', ['aby', 'abz'])).toBe('aby');
  });

  it('looks for containment only for words of three characters or more', () => {
    expect(closest('cop', ['claude-code', 'github-copilot'])).toBe('github-copilot');
    expect(closest('co', ['claude', 'github-copilot'])).toBeNull();
  });
});
