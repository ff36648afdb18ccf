/**
 * The second validation pass: the schema says each value has the right shape;
 * this says the values refer to things that exist and can do what they claim.
 */
import { globProblem, isNegation } from './globs.js';
import type { PolicyIssue } from './issue.js';
import type { PathSegment } from './positions.js';
import { checkProofPolicy } from '../proofs/registry.js';
import { DEFAULT_ROUTE_NAME, POLICY_CHANGE_ROUTE } from './reserved.js';
import type { DefaultRoute, PolicyDocument, Route } from './schema.js';
import { suggestionHint } from './suggest.js';

export interface SemanticOptions {
  /**
   * Canonical agent ids routes may name (the attribution catalog). When absent,
   * any lower-kebab id is accepted, since the catalog is open-ended.
   */
  agentIds?: readonly string[];
}

/**
 * The words `attribution.unknownModel` takes besides a tier name: a tier named
 * like one (in any case) would make `unknownModel: allow` read two ways.
 */
const UNKNOWN_MODEL_WORDS = ['allow', 'deny'] as const;

/** Ids every policy may use whatever the catalog: `unknown` is declared AI help with no agent named. */
const BUILT_IN_AGENT_IDS = ['unknown'];
const lowerKebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Push = (path: PathSegment[], message: string, hint: string | null, anchor?: 'key' | 'value') => void;

function checkReferences(push: Push, base: PathSegment[], names: readonly string[] | undefined, defined: readonly string[], noun: string): void {
  names?.forEach((name, i) => {
    if (!defined.includes(name)) push([...base, i], `unknown ${noun} \`${name}\``, suggestionHint(name, defined, noun));
  });
}

function checkAgents(push: Push, base: PathSegment[], agents: readonly string[] | undefined, options: SemanticOptions): void {
  agents?.forEach((agent, i) => {
    if (options.agentIds) {
      const known = [...options.agentIds, ...BUILT_IN_AGENT_IDS];
      if (!known.includes(agent)) push([...base, i], `unknown agent \`${agent}\``, suggestionHint(agent, known, 'agent id'));
    } else if (!lowerKebab.test(agent)) {
      push([...base, i], `agent \`${agent}\` is not a canonical agent id`, 'agent ids are lower-kebab, such as `claude-code` or `github-copilot`');
    }
  });
}

function checkRouteRefs(push: Push, base: PathSegment[], route: Route | DefaultRoute, doc: PolicyDocument, options: SemanticOptions): void {
  checkReferences(push, [...base, 'tiers'], route.tiers, Object.keys(doc.tiers), 'tier');
  checkAgents(push, [...base, 'agents'], route.agents, options);
  checkReferences(push, [...base, 'require'], route.require, Object.keys(doc.proofs), 'proof');
}

function checkPaths(push: Push, base: PathSegment[], paths: readonly string[]): void {
  paths.forEach((pattern, i) => {
    const problem = globProblem(pattern, 'path');
    if (problem) push([...base, 'paths', i], problem.message, problem.hint);
  });
  if (paths.every(isNegation)) {
    push(
      [...base, 'paths'],
      'every path glob is an exclusion, so the route matches no file',
      'add a glob that includes files, such as `"**"`, before the `!` exclusions',
    );
  }
}

/** Every reference and glob problem in an already schema-valid policy, in document order. */
export function semanticIssues(doc: PolicyDocument, options: SemanticOptions = {}): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const push: Push = (path, message, hint, anchor = 'value') => issues.push({ path, anchor, message, hint });
  const tierNames = Object.keys(doc.tiers);

  for (const [tier, globs] of Object.entries(doc.tiers)) {
    const reserved = UNKNOWN_MODEL_WORDS.find((word) => word === tier.toLowerCase());
    if (reserved) {
      push(
        ['tiers', tier],
        `the tier name \`${tier}\` is reserved`,
        `\`attribution.unknownModel: ${reserved}\` ${reserved === 'allow' ? 'lets an agent that names no model through' : 'refuses an agent that names no model'}, so a tier by this name could not be told from it; rename the tier`,
        'key',
      );
    }
    globs.forEach((pattern, i) => {
      const problem = globProblem(pattern, 'model');
      if (problem) push(['tiers', tier, i], problem.message, problem.hint);
    });
  }

  for (const [name, proof] of Object.entries(doc.proofs)) {
    checkProofPolicy(proof, (path, message, hint, anchor) => push(['proofs', name, ...path], message, hint, anchor));
  }

  const firstRouteByName = new Map<string, number>();
  doc.routes.forEach((route, i) => {
    const base: PathSegment[] = ['routes', i];
    const first = firstRouteByName.get(route.name);
    if (route.name === DEFAULT_ROUTE_NAME || route.name === POLICY_CHANGE_ROUTE) {
      const use = route.name === DEFAULT_ROUTE_NAME ? 'for the files no route matches' : 'for changes to the policy file itself';
      push([...base, 'name'], `the route name \`${route.name}\` is reserved`, `receipts use it ${use}; pick another name`);
    } else if (first === undefined) firstRouteByName.set(route.name, i);
    else push([...base, 'name'], `duplicate route name \`${route.name}\``, `routes[${first}] already uses it; route names must be unique`);
    checkPaths(push, base, route.paths);
    checkRouteRefs(push, base, route, doc, options);
  });

  checkRouteRefs(push, ['default'], doc.default, doc, options);

  if (doc.budgets.escalateTo !== undefined && !tierNames.includes(doc.budgets.escalateTo)) {
    push(['budgets', 'escalateTo'], `unknown tier \`${doc.budgets.escalateTo}\``, suggestionHint(doc.budgets.escalateTo, tierNames, 'tier'));
  }

  const unknownModel = doc.attribution.unknownModel;
  if (typeof unknownModel === 'object') {
    checkReferences(push, ['attribution', 'unknownModel', 'require'], unknownModel.require, Object.keys(doc.proofs), 'proof');
  } else if (unknownModel !== 'deny' && unknownModel !== 'allow' && !tierNames.includes(unknownModel)) {
    const choices = ['deny', 'allow', ...tierNames];
    push(
      ['attribution', 'unknownModel'],
      `\`unknownModel\` must be \`deny\`, \`allow\`, a tier name or \`{ require: [proof, …] }\`, found \`${unknownModel}\``,
      suggestionHint(unknownModel, choices, 'choice'),
    );
  }
  return issues;
}
