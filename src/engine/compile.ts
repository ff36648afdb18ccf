/** A policy with its globs compiled; built once per policy object and reused. */
import type { Policy } from '../policy/types.js';
import type { DefaultRoute, Route } from '../policy/schema.js';
import { compileNameGlobs, compilePathGlobs, type Matcher } from './glob.js';

export const DEFAULT_ROUTE_NAME = 'default';

export interface CompiledRoute {
  name: string;
  matches: Matcher;
  tiers: string[] | null;
  agents: string[] | null;
  require: string[];
  appliesTo: 'agent' | 'all';
}

export interface CompiledPolicy {
  routes: CompiledRoute[];
  fallback: CompiledRoute;
  /** Tiers a normalised model id belongs to (memoised). */
  tiersOf(model: string): string[];
}

const cache = new WeakMap<Policy, CompiledPolicy>();

export function compilePolicy(policy: Policy): CompiledPolicy {
  const cached = cache.get(policy);
  if (cached) return cached;
  const { doc } = policy;
  const tierMatchers = Object.entries(doc.tiers).map(
    ([tier, globs]) => [tier, compileNameGlobs(globs.map((g) => g.toLowerCase()))] as const,
  );
  const memo = new Map<string, string[]>();
  const compiled: CompiledPolicy = {
    routes: doc.routes.map((route) => compileRoute(route.name, route, compilePathGlobs(route.paths))),
    fallback: compileRoute(DEFAULT_ROUTE_NAME, doc.default, () => true),
    tiersOf(model) {
      const key = model.toLowerCase();
      let tiers = memo.get(key);
      if (!tiers) {
        tiers = tierMatchers.filter(([, matches]) => matches(key)).map(([tier]) => tier);
        memo.set(key, tiers);
      }
      return tiers;
    },
  };
  cache.set(policy, compiled);
  return compiled;
}

function compileRoute(name: string, route: Route | DefaultRoute, matches: Matcher): CompiledRoute {
  return {
    name,
    matches,
    tiers: route.tiers ?? null,
    agents: route.agents ?? null,
    require: route.require,
    appliesTo: route.appliesTo,
  };
}
