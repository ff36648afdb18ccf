import fc from 'fast-check';
/** Glob syntax as docs/policy.md states it: paths, check names, model ids. */
import { describe, expect, it } from 'vitest';
import { compileModelGlobs, compilePathGlobs, nameGlob } from '../../src/glob.js';
import { compilePolicy } from '../../src/engine/compile.js';
import { policy } from '../support/snapshots.js';

const matches = (glob: string, path: string) => compilePathGlobs([glob])(path);

describe('path globs', () => {
  it.each([
    // Next.js route groups and dynamic segments: parentheses and brackets are literal, escaped or not.
    ['app/(admin)/**', 'app/(admin)/users/page.tsx', true],
    ['app/\\(admin\\)/**', 'app/(admin)/users/page.tsx', true],
    ['app/[slug]/**', 'app/[slug]/page.tsx', true],
    ['app/\\[slug\\]/**', 'app/[slug]/page.tsx', true],
    ['app/[slug]/**', 'app/s/page.tsx', false],
    ['app/[[...slug]]/page.tsx', 'app/[[...slug]]/page.tsx', true],
    ['app/(shop)/[id]/*.tsx', 'app/(shop)/[id]/page.tsx', true],
    ['app/@modal/(.)photo/**', 'app/@modal/(.)photo/page.tsx', true],
    ['+(a|b)/**', 'a/x', false],
    ['+(a|b)/**', '+(a|b)/x', true],
    // `*` stays within a segment, `**` spans any number, none included.
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/lib/a.ts', false],
    ['src/**', 'src/a/b/c.ts', true],
    ['src/**', 'src', true],
    ['**/auth/**', 'auth/x.ts', true],
    ['**/auth/**', 'a/b/auth/c/d.ts', true],
    ['**/auth/**', 'a/oauth/c.ts', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/x/y/c', false],
    ['**/*.md', '.github/README.md', true],
    ['*', '.env', true],
    ['?.ts', 'a.ts', true],
    ['?.ts', 'ab.ts', false],
    ['?.ts', '😀.ts', true],
    ['src/{api,web}/**', 'src/web/x', true],
    ['src/{api,web}/**', 'src/cli/x', false],
    ['**/*.{ts,tsx}', 'a/b.tsx', true],
    ['src/{a}', 'src/{a}', true],
    ['a,b', 'a,b', true],
    ['\\*.md', '*.md', true],
    ['\\*.md', 'a.md', false],
  ])('%s matches %j: %s', (glob, path, expected) => {
    expect(matches(glob, path)).toBe(expected);
  });

  it.each([
    ['src/auth/**', 'src/auth/token\n.ts'],
    ['src/auth/**', 'src/auth/\n/x.ts'],
    ['src/auth/**', 'src/auth/a\r\u2028\u2029\u0085\u0000b.ts'],
    ['src/*/x', 'src/\n/x'],
    ['src/?.ts', 'src/\u2028.ts'],
    ['.github/workflows/**', '.github/workflows/ci\n.yml'],
    ['**/*.yml', '.github/workflows/ci\n.yml'],
  ])('%s matches the control-character path %j', (glob, path) => {
    expect(matches(glob, path)).toBe(true);
  });

  it('excludes with `!`', () => {
    const m = compilePathGlobs(['src/**', '!src/**/*.md']);
    expect([m('src/a.ts'), m('src/docs/a.md')]).toEqual([true, false]);
  });

  it('matches a long hostile name against a many-star glob (cost bounded by length × glob)', () => {
    const glob = '**/*a*a*a*a*a*a*a*a*a*a*b/**';
    const path = `${'a'.repeat(32)}/${'a/'.repeat(16)}${'a'.repeat(4000)}`;
    expect(matches(glob, path)).toBe(false);
    expect(matches(glob, `${path}b/x`)).toBe(true);
  });
});

describe('case-variant paths', () => {
  const p = compilePolicy(
    policy({
      version: 1,
      tiers: { strong: ['claude-opus-*'] },
      routes: [
        { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] },
        { name: 'code', paths: ['src/**', '!src/**/*.md'] },
        { name: 'upper', paths: ['Docs/**'] },
      ],
    }),
  );
  const names = (path: string) => p.routesFor(path).map((r) => r.name);

  it('puts a path that differs only in case under the route too', () => {
    expect(names('src/Auth/login.ts')).toEqual(['auth', 'code']);
    expect(names('SRC/AUTH/login.ts')).toEqual(['auth', 'code', 'default']);
    expect(names('src/auth/login.ts')).toEqual(['auth', 'code']);
  });

  it('keeps the default when only a case variant matches', () => {
    expect(names('docs/x.md')).toEqual(['upper', 'default']);
    expect(names('Docs/x.md')).toEqual(['upper']);
  });

  it('applies exclusions only to paths they match exactly', () => {
    expect(names('src/README.md')).toEqual([]);
    expect(names('src/README.MD')).toEqual(['code']);
  });

  it('folds Unicode case and normalisation (NFC/NFD, the Kelvin sign, the capital sharp s)', () => {
    const kelvin = compilePolicy(policy({ version: 1, routes: [{ name: 'k', paths: ['kit/**'] }] }));
    expect(kelvin.routesFor('\u212Ait/x').map((r) => r.name)).toEqual(['k', 'default']);
    const accent = compilePolicy(policy({ version: 1, routes: [{ name: 'e', paths: ['caf\u00e9/**'] }] }));
    expect(accent.routesFor('cafe\u0301/x').map((r) => r.name)).toEqual(['e', 'default']);
    // The capital sharp s lower-cases to ß, which upper-cases to SS: one fold for all three spellings.
    const sharp = compilePolicy(policy({ version: 1, routes: [{ name: 's', paths: ['stra\u00dfe/**'] }] }));
    expect(sharp.routesFor('STRA\u1E9EE/x').map((r) => r.name)).toEqual(['s', 'default']);
    expect(sharp.routesFor('strasse/x').map((r) => r.name)).toEqual(['s', 'default']);
    const capital = compilePolicy(policy({ version: 1, routes: [{ name: 's', paths: ['STRA\u1E9EE/**'] }] }));
    expect(capital.routesFor('stra\u00dfe/x').map((r) => r.name)).toEqual(['s', 'default']);
  });
});

