import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/bounded-cache.js';

describe('BoundedCache', () => {
  it('returns what was set, keeps the last three quarters of its limit, and forgets older entries', () => {
    const cache = new BoundedCache<string, number>(100);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
    let kept = 0;
    for (let i = 0; i < 1000; i++) if (cache.get(`k${i}`) !== undefined) kept++;
    expect(kept).toBeLessThanOrEqual(100);
    expect(kept).toBeGreaterThanOrEqual(75);
    for (let i = 925; i < 1000; i++) expect(cache.get(`k${i}`)).toBe(i);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k800')).toBeUndefined();
  });

  it('keeps a working set of 70 % of its limit whole when it is read in turn, round after round', () => {
    // The App's case: each open pull request's commits, evaluated one pull request after another.
    const cache = new BoundedCache<string, number>(1000);
    let misses = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 700; i++) {
        if (cache.get(`c${i}`) === undefined) {
          if (round > 0) misses++;
          cache.set(`c${i}`, i);
        }
      }
    }
    expect(misses).toBe(0);
  });

  it('keeps an entry that is read while it ages', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('hot', 1);
    for (let i = 0; i < 20; i++) {
      cache.set(`cold${i}`, i);
      expect(cache.get('hot')).toBe(1);
    }
  });

  it('forgets a deleted entry in either generation', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('old', 1);
    cache.set('a', 2);
    cache.set('b', 3); // 'old' and 'a' move to the older generation
    cache.set('new', 4);
    cache.delete('old');
    cache.delete('new');
    expect([cache.get('old'), cache.get('new'), cache.get('a'), cache.get('b')]).toEqual([undefined, undefined, 2, 3]);
  });

  it('with a weight, bounds the total weight rather than the count', () => {
    const cache = new BoundedCache<string, string>(100, (v) => v.length);
    for (let i = 0; i < 50; i++) cache.set(`small${i}`, 'x');
    // Ten values of weight 20 fill more than the whole budget: the fifty small ones go.
    for (let i = 0; i < 10; i++) cache.set(`big${i}`, 'y'.repeat(20));
    let weight = 0;
    for (let i = 0; i < 50; i++) weight += cache.get(`small${i}`)?.length ?? 0;
    for (let i = 0; i < 10; i++) weight += cache.get(`big${i}`)?.length ?? 0;
    expect(weight).toBeLessThanOrEqual(100);
    expect(cache.get('big9')).toBe('y'.repeat(20));
    // A value heavier than a generation is not kept, and does not leave an older value behind.
    cache.set('huge', 'z');
    cache.set('huge', 'z'.repeat(51));
    expect(cache.get('huge')).toBeUndefined();
  });

  it('counts a key set again once', () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set('a', 1);
    for (let i = 0; i < 10; i++) cache.set('b', i);
    // Two entries in a generation of two: 'a' is still there.
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBe(9);
  });
});
