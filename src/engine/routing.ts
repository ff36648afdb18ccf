/**
 * Files → routes, and which models may touch them. A file matched by several
 * routes needs the union of their proofs and may be touched only by models
 * every one of them allows; a renamed file answers to its old path's routes too.
 */
import type { Snapshot } from '../snapshot.js';
import type { CompiledPolicy, CompiledRoute } from './compile.js';
import { touchKey, type Touch, type TouchIndex, type TouchSet } from './touches.js';
import type { ModelTouch, RouteResult, Violation, ViolationKind } from './verdict.js';

interface RouteAccumulator {
  route: CompiledRoute;
  files: string[];
  touchSets: Set<TouchSet>;
  gated: boolean;
}

interface ViolationGroup {
  kind: ViolationKind;
  /** The agent of the touch: tier and agent rules concern agent commits only. */
  agent: string;
  touch: Touch;
  routes: string[];
  allowed: string[];
  files: string[];
}

export interface Routing {
  routes: RouteResult[];
  violations: Violation[];
  /** Why a route needs more proof than it lists (`unknownModel: { require }`). */
  notes: string[];
}

/** `attribution.unknownModel`: deny, allow, a tier name, or proofs to require. */
export type UnknownModelSetting = string | { require: string[] };

/** `touchIndex`: indexTouches(snapshot, attribution), which evaluations of one snapshot under several policies share. */
export function routeFiles(policy: CompiledPolicy, unknownModel: UnknownModelSetting, snapshot: Snapshot, touchIndex: TouchIndex): Routing {
  // The proofs `unknownModel: { require }` adds to a route an agent without a model touched.
  const unknownModelProofs = typeof unknownModel === 'object' ? unknownModel.require : [];
  const accumulators = new Map<CompiledRoute, RouteAccumulator>();
  // Routes an agent commit without a model touched, when the policy answers that with proofs.
  const unknownModelRoutes = new Map<CompiledRoute, Set<string>>();
  const groups = new Map<string, ViolationGroup>();
  // The groups a (touch set, matched routes) pair falls into; the same for every file that shares them.
  const restrictionsFor = new Map<TouchSet, Map<string, ViolationGroup[]>>();

  const restrictions = (set: TouchSet, restricting: CompiledRoute[]): ViolationGroup[] => {
    const found: ViolationGroup[] = [];
    const add = (agent: string, touch: Touch, kind: ViolationKind, routes: CompiledRoute[], allowed: string[]) => {
      const names = routes.map((r) => r.name);
      const key = JSON.stringify([kind, touchKey(touch), names, allowed]);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { kind, agent, touch, routes: names, allowed, files: [] }));
      found.push(group);
    };
    for (const touch of set.touches) {
      // Tier and agent rules concern agent commits: a human has no model tier.
      const agent = touch.agent;
      if (agent === null) continue;
      const agentRoutes = restricting.filter((r) => r.agents !== null && !r.agents.includes(agent));
      if (agentRoutes.length > 0) add(agent, touch, 'agent', agentRoutes, intersect(agentRoutes.map((r) => r.agents!)));

      const tierRoutes = restricting.filter((r) => r.tiers !== null);
      if (tierRoutes.length === 0) continue;
      let modelTiers: string[];
      if (touch.model !== null) modelTiers = policy.tiersOf(touch.model);
      else if (typeof unknownModel === 'object') {
        for (const route of tierRoutes) {
          const agents = unknownModelRoutes.get(route) ?? new Set<string>();
          agents.add(agent);
          unknownModelRoutes.set(route, agents);
        }
        continue;
      } else if (unknownModel === 'allow') continue;
      else if (unknownModel === 'deny') {
        add(agent, touch, 'unknown-model', tierRoutes, intersect(tierRoutes.map((r) => r.tiers!)));
        continue;
      } else modelTiers = [unknownModel];
      // Checked route by route: the model must belong to a tier each matching route allows.
      const blocking = tierRoutes.filter((r) => !modelTiers.some((t) => r.tiers!.includes(t)));
      if (blocking.length > 0) add(agent, touch, 'tier', blocking, intersect(blocking.map((r) => r.tiers!)));
    }
    return found;
  };

  // A path no route matches is on the default route, also as one side of a rename: moving a file
  // between a route and a path only the default covers answers to both (routesFor lists the
  // default itself for a path that matches a route only as a case variant).
  const routesOf = (path: string) => {
    const found = policy.routesFor(path);
    return found.length > 0 ? found : [policy.fallback];
  };
  const order = [...policy.routes, policy.fallback];
  for (const file of snapshot.files) {
    // A previous path equal to the path adds nothing: the same routes, the same touches.
    const renamedFrom = file.previousPath;
    const matched = renamedFrom ? union(routesOf(file.path), routesOf(renamedFrom), order) : routesOf(file.path);
    const set = renamedFrom ? touchIndex.forFiles([file.path, renamedFrom]) : touchIndex.forFile(file.path);

    for (const route of matched) {
      let acc = accumulators.get(route);
      if (!acc) accumulators.set(route, (acc = { route, files: [], touchSets: new Set(), gated: false }));
      acc.files.push(file.path);
      acc.touchSets.add(set);
      if (route.appliesTo === 'all' || set.byAgent) acc.gated = true;
    }
    if (!set.byAgent) continue;
    const restricting = matched.filter((r) => r.tiers !== null || r.agents !== null);
    if (restricting.length === 0) continue;
    // Touch sets are interned (one object per distinct set), so the set itself is the first key.
    let bySet = restrictionsFor.get(set);
    if (!bySet) restrictionsFor.set(set, (bySet = new Map<string, ViolationGroup[]>()));
    const key = restricting.length === 1 ? restricting[0]!.name : restricting.map((r) => r.name).join(',');
    let found = bySet.get(key);
    if (!found) bySet.set(key, (found = restrictions(set, restricting)));
    for (const group of found) group.files.push(file.path);
  }

  const routes = [...accumulators.values()]
    .sort((a, b) => order.indexOf(a.route) - order.indexOf(b.route))
    .map((acc): RouteResult => {
      // One Touch object per (agent, model) within an index, so identity is the touchKey.
      const touches = new Map<Touch, ModelTouch>();
      for (const set of acc.touchSets) {
        for (const t of set.touches) {
          if (!touches.has(t)) touches.set(t, { agent: t.agent, model: t.model, tiers: t.model ? policy.tiersOf(t.model) : [] });
        }
      }
      const extra = unknownModelRoutes.has(acc.route) ? unknownModelProofs : [];
      return {
        name: acc.route.name,
        gated: acc.gated,
        files: acc.files,
        touches: [...touches.values()],
        required: acc.gated ? [...new Set([...acc.route.require, ...extra])] : [],
        allowedTiers: acc.route.tiers,
        allowedAgents: acc.route.agents,
      };
    });
  const notes = order.flatMap((route) => {
    const agents = unknownModelRoutes.get(route);
    if (!agents) return [];
    const proofs = unknownModelProofs.map((p) => `\`${p}\``).join(', ');
    return [`route ${route.name}: ${[...agents].sort().join(', ')} named no model, so attribution.unknownModel requires ${proofs}`];
  });
  return { routes, violations: [...groups.values()].map(describeGroup), notes };
}

