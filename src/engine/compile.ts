/** A policy with its globs compiled; built once per policy object and reused. */
import { BoundedCache } from '../bounded-cache.js';
import type { Policy } from '../policy/types.js';
import type { DefaultRoute, Route } from '../policy/schema.js';
import { foldCase } from '../glob/path.js';
import { compileModelGlobs, compileRouteGlobs, extensionOf, type RouteGlobs } from '../glob.js';

import { DEFAULT_ROUTE_NAME } from '../policy/reserved.js';

export { DEFAULT_ROUTE_NAME };

export interface CompiledRoute {
  name: string;
  tiers: string[] | null;
  agents: string[] | null;
  require: string[];
  appliesTo: 'agent' | 'all';
}

export interface CompiledPolicy {
  routes: CompiledRoute[];
  /**
   * The routes a path is under, in policy order (empty: the fallback applies).
   * A route a path matches only as a case variant (`src/Auth/x.ts` under
   * `src/auth/**`) is added, never substituted: when no route matches the path
   * exactly, the fallback is listed after those routes, so a case variant can
   * add restrictions but not lift the default's.
   */
  routesFor(path: string): readonly CompiledRoute[];
  fallback: CompiledRoute;
  /** Tiers a normalised model id belongs to (memoised). */
  tiersOf(model: string): string[];
}

const cache = new WeakMap<Policy, CompiledPolicy>();
/**
 * What a compiled policy's memos of paths and models may hold, in bytes: the App
 * keeps up to 200 compiled policies, and paths and model ids come from the gated
 * party. About 5,000 paths of 50 characters.
 */
const MEMO_BYTES = 1024 * 1024;
/** A key's string at two bytes a character, the entry and its list (routes and tiers are shared). */
const entryBytes = (_: unknown, key: string) => 2 * key.length + 96;

export function compilePolicy(policy: Policy): CompiledPolicy {
  const cached = cache.get(policy);
  if (cached) return cached;
  const { doc } = policy;
  const tierMatchers = Object.entries(doc.tiers).map(([tier, globs]) => [tier, compileModelGlobs(globs.map((g) => g.toLowerCase()))] as const);
  const memo = new BoundedCache<string, string[]>(MEMO_BYTES, entryBytes);
  const globs = doc.routes.map((route) => routeGlobsOf(route.paths));
  const routes = doc.routes.map((route) => compileRoute(route.name, route));
  const fallback = compileRoute(DEFAULT_ROUTE_NAME, doc.default);
  const candidates = indexRoutes(globs);
  const matchRoutes = (path: string): CompiledRoute[] => {
    const folded = foldCase(path);
    const found: CompiledRoute[] = [];
    let exact = false;
    for (const i of candidates(path, folded)) {
      const g = globs[i]!;
      const included = g.includes(path);
      if (!included && (folded === path && g.foldInvariant ? true : !g.includesFolded(folded))) continue;
      if (g.excludes(path)) continue;
      found.push(routes[i]!);
      if (included) exact = true;
    }
    if (found.length > 0 && !exact) found.push(fallback);
    return found;
  };
  // A path's routes are a pure function of the path: the changes of a backtest or a report,
  // evaluated under one policy object, touch the same files again and again.
  const byPath = new BoundedCache<string, readonly CompiledRoute[]>(MEMO_BYTES, entryBytes);
  const compiled: CompiledPolicy = {
    routes,
    routesFor(path) {
      let found = byPath.get(path);
      if (!found) byPath.set(path, (found = Object.freeze(matchRoutes(path))));
      return found;
    },
    fallback,
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

/**
 * Compiled globs by their text: a policy loaded again (every event reads it
 * afresh from the base branch) reuses them. Compiled globs are pure functions
 * of the glob text and hold no state, so sharing them is safe; bounded.
 */
const routeGlobsCache = new BoundedCache<string, RouteGlobs>(10_000);

function routeGlobsOf(paths: readonly string[]): RouteGlobs {
  const key = JSON.stringify(paths);
  let globs = routeGlobsCache.get(key);
  if (!globs) {
    globs = compileRouteGlobs(paths);
    routeGlobsCache.set(key, globs);
  }
  return globs;
}

function compileRoute(name: string, route: Route | DefaultRoute): CompiledRoute {
  return {
    name,
    tiers: route.tiers ?? null,
    agents: route.agents ?? null,
    require: route.require,
    appliesTo: route.appliesTo,
  };
}

/**
 * Most routes sit under a literal directory (`src/auth/**`), need a literal
 * segment (`**` + `/auth/**`) or an extension (`**` + `/*.md`): index them by it
 * (and by its case fold) so a path is tested only against routes its ancestors,
 * segments or extension name, plus the routes that can match anywhere.
 */
function indexRoutes(globs: RouteGlobs[]): (path: string, folded: string) => number[] {
  const anywhere: number[] = [];
  const maps = { base: new Map<string, number[]>(), segment: new Map<string, number[]>(), ext: new Map<string, number[]>() };
  globs.forEach((g, i) => {
    if (g.keys === null) return anywhere.push(i);
    for (const key of g.keys) {
      const list = maps[key.kind].get(key.text) ?? [];
      if (list[list.length - 1] !== i) list.push(i);
      maps[key.kind].set(key.text, list);
    }
  });
  const seen = new Int32Array(globs.length);
  let stamp = 0;
  const collect = (path: string, found: number[]) => {
    const add = (hits: number[] | undefined) => {
      if (!hits) return;
      for (const i of hits) {
        if (seen[i] !== stamp) {
          seen[i] = stamp;
          found.push(i);
        }
      }
    };
    let start = 0;
    for (let cut = path.indexOf('/'); ; cut = path.indexOf('/', cut + 1)) {
      const end = cut === -1 ? path.length : cut;
      add(maps.base.get(path.slice(0, end)));
      if (maps.segment.size > 0) add(maps.segment.get(path.slice(start, end)));
      if (cut === -1) break;
      start = cut + 1;
    }
    if (maps.ext.size > 0) {
      const ext = extensionOf(path);
      if (ext !== null) add(maps.ext.get(ext));
    }
  };
  return (path, folded) => {
    if (++stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = 1;
    }
    const found: number[] = [];
    for (const i of anywhere) {
      seen[i] = stamp;
      found.push(i);
    }
    collect(path, found);
    if (folded !== path) collect(folded, found);
    return found.length > 1 ? found.sort((a, b) => a - b) : found;
  };
}
