/**
 * The JSON Schema for editors (yaml-language-server, VS Code), generated from the
 * zod schema so the two cannot disagree. `npm run schema` writes it to
 * schema/proofgate.schema.json; a test fails when the committed file is stale.
 */
import { z } from 'zod';
import { policySchema } from './schema.js';

/** Where the schema is served: editors and SchemaStore fetch it from this URL. */
export const POLICY_SCHEMA_ID = 'https://raw.githubusercontent.com/proofgate/proofgate/main/schema/proofgate.schema.json';
export const POLICY_SCHEMA_FILE = 'schema/proofgate.schema.json';

export function policyJsonSchema(): Record<string, unknown> {
  // `io: 'input'` describes what a user writes: keys with defaults are optional.
  const generated = z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'proofgate policy',
    description: 'Routing policy for proofgate (.github/proofgate.yml): model tiers, proofs, routes, budgets. See docs/policy.md.',
    ...rest,
  };
}

/** The file's exact text: two-space JSON with a final newline. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
