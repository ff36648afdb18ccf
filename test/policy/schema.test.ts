import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_SCHEMA_FILE, policyJsonSchema, policyJsonSchemaText } from '../../src/policy/json-schema.js';

describe('schema/proofgate.schema.json', () => {
  it('is current with the zod schema', () => {
    const committed = readFileSync(new URL(`../../${POLICY_SCHEMA_FILE}`, import.meta.url), 'utf8');
    expect(committed, `${POLICY_SCHEMA_FILE} is stale: run \`npm run schema\` and commit the result`).toBe(policyJsonSchemaText());
  });

  it('describes what a user writes: strict objects, only `version` required at the top', () => {
    const schema = policyJsonSchema() as {
      $id: string;
      title: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.$id).toBe('https://raw.githubusercontent.com/proofgate/proofgate/main/schema/proofgate.schema.json');
    expect(schema.title).toBe('proofgate policy');
    expect(schema.required).toEqual(['version']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['version', 'tiers', 'proofs', 'routes', 'default', 'budgets', 'pricing', 'attribution']);
  });
});
