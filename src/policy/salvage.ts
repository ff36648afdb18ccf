/**
 * When a policy's shape is invalid, the parts that are valid can still be
 * checked for references, so one `validate` run lists every problem. Each
 * section and each entry is parsed on its own; an entry that fails keeps its
 * name and position with a stand-in that raises no problem of its own, so
 * references to it are not reported as unknown and error paths keep their indices.
 */
import { z } from 'zod';
import {
  attributionSettingsSchema,
  budgetSchema,
  defaultRouteSchema,
  proofSchema,
  routeSchema,
  type PolicyDocument,
  type Proof,
  type Route,
} from './schema.js';

const STAND_IN_PROOF: Proof = reviewStandIn();
const standInRoute = (i: number): Route => ({ name: `invalid-route-${i}`, paths: ['**'], require: [], appliesTo: 'agent' });

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

/** The best valid document the raw data allows, for reference checks only. */
export function salvage(data: unknown): PolicyDocument {
  const raw = record(data);
  const routes = Array.isArray(raw['routes']) ? (raw['routes'] as unknown[]) : [];
  return {
    version: 1,
    tiers: entries(raw['tiers'], z.array(z.string().min(1)).min(1), ['*']),
    proofs: entries(raw['proofs'], proofSchema, STAND_IN_PROOF),
    routes: routes.map((route, i) => section(route, routeSchema, standInRoute(i))),
    default: section(raw['default'] ?? {}, defaultRouteSchema, { require: [], appliesTo: 'agent' }),
    budgets: section(raw['budgets'] ?? {}, budgetSchema, {}),
    attribution: section(raw['attribution'] ?? {}, attributionSettingsSchema, { unknownModel: 'allow', unattributed: 'human' }),
  };
}
