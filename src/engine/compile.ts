/** A policy with its globs compiled; built once per policy object and reused. */
import type { Policy } from '../policy/types.js';
import type { DefaultRoute, Route } from '../policy/schema.js';
import { compileNameGlobs, compilePathGlobs, literalBases, type Matcher } from '../glob.js';

import { DEFAULT_ROUTE_NAME } from '../policy/reserved.js';

export { DEFAULT_ROUTE_NAME };

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
  /** The routes a path matches, in policy order (empty: the fallback applies). */
  routesFor(path: string): CompiledRoute[];
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
  const routes = doc.routes.map((route) => compileRoute(route.name, route, compilePathGlobs(route.paths)));
  const candidates = indexRoutes(doc.routes.map((r) => r.paths), routes);
  const compiled: CompiledPolicy = {
    routes,
    routesFor(path) {
      return candidates(path).filter((route) => route.matches(path));
    },
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

/**
 * Most routes sit under a literal directory (`src/auth/**`): index them by it so
 * a path is tested only against routes under one of its ancestors, plus the
 * routes that can match anywhere.
 */
function indexRoutes(pathGlobs: string[][], routes: CompiledRoute[]): (path: string) => CompiledRoute[] {
  const anywhere: number[] = [];
  const byBase = new Map<string, number[]>();
  pathGlobs.forEach((globs, i) => {
    const bases = literalBases(globs);
    if (bases === null) return anywhere.push(i);
    for (const base of new Set(bases)) byBase.set(base, [...(byBase.get(base) ?? []), i]);
  });
  return (path) => {
    const found = [...anywhere];
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
      const hits = byBase.get(path.slice(0, cut));
      if (hits) found.push(...hits);
    }
    const exact = byBase.get(path);
    if (exact) found.push(...exact);
    return (found.length > 1 ? [...new Set(found)].sort((a, b) => a - b) : found).map((i) => routes[i]!);
  };
}