function describeGroup(group: ViolationGroup): Violation {
  const { touch, files } = group;
  const who = `${group.agent}${touch.model ? ` with ${touch.model}` : ''}`;
  const where = `${files.length} file${files.length === 1 ? '' : 's'} on route${group.routes.length === 1 ? '' : 's'} ${group.routes.join(', ')}`;
  const allowedText = group.allowed.length > 0 ? group.allowed.join(', ') : 'none (the routes allow no common value)';
  const base = { route: group.routes[0] ?? null, files, commit: touch.commit };
  switch (group.kind) {
    case 'agent':
      return {
        ...base,
        kind: 'agent',
        message: `${who} touched ${where}, which allow agents: ${allowedText}`,
        next: `Have an allowed agent (${allowedText}) or a human redo the change to ${files[0]}${files.length > 1 ? ' and the others' : ''}.`,
      };
    case 'unknown-model':
      return {
        ...base,
        kind: 'unknown-model',
        message: `${who} names no model but touched ${where}, which allow tiers: ${allowedText}`,
        next: 'Declare the model (an `Assisted-by: AGENT:MODEL` trailer or a session ledger), or set `attribution.unknownModel` in the policy.',
      };
    default:
      return {
        ...base,
        kind: 'tier',
        message: `${who} touched ${where}, which allow tiers: ${allowedText}`,
        next: `Redo the change with a model from tier ${allowedText}, or move it out of ${group.routes.join(', ')}.`,
      };
  }
}

function union(a: readonly CompiledRoute[], b: readonly CompiledRoute[], order: CompiledRoute[]): CompiledRoute[] {
  return order.filter((r) => a.includes(r) || b.includes(r));
}

function intersect(lists: string[][]): string[] {
  const [first, ...rest] = lists;
  return (first ?? []).filter((x) => rest.every((l) => l.includes(x)));
}
