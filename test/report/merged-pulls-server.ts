/**
 * A loopback GitHub GraphQL endpoint for the report's merged-pulls query: it
 * executes each query against GitHub's schema (so answers have GitHub's shape)
 * over the given merged pull requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate } from 'graphql';
import { githubGraphQLSchema } from '../support/fake-github/index.js';

export interface Run {
  name: string;
  conclusion: string | null;
  status: string;
  startedAt: string;
}
export interface Pull {
  number: number;
  headRefOid: string;
  changesRequested: number;
  /** Check runs per commit, oldest commit first. */
  commits: Array<{ oid: string; runs: Run[] }>;
}

export const run = (name: string, conclusion: string | null, startedAt: string): Run => ({
  name,
  conclusion,
  status: conclusion ? 'COMPLETED' : 'IN_PROGRESS',
  startedAt,
});

/** A pull request node as GitHub's resolvers would produce it, honouring the query's arguments. */
function pullNode(p: Pull) {
  return {
    __typename: 'PullRequest',
    number: p.number,
    merged: true,
    headRefOid: p.headRefOid,
    reviews: (args: { states?: string[] }) => ({ totalCount: args.states?.length === 1 && args.states[0] === 'CHANGES_REQUESTED' ? p.changesRequested : 99 }),
    commits: (args: { last?: number }) => ({
      totalCount: p.commits.length,
      nodes: p.commits.slice(-(args.last ?? 250)).map((c) => ({
        commit: {
          oid: c.oid,
          checkSuites: () => ({
            nodes: [
              {
                checkRuns: (a: { filterBy?: { checkName?: string } }) => ({
                  nodes: c.runs.filter((r) => !a.filterBy?.checkName || r.name === a.filterBy.checkName),
                }),
              },
            ],
          }),
        },
      })),
    }),
  };
}

export interface FakeGitHub {
  url: string;
  requests: Array<{ authorization: string | undefined; variables: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Serves MERGED_PULLS_QUERY over loopback: the pages are cut at `first`, cursors are offsets. */
export async function serveGitHub(pulls: Pull[], opts: { status?: number } = {}): Promise<FakeGitHub> {
  const schema = githubGraphQLSchema();
  const requests: FakeGitHub['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
      requests.push({ authorization: req.headers.authorization, variables });
      res.setHeader('content-type', 'application/json; charset=utf-8');
      if (opts.status) {
        res.statusCode = opts.status;
        res.end(JSON.stringify({ message: opts.status === 401 ? 'Bad credentials' : 'Resource not accessible by personal access token' }));
        return;
      }
      const document = parse(query);
      const errors = validate(schema, document);
      if (errors.length > 0) {
        res.end(JSON.stringify({ errors: errors.map((e) => ({ message: e.message })) }));
        return;
      }
      const rootValue = {
        rateLimit: { cost: 1, remaining: 5000 - requests.length },
        search: (args: { first: number; after?: string | null }) => {
          const start = args.after ? Number(args.after) : 0;
          const end = start + args.first;
          return {
            issueCount: pulls.length,
            pageInfo: { hasNextPage: end < pulls.length, endCursor: String(end) },
            nodes: pulls.slice(start, end).map(pullNode),
          };
        },
      };
      void Promise.resolve(execute({ schema, document, rootValue, variableValues: variables })).then((result) => res.end(JSON.stringify(result)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
