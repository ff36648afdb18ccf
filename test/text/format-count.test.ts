import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, plural } from '../../src/text.js';

describe('formatCount', () => {
  it('groups thousands exactly as en-US does, for integers and fractions', () => {
    const cases = [0, -0, 7, 999, 1000, 3000, 65535, 1234567, -1234, 1234.5, 0.1234, -0.0001, 2 ** 60];
    for (const n of cases) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ min: -1e12, max: 1e12, noNaN: true })), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });

  it('is what plural() counts with', () => {
    expect(plural(3000, 'file')).toBe('3,000 files');
    expect(plural(1, 'file')).toBe('1 file');
  });
});
