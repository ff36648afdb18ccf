import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorsOf } from './helpers.js';

const doc = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');
const fullPolicies = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .filter((block) => block.startsWith('version: 1'));

describe('docs/policy.md', () => {
  it('has complete example policies', () => {
    expect(fullPolicies.length).toBeGreaterThanOrEqual(1);
  });

  it.each(fullPolicies.map((text, i) => [i, text] as const))('example %i is a valid policy', (_, text) => {
    expect(errorsOf(text)).toEqual([]);
  });
});
