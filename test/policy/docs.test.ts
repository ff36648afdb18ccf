import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorsOf } from './helpers.js';

/** Complete policies shown in a markdown file: yaml blocks that start with `version: 1` (after comments). */
function fullPolicies(file: string): string[] {
  const doc = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  return [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').filter((block) => /^(#.*\n)*version: 1/.test(block));
}

describe.each(['docs/policy.md', 'README.md'])('%s', (file) => {
  const policies = fullPolicies(file);

  it('has complete example policies', () => {
    expect(policies.length).toBeGreaterThanOrEqual(1);
  });

  it.each(policies.map((text, i) => [i, text] as const))('example %i is a valid policy', (_, text) => {
    expect(errorsOf(text)).toEqual([]);
  });
});
