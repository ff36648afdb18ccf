/**
 * GitHub's GraphQL rate-limit score of a query, computed as GitHub documents
 * it ("Calculating a rate limit score before running the call",
 * docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api):
 * each connection (a field given `first` or `last`) needs one request per node
 * of its parent connections, so its requests are the product of the `first`
 * / `last` of the connections around it; the requests of every connection are
 * added up, divided by 100 and rounded, with 1 point at least. A connection
 * left out by `@include(if: false)` or `@skip(if: true)` costs nothing.
 */
import { Kind, parse, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';

export interface QueryCost {
  /** The requests GitHub counts for the query's connections. */
  requests: number;
  /** The rate-limit points the query costs. */
  points: number;
}

export function rateLimitCost(query: string | DocumentNode, variables: Record<string, unknown> = {}): QueryCost {
  const document = typeof query === 'string' ? parse(query) : query;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let requests = 0;

  const value = (node: ValueNode): unknown => {
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.BOOLEAN) return node.value;
    return undefined;
  };
  const included = (node: {
    directives?: ReadonlyArray<{ name: { value: string }; arguments?: ReadonlyArray<{ name: { value: string }; value: ValueNode }> }>;
  }): boolean => {
    for (const d of node.directives ?? []) {
      const condition = d.arguments?.find((a) => a.name.value === 'if');
      const on = condition ? value(condition.value) === true : false;
      if (d.name.value === 'include' && !on) return false;
      if (d.name.value === 'skip' && on) return false;
    }
    return true;
  };
  const limitOf = (field: FieldNode): number | null => {
    for (const arg of field.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      const n = value(arg.value);
      if (typeof n === 'number') return n;
    }
    return null;
  };
  const walk = (set: SelectionSetNode | undefined, parents: number): void => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const limit = limitOf(selection);
        if (limit === null) {
          walk(selection.selectionSet, parents);
        } else {
          requests += parents;
          walk(selection.selectionSet, parents * limit);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, parents);
      } else {
        walk(fragments.get(selection.name.value)?.selectionSet, parents);
      }
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 1);
  return { requests, points: Math.max(1, Math.round(requests / 100)) };
}