describe('check-name globs: `*` matches any text, everything else is literal', () => {
  it.each([
    ['ci / test (*)', 'ci / test (20.x)', true],
    ['ci / test (*)', 'ci / test smoke-only', false],
    ['build [linux]', 'build [linux]', true],
    ['build [linux]', 'build l', false],
    ['test*', 'test', true],
    ['test*', 'tests / unit', true],
    ['*typecheck*', 'ci / typecheck (node 20)', true],
    ['ci / *', 'ci / lint', true],
    ['ci / *', 'ci/lint', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['a?c', 'abc', false],
    ['a?c', 'a?c', true],
    ['{a,b}', 'a', false],
    ['+(x)', '+(x)', true],
    ['*', '', true],
    ['Test', 'test', false],
  ])('%j accepts %j: %s', (glob, name, expected) => {
    expect(nameGlob(glob)(name)).toBe(expected);
  });

  it('never matches a name longer than 1,024 characters', () => {
    expect(nameGlob('*')('x'.repeat(1025))).toBe(false);
    expect(nameGlob('*')('x'.repeat(1024))).toBe(true);
  });
});

describe('model-id globs (tiers)', () => {
  it.each([
    ['**/gpt-5.[0-9]', 'gpt-5.1', true],
    ['**/gpt-5.[0-9]', 'openai/gpt-5.1', true],
    ['**/gpt-5.[0-9]', 'gpt-5.x', false],
    ['**/gpt-5.[!0-9]', 'gpt-5.x', true],
    ['**/claude-opus-*', 'openrouter/anthropic/claude-opus-4-6', true],
    ['**/claude-opus-*', 'claude-opus-4-6', true],
    ['**/claude-opus-*', 'xclaude-opus-4-6', false],
    ['*-mini', 'openai/gpt-5-mini', true],
    ['gpt-5.?', 'gpt-5.1', true],
    ['gpt-5.?', 'gpt-5.10', false],
    ['gpt-\\*', 'gpt-*', true],
    ['gpt-\\*', 'gpt-5', false],
    ['gpt-(5)', 'gpt-(5)', true],
  ])('%j accepts %j: %s', (glob, id, expected) => {
    expect(compileModelGlobs([glob])(id)).toBe(expected);
  });

  it('matches as the regular expression the documented syntax describes (`**/` an optional prefix ending in `/`, `*` any text, `?` one character)', () => {
    const toRegExp = (glob: string) =>
      new RegExp(
        `^${glob.startsWith('**/') ? '(?:.*/)?' : ''}${[...glob.replace(/^\*\*\//, '')].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.\-/]/, '\\$&'))).join('')}$`,
        's',
      );
    const text = (alphabet: string[], maxLength: number) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.boolean(), text(['a', 'b', '/', '-', '.', '*', '?'], 6), text(['a', 'b', '/', '-', '.'], 12), (prefixed, body, id) => {
        const glob = `${prefixed ? '**/' : ''}${body}`;
        expect(compileModelGlobs([glob])(id), `${glob} on ${id}`).toBe(toRegExp(glob).test(id));
      }),
      { numRuns: 5000 },
    );
  });

  it('puts a model id longer than 256 characters in no tier', () => {
    const p = compilePolicy(policy({ version: 1, tiers: { strong: ['**/o3'] } }));
    expect(p.tiersOf(`${'a'.repeat(254)}/o3`)).toEqual([]);
    expect(p.tiersOf(`${'a'.repeat(253)}/o3`)).toEqual(['strong']);
  });
});
