/**
 * Finds the part of the policy's JSON Schema (generated from the zod schema,
 * src/policy/json-schema.ts) that governs a path in the policy, so an error
 * about an unknown key can list the keys that are valid at that spot.
 */
import { proofKinds } from '../proofs/registry.js';
import { policyJsonSchema } from './json-schema.js';
import type { PathSegment } from './positions.js';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
}

let root: JsonSchema | null = null;

/**
 * Generated once per process: the same schema `npm run schema` writes. zod
 * inlines every definition (no `$ref`; test/policy/schema-walk.test.ts checks it).
 */
function rootSchema(): JsonSchema {
  root ??= policyJsonSchema() as JsonSchema;
  return root;
}

function valueAt(data: unknown, segment: PathSegment): unknown {
  if (data !== null && typeof data === 'object') return (data as Record<PathSegment, unknown>)[segment];
  return undefined;
}

/** For a union, the option whose constant properties (the `kind` discriminator) match the data, or its only mapping. */
function pickOption(options: readonly JsonSchema[], data: unknown): JsonSchema | null {
  for (const option of options) {
    const constants = Object.entries(option.properties ?? {}).filter(([, p]) => 'const' in p);
    if (constants.length > 0 && constants.every(([key, p]) => p.const === valueAt(data, key))) return option;
  }
  // A union with a single mapping option (`unknownModel`: a name or `{ require }`): a mapping selects it.
  const mappings = options.filter((option) => option.type === 'object');
  const isMapping = data !== null && typeof data === 'object' && !Array.isArray(data);
  return isMapping && mappings.length === 1 ? (mappings[0] ?? null) : null;
}

/** The schema itself, or for a union the option `data` selects (null when none does). */
function select(schema: JsonSchema, data: unknown): JsonSchema | null {
  const options = schema.oneOf ?? schema.anyOf;
  return options ? pickOption(options, data) : schema;
}

function child(schema: JsonSchema, segment: PathSegment, data: unknown): JsonSchema | null {
  const current = select(schema, data);
  if (!current) return null;
  if (current.type === 'object') {
    const property = current.properties?.[String(segment)];
    if (property) return property;
    return typeof current.additionalProperties === 'object' ? current.additionalProperties : null;
  }
  if (current.type === 'array') return current.items ?? null;
  return null;
}

/** The schema at `path` (with `data` deciding discriminated unions). */
function schemaAt(path: readonly PathSegment[], data: unknown): JsonSchema | null {
  let schema: JsonSchema = rootSchema();
  let value = data;
  for (const segment of path) {
    const next = child(schema, segment, value);
    if (!next) return null;
    schema = next;
    value = valueAt(value, segment);
  }
  return select(schema, value);
}

/** The keys an object at `path` accepts, in schema order; empty when it is not an object. */
export function keysAt(path: readonly PathSegment[], data: unknown): string[] {
  const schema = schemaAt(path, data);
  return schema?.type === 'object' && schema.properties ? Object.keys(schema.properties) : [];
}

/**
 * For a key that belongs to a different proof kind than the one written
 * (`count` on a check proof), the kinds that accept it.
 */
export function proofKindsWithKey(key: string): string[] {
  return Object.values(proofKinds)
    .filter((module) => Object.hasOwn(module.schema.shape, key))
    .map((module) => module.kind);
}
