/**
 * Globs the validator refuses (docs/policy.md, `routes` "Paths" and `tiers`):
 * empty, absolute or `./`-relative path globs, path globs with an empty
 * segment, and globs that do not compile. Model globs are not paths.
 */
import { describe, expect, it } from 'vitest';
import { globProblem } from '../../src/policy/globs.js';

describe('path globs that never match', () => {
  it('says to write a path relative to the repository root, keeping an exclusion an exclusion', () => {
    expect(globProblem('/src/**', 'path')).toEqual({
      message: 'glob "/src/**" never matches: paths are relative to the repository root',
      hint: 'write "src/**"',
    });
    expect(globProblem('!./docs/**', 'path')?.hint).toBe('write "!docs/**"');
    expect(globProblem('//src/a.ts', 'path')?.hint).toBe('write "src/a.ts"');
  });

  it('says how to write a glob with an empty segment', () => {
    expect(globProblem('src/auth/', 'path')).toEqual({
      message: 'glob "src/auth/" never matches: a path has no empty segment (a trailing `/` or `//`)',
      hint: 'write "src/auth/**"',
    });
    expect(globProblem('src/auth//', 'path')?.hint).toBe('write "src/auth/**"');
    expect(globProblem('src///a.ts', 'path')?.hint).toBe('write "src/a.ts"');
  });

  it('accepts a glob when one of its alternatives can match', () => {
    expect(globProblem('src/{a/,b}', 'path')).toBeNull();
    expect(globProblem('src/{a/,b/}', 'path')?.message).toContain('never matches');
  });

  it('calls a blank glob empty', () => {
    expect(globProblem('  ', 'path')?.message).toBe('empty glob "  "');
    expect(globProblem('!', 'path')?.message).toBe('empty glob "!"');
  });
});

describe('model globs', () => {
  it('are not paths: a leading `!` or `/` is part of the id', () => {
    expect(globProblem('!', 'model')).toBeNull();
    expect(globProblem('/x', 'model')).toBeNull();
    expect(globProblem('[z-a]', 'model')?.hint).toBe('model globs: docs/policy.md#tiers');
    expect(globProblem('src/{a', 'path')?.hint).toBe('path globs: docs/policy.md#path-globs');
  });
});
