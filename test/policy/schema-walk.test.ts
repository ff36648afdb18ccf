/**
 * The keys valid at a place in the policy, read from its JSON Schema, for the
 * hint on an unknown key (docs/policy.md lists the same keys, in this order).
 */
import { describe, expect, it } from 'vitest';
import { policyJsonSchemaText } from '../../src/policy/json-schema.js';
import { keysAt, proofKindsWithKey } from '../../src/policy/schema-walk.js';
import { errorsOf, FILE, yaml } from './helpers.js';

const data = {
  version: 1,
  proofs: { ci: { kind: 'check' }, r: { kind: 'review' }, odd: { kind: 'attestation' }, none: {} },
  routes: [{ name: 'code' }],
  pricing: { models: { m: {} } },
};

describe('the keys valid at a place', () => {
  it.each([
    [[], ['version', 'tiers', 'proofs', 'routes', 'default', 'budgets', 'pricing', 'attribution']],
    [
      ['routes', 0],
      ['name', 'description', 'paths', 'tiers', 'agents', 'require', 'appliesTo'],
    ],
    [['default'], ['tiers', 'agents', 'require', 'appliesTo']],
    [['budgets'], ['maxRetries', 'maxFailedValidations', 'maxCostUsd', 'maxTokens', 'escalateTo', 'message']],
    [
      ['proofs', 'ci'],
      ['kind', 'name', 'source', 'conclusions', 'app', 'creator', 'description'],
    ],
    [
      ['proofs', 'r'],
      ['kind', 'count', 'users', 'teams', 'allowStale', 'allowCoauthors', 'allowAuthor', 'allowBots', 'requireWriteAccess', 'description'],
    ],
    [
      ['pricing', 'models', 'm'],
      ['input', 'output', 'cacheRead', 'cacheWrite'],
    ],
    [['attribution'], ['unknownModel', 'unattributed']],
  ])('at %j', (path, keys) => {
    expect(keysAt(path, data)).toEqual(keys);
  });

  it('are none where no single mapping applies', () => {
    for (const path of [
      ['proofs', 'odd'],
      ['proofs', 'none'],
      ['routes', 0, 'paths'],
      ['routes', 0, 'name', 'x'],
      ['version'],
      ['nowhere'],
      ['attribution', 'unknownModel'],
    ]) {
      expect(keysAt(path, data), JSON.stringify(path)).toEqual([]);
    }
    expect(keysAt(['proofs', 'ci'], null)).toEqual([]);
  });

  it('names the proof kinds a key belongs to', () => {
    expect(proofKindsWithKey('count')).toEqual(['review']);
    expect(proofKindsWithKey('description')).toEqual(['check', 'review', 'ledger']);
    expect(proofKindsWithKey('nope')).toEqual([]);
  });

  it('is read from a schema with every definition inline', () => {
    expect(policyJsonSchemaText()).not.toContain('"$ref"');
  });

  it('reach the user as the hint on an unknown key', () => {
    expect(errorsOf(yaml('version: 1', 'budgets:', '  maxRetires: 2', '  colour: red'))).toEqual([
      `${FILE}:3:3: unknown key \`maxRetires\` at budgets.maxRetires (did you mean \`maxRetries\`?)`,
      `${FILE}:4:3: unknown key \`colour\` at budgets.colour (valid keys here: \`maxRetries\`, \`maxFailedValidations\`, \`maxCostUsd\`, \`maxTokens\`, \`escalateTo\`, \`message\`)`,
    ]);
  });
});
