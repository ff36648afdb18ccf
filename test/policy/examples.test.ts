import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { formatPolicyError } from '../../src/policy/types.js';

const policiesDir = new URL('../../policies/', import.meta.url);
const examples = readdirSync(policiesDir)
  .filter((name) => name.endsWith('.yml'))
  .sort();

function loadExample(name: string) {
  const text = readFileSync(new URL(name, policiesDir), 'utf8');
  return loadPolicy(text, { path: `policies/${name}`, origin: 'file', ref: null });
}

describe('example policies in policies/', () => {
  it('include the minimal, strict, routing-matrix and default policies', () => {
    expect(examples).toEqual(['default.yml', 'minimal.yml', 'routing-matrix.yml', 'strict.yml']);
  });

  it.each(examples)('%s is valid', (name) => {
    const result = loadExample(name);
    expect(result.ok ? [] : result.errors.map(formatPolicyError)).toEqual([]);
  });

  it.each(examples)('%s explains itself with comments', (name) => {
    const text = readFileSync(new URL(name, policiesDir), 'utf8');
    expect(text.split('\n').filter((line) => line.trimStart().startsWith('#')).length).toBeGreaterThanOrEqual(3);
  });

  it('routing-matrix.yml has a route for each row of the matrix, each requiring proof', () => {
    const result = loadExample('routing-matrix.yml');
    if (!result.ok) throw new Error('invalid');
    const { routes, proofs } = result.policy.doc;
    expect(routes.map((r) => r.name)).toEqual(['small-edits', 'tests', 'bug-fix', 'migration', 'security', 'docs']);
    for (const route of routes) expect(route.require.length).toBeGreaterThan(0);
    const byName = Object.fromEntries(routes.map((r) => [r.name, r]));
    expect(byName['bug-fix']?.tiers).toEqual(['strong']);
    expect(byName['migration']?.require).toEqual(['build', 'smoke']);
    expect(byName['security']).toMatchObject({ require: ['security-review'], appliesTo: 'all' });
    expect(proofs['security-review']).toMatchObject({ kind: 'review', teams: ['your-org/security'] });
  });
});
