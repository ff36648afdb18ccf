/**
 * Finds the zod schema that governs a path in the policy, so an error about an
 * unknown key can list the keys that are valid at that spot.
 */
import type { z } from 'zod';
import { policySchema } from './schema.js';
import type { PathSegment } from './positions.js';

type AnySchema = z.core.$ZodType;

interface LooseDef {
  type: string;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  innerType?: AnySchema;
  options?: readonly AnySchema[];
  discriminator?: string;
}

function defOf(schema: AnySchema): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** Strips `.default()` / `.optional()` wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let def = defOf(current); def.innerType; def = defOf(current)) current = def.innerType;
  return current;
}

function valueAt(data: unknown, segment: PathSegment): unknown {
  if (data !== null && typeof data === 'object') return (data as Record<PathSegment, unknown>)[segment];
  return undefined;
}

/** For a discriminated union, the option whose discriminator matches the data. */
function pickOption(def: LooseDef, data: unknown): AnySchema | null {
  const tag = def.discriminator ? valueAt(data, def.discriminator) : undefined;
  for (const option of def.options ?? []) {
    const shape = defOf(unwrap(option)).shape;
    const literal = shape && def.discriminator ? shape[def.discriminator] : undefined;
    const values = literal ? (defOf(literal) as { values?: unknown[] }).values : undefined;
    if (values?.includes(tag)) return option;
  }
  return null;
}

function child(schema: AnySchema, segment: PathSegment, data: unknown): AnySchema | null {
  let def = defOf(unwrap(schema));
  if (def.type === 'union') {
    const option = pickOption(def, data);
    if (!option) return null;
    def = defOf(unwrap(option));
  }
  if (def.type === 'object') return def.shape?.[String(segment)] ?? null;
  if (def.type === 'record') return def.valueType ?? null;
  if (def.type === 'array') return def.element ?? null;
  return null;
}

/** The schema at `path` (with `data` deciding discriminated unions), unwrapped. */
export function schemaAt(path: readonly PathSegment[], data: unknown): AnySchema | null {
  let schema: AnySchema = policySchema;
  let value = data;
  for (const segment of path) {
    const next = child(schema, segment, value);
    if (!next) return null;
    schema = next;
    value = valueAt(value, segment);
  }
  const resolved = unwrap(schema);
  const def = defOf(resolved);
  if (def.type === 'union') {
    const option = pickOption(def, value);
    return option ? unwrap(option) : resolved;
  }
  return resolved;
}

/** The keys an object at `path` accepts, in schema order; empty when it is not an object. */
export function keysAt(path: readonly PathSegment[], data: unknown): string[] {
  const schema = schemaAt(path, data);
  const shape = schema ? defOf(schema).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

/**
 * For a key that belongs to a different proof kind than the one written
 * (`count` on a check proof), the kinds that accept it.
 */
export function proofKindsWithKey(key: string): string[] {
  const union = unwrap(defOf(unwrap(policySchema.shape.proofs)).valueType as AnySchema);
  const kinds: string[] = [];
  for (const option of defOf(union).options ?? []) {
    const shape = defOf(unwrap(option)).shape ?? {};
    const kind = shape['kind'] ? (defOf(shape['kind']) as { values?: unknown[] }).values?.[0] : undefined;
    if (key in shape && typeof kind === 'string') kinds.push(kind);
  }
  return kinds;
}
