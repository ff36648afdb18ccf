/**
 * Paths the gated party chooses (route groups, case variants, control characters)
 * cannot take a file out of the route the policy puts it on. Expected verdicts
 * follow docs/policy.md ("Path globs", "Case-variant paths", "Unsafe paths").
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Verdict } from '../../src/engine/verdict.js';
import { agentCommit, aider, commit, human, NOW, policy, pr, review, run } from '../support/snapshots.js';

const gated = policy({
  version: 1,
  tiers: { fast: ['*-mini'], strong: ['claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' }, 'human-review': { kind: 'review' } },
  routes: [
    { name: 'admin', paths: ['app/\\(admin\\)/**'], tiers: ['strong'] },
    { name: 'shop', paths: ['app/(shop)/[id]/**'], tiers: ['strong'] },
    { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] },
    { name: 'docs', paths: ['docs/**'], tiers: ['fast', 'strong'] },
    { name: 'workflows', paths: ['.github/workflows/**'], require: ['human-review'], appliesTo: 'all' },
  ],
  default: { tiers: ['strong'], require: ['tests'] },
});

const fast = (files: string[]) => agentCommit(files, aider('gpt-5-mini'));
const tierViolation = (v: Verdict) => v.violations.find((x) => x.kind === 'tier');
const green = { checkRuns: [run('tests', 'success')] };

describe('route groups and dynamic segments', () => {
  it.each([
    ['an escaped route group', 'app/(admin)/users/page.tsx', 'admin'],
    ['an unescaped route group with a dynamic segment', 'app/(shop)/[id]/page.tsx', 'shop'],
  ])('keeps a fast model out of %s', (_label, path, routeName) => {
    const v = evaluate(gated, pr([fast([path])], green), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(tierViolation(v)).toMatchObject({ route: routeName, files: [path] });
  });
});

describe('case-variant paths', () => {
  it('keeps a fast model out of src/Auth/ when src/auth/** is strong-only', () => {
    const v = evaluate(gated, pr([fast(['src/Auth/login.ts'])], green), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(tierViolation(v)?.message).toContain('auth');
  });

  it('does not let a case variant of a looser route lift the stricter default', () => {
    // DOCS/ is docs/ on a case-insensitive checkout, but only the default matches it exactly.
    const v = evaluate(gated, pr([fast(['DOCS/guide.md'])], green), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(tierViolation(v)?.message).toContain('default');
    expect(v.routes.map((r) => r.name)).toEqual(['docs', 'default']);
  });

  it('does not let a rename to a case variant lift the stricter default either', () => {
    const snapshot = pr([fast(['DOCS/guide.md'])], green);
    snapshot.files = [{ path: 'DOCS/guide.md', status: 'renamed', previousPath: 'notes/guide.md', additions: 0, deletions: 0 }];
    const v = evaluate(gated, snapshot, { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(tierViolation(v)?.message).toContain('default');
  });

  it('still lets the exact path through its own route', () => {
    expect(evaluate(gated, pr([fast(['docs/guide.md'])], green), { now: NOW }).conclusion).toBe('success');
  });
});

describe('paths with control characters', () => {
  it.each([
    ['a newline in the file name', 'src/auth/token\n.ts'],
    ['a directory named by a newline', 'src/auth/\n/x.ts'],
    ['a carriage return', 'src/auth/a\r.ts'],
    ['a line separator', 'src/auth/a\u2028.ts'],
    ['a paragraph separator', 'src/auth/\u2029/x.ts'],
  ])('keeps a fast model out of src/auth/** through %s', (_label, path) => {
    const v = evaluate(gated, pr([fast([path])], green), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(tierViolation(v)).toMatchObject({ route: 'auth', files: [path] });
  });

  it('routes a human adding .github/workflows/ci\\n.yml to the appliesTo: all route, and fails it', () => {
    const path = '.github/workflows/ci\n.yml';
    const v = evaluate(gated, pr([commit('Add CI', [path], human('alice'))], { reviews: [review('erin')] }), { now: NOW });
    expect(v.routes.find((r) => r.name === 'workflows')).toMatchObject({ gated: true, files: [path] });
    expect(v.conclusion).toBe('failure');
    expect(v.violations.map((x) => x.kind)).toEqual(['path']);
  });

  it.each([
    ['U+0000', 'a\u0000b'],
    ['U+001F', 'a\u001fb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['a bidi override', 'a\u202eb'],
    ['a bidi isolate', 'a\u2066b'],
  ])('makes a path with %s a finding, even on no route and by a human', (_label, name) => {
    const v = evaluate(gated, pr([commit('Add a file', [`notes/${name}.txt`], human('alice'))]), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations).toMatchObject([{ kind: 'path', files: [`notes/${name}.txt`] }]);
    expect(v.violations[0]!.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('makes the old path of a rename a finding too', () => {
    const snapshot = pr([commit('Rename', ['notes/clean.txt'], human('alice'))]);
    snapshot.files = [{ path: 'notes/clean.txt', status: 'renamed', previousPath: 'notes/bad\n.txt', additions: 0, deletions: 0 }];
    const v = evaluate(gated, snapshot, { now: NOW });
    expect(v.violations).toMatchObject([{ kind: 'path', files: ['notes/bad\n.txt'] }]);
  });

  it('leaves ordinary Unicode names alone', () => {
    const v = evaluate(gated, pr([commit('Add', ['notes/café ☕ 日本.txt'], human('alice'))]), { now: NOW });
    expect(v.conclusion).toBe('neutral');
  });
});
