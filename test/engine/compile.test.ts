import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/engine/compile.js';
import { retainedBy } from '../support/heap.js';
import { policy } from '../support/snapshots.js';

const GLOBS = [
  'src/**',
  '!src/**/*.md',
  'src/auth/**',
  'docs/**',
  '**/*.md',
  'README.md',
  'src/{api,web}/**',
  'lib/*.ts',
  '.github/workflows/**',
  'packages/*/src/**',
  '!**/generated/**',
  '**/auth/**',
  '**/*.yml',
  '**/a.ts',
  'lib/?.ts',
  '**/x.*',
];
const SEGMENTS = ['src', 'auth', 'api', 'web', 'docs', 'lib', 'packages', 'core', 'generated', '.github', 'workflows', 'a.ts', 'README.md', 'x.md', 'b.yml'];

/**
 * What a route should match, by picomatch (an independent glob implementation)
 * on globs where its syntax and proofgate's agree (`*`, `**`, braces, no
 * parentheses or brackets): some positive glob and no negated one.
 */
function naive(globs: string[], path: string): boolean {
  const pos = globs.filter((g) => !g.startsWith('!'));
  const neg = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  return pos.some((g) => picomatch.isMatch(path, g, { dot: true })) && !neg.some((g) => picomatch.isMatch(path, g, { dot: true }));
}

describe('compiled routes', () => {
  it('match exactly what picomatch matches on the shared syntax, whatever the route index skips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...GLOBS), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
        (routeGlobs, pathSegments) => {
          const routes = routeGlobs.map((paths, i) => ({ name: `r${i}`, paths }));
          const compiled = compilePolicy(policy({ version: 1, routes }));
          for (const path of pathSegments.map((s) => s.join('/'))) {
            const expected = routes.filter((r) => naive(r.paths, path)).map((r) => r.name);
            expect(compiled.routesFor(path).map((r) => r.name)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compiles a policy once and reuses it', () => {
    const p = policy({ version: 1, routes: [{ name: 'a', paths: ['src/**'] }] });
    expect(compilePolicy(p)).toBe(compilePolicy(p));
  });

  it("keeps a path's routes, asked again by a later evaluation, where no caller can change them", () => {
    const p = compilePolicy(
      policy({
        version: 1,
        routes: [
          { name: 'auth', paths: ['src/auth/**'] },
          { name: 'src', paths: ['src/**'] },
        ],
      }),
    );
    const first = p.routesFor('src/auth/login.ts');
    expect(first.map((r) => r.name)).toEqual(['auth', 'src']);
    expect(p.routesFor('src/auth/login.ts')).toBe(first);
    expect(() => (first as unknown[]).push(p.fallback)).toThrow(TypeError);
    expect(p.routesFor('src/auth/login.ts').map((r) => r.name)).toEqual(['auth', 'src']);
    expect(p.routesFor('docs/x.md')).toEqual([]);
  });

  it('keeps no more than a few MB of the paths and model ids it was asked about, however long and many (100 MB of them)', () => {
    const p = compilePolicy(policy({ version: 1, routes: [{ name: 'src', paths: ['src/**'] }], tiers: { fast: ['*-mini'] } }));
    const long = 'x'.repeat(1000);
    const retained = retainedBy(() => {
      for (let i = 0; i < 50_000; i++) {
        p.routesFor(`src/${i}/${long}.ts`);
        p.tiersOf(`model-${i}-${long}`);
      }
    });
    expect(retained).toBeLessThan(12);
    expect(p.routesFor(`src/1/${long}.ts`).map((r) => r.name)).toEqual(['src']);
    expect(p.tiersOf('gpt-5-mini')).toEqual(['fast']);
  });

  it('puts a model in every tier whose globs match it', () => {
    const p = policy({ version: 1, tiers: { fast: ['*-mini', 'claude-haiku-*'], cheap: ['gpt-5-mini'], strong: ['claude-opus-*'] } });
    expect(compilePolicy(p).tiersOf('gpt-5-mini')).toEqual(['fast', 'cheap']);
    expect(compilePolicy(p).tiersOf('claude-opus-4-6')).toEqual(['strong']);
    expect(compilePolicy(p).tiersOf('mystery-model')).toEqual([]);
  });
});

describe('compiled globs shared between policies', () => {
  // Globs are compiled once per text and reused by every policy that holds the same globs.
  it('gives each policy its own globs when routes share a name but not their paths', () => {
    const names = (p: ReturnType<typeof policy>, path: string) =>
      compilePolicy(p)
        .routesFor(path)
        .map((r) => r.name);
    const a = policy({ version: 1, routes: [{ name: 'guarded', paths: ['src/**', '!src/**/*.md'] }] });
    const b = policy({ version: 1, routes: [{ name: 'guarded', paths: ['src/**'] }] });
    const d = policy({ version: 1, routes: [{ name: 'guarded', paths: ['src/**', 'docs/**'] }] });
    // One glob with a literal comma: not the two globs above.
    const c = policy({ version: 1, routes: [{ name: 'guarded', paths: ['src/**,docs/**'] }] });
    expect(names(a, 'src/x.ts')).toEqual(['guarded']);
    expect(names(a, 'src/x.md')).toEqual([]);
    expect(names(b, 'src/x.md')).toEqual(['guarded']);
    expect(names(d, 'docs/x.md')).toEqual(['guarded']);
    expect(names(c, 'docs/x.md')).toEqual([]);
    expect(names(policy({ version: 1, routes: [{ name: 'guarded', paths: ['src/**', '!src/**/*.md'] }] }), 'src/x.md')).toEqual([]);
  });
});
