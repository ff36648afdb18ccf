/** GitHub-style cursor connections: `first`/`last` required and at most 100. */

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** A GraphQL error that carries GitHub's top-level `type` (NOT_FOUND, FORBIDDEN, …). */
export class GitHubGraphQLError extends Error {
  constructor(
    readonly type: string | null,
    message: string,
  ) {
    super(message);
  }
}

const encode = (i: number): string => Buffer.from(`cursor:v2:${i}`).toString('base64');

function decode(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m) throw new GitHubGraphQLError(null, `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/**
 * Pages `items`. `limit` models GitHub's listing caps (3,000 files, 250
 * commits): `totalCount` counts everything, the pages stop at the cap.
 */
export function connection<T, N>(
  items: readonly T[],
  args: ConnectionArgs,
  field: string,
  toNode: (item: T) => N,
  limit = Number.POSITIVE_INFINITY,
): { totalCount: number; pageInfo: object; nodes: N[]; edges: Array<{ cursor: string; node: N }> } {
  const { first, last } = args;
  if (first == null && last == null) {
    throw new GitHubGraphQLError(null, `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`);
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > 100)) {
      throw new GitHubGraphQLError(null, `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`);
    }
  }
  const listable = items.slice(0, Math.min(items.length, limit));
  let start = args.after ? decode(args.after) + 1 : 0;
  let end = args.before ? decode(args.before) : listable.length;
  start = Math.max(0, Math.min(start, listable.length));
  end = Math.max(start, Math.min(end, listable.length));
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const edges = listable.slice(start, end).map((item, i) => ({ cursor: encode(start + i), node: toNode(item) }));
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < listable.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    nodes: edges.map((e) => e.node),
    edges,
  };
}
