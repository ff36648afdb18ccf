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
