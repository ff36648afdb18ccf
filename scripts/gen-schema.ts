/** Writes schema/proofgate.schema.json from the zod schema (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POLICY_SCHEMA_FILE, policyJsonSchemaText } from '../src/policy/json-schema.js';

// build/scripts/gen-schema.js → the repository root is two levels up.
const target = fileURLToPath(new URL(`../../${POLICY_SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, policyJsonSchemaText());
process.stdout.write(`wrote ${POLICY_SCHEMA_FILE}\n`);
