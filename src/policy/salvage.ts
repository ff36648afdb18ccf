/**
 * When a policy's shape is invalid, the parts that are valid can still be
 * checked for references, so one `validate` run lists every problem. Each
 * section and each entry is parsed on its own; an entry that fails keeps its
 * name and position with a stand-in that raises no problem of its own, so
 * references to it are not reported as unknown and error paths keep their indices.
 * A route is salvaged field by field: an unknown or broken key does not hide
 * an unknown proof or tier in the same route.
 */
import { z } from 'zod';
import {
  attributionSettingsSchema,
  budgetSchema,
  defaultRouteSchema,
  proofSchema,
  routeSchema,
  type DefaultRoute,
  type PolicyDocument,
  type Proof,
  type Route,
} from './schema.js';

const standInRoute = (i: number): Route => ({ name: `invalid-route-${i}`, paths: ['**'], require: [], appliesTo: 'agent' });

/** Built on first use: salvage runs only for an invalid policy, and a first zod parse costs a fresh process ~5 ms. */
function reviewStandIn(): Proof {
  return proofSchema.parse({ kind: 'review' });
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function entries<T>(value: unknown, schema: z.ZodType<T>, standIn: T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, item] of Object.entries(record(value))) {
    const parsed = schema.safeParse(item);
    out[key] = parsed.success ? parsed.data : standIn;
  }
  return out;
}

function section<T>(value: unknown, schema: z.ZodType<T>, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/** One field of a raw object, when it has the field's valid shape (a missing field takes its default, if any). */
function field<S extends z.ZodType>(raw: Record<string, unknown>, key: string, schema: S): z.infer<S> | undefined {
  const parsed = schema.safeParse(raw[key]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A route's valid fields, with stand-ins (raising no problem) for the broken or
 * missing ones. `appliesTo` and `description` are not checked past the schema.
 */
function salvageRoute(value: unknown, i: number): Route {
  const raw = record(value);
  const shape = routeSchema.shape;
  const standIn = standInRoute(i);
  const tiers = field(raw, 'tiers', shape.tiers);
  const agents = field(raw, 'agents', shape.agents);
  return {
    name: field(raw, 'name', shape.name) ?? standIn.name,
    paths: field(raw, 'paths', shape.paths) ?? standIn.paths,
    ...(tiers ? { tiers } : {}),
    ...(agents ? { agents } : {}),
    require: field(raw, 'require', shape.require) ?? [],
    appliesTo: 'agent',
  };
}

function salvageDefault(value: unknown): DefaultRoute {
  const raw = record(value);
  const shape = defaultRouteSchema.shape;
  const tiers = field(raw, 'tiers', shape.tiers);
  const agents = field(raw, 'agents', shape.agents);
  return {
    ...(tiers ? { tiers } : {}),
    ...(agents ? { agents } : {}),
    require: field(raw, 'require', shape.require) ?? [],
    appliesTo: 'agent',
  };
}

/** The best valid document the raw data allows, for reference checks only. */
export function salvage(data: unknown): PolicyDocument {
  const raw = record(data);
  const routes = Array.isArray(raw['routes']) ? (raw['routes'] as unknown[]) : [];
  return {
    version: 1,
    tiers: entries(raw['tiers'], z.array(z.string().min(1)).min(1), ['*']),
    proofs: entries(raw['proofs'], proofSchema, reviewStandIn()),
    routes: routes.map((route, i) => salvageRoute(route, i)),
    default: salvageDefault(raw['default']),
    budgets: section(raw['budgets'], budgetSchema, {}),
    // A broken or missing section: `allow` is a choice the semantic pass does not question.
    attribution: section(raw['attribution'], attributionSettingsSchema, { unknownModel: 'allow', unattributed: 'human' }),
  };
}
