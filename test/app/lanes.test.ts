/**
 * GraphQL queries are reads: they do not wait on the throttle's one-a-second
 * write lane, while REST writes and GraphQL mutations still do.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isContentWrite } from '../../src/app/lanes.js';
import { ProofgateOctokit } from '../../src/app/octokit.js';

let server: Server;
let baseUrl: string;
const arrivals: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const query = req.url === '/graphql' ? (JSON.parse(body) as { query: string }).query : '';
      arrivals.push(req.url === '/graphql' ? (query.includes('mutation') ? 'mutation' : 'query') : `${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url === '/graphql' ? { data: { ok: true } } : { id: 1 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('isContentWrite', () => {
  it('counts REST writes and GraphQL mutations, not reads or GraphQL queries', () => {
    expect(isContentWrite({ method: 'GET', url: '/repos/a/b/pulls' })).toBe(false);
    expect(isContentWrite({ method: 'HEAD', url: '/' })).toBe(false);
    expect(isContentWrite({ method: 'POST', url: '/repos/{owner}/{repo}/check-runs' })).toBe(true);
    expect(isContentWrite({ method: 'PATCH', url: '/repos/a/b/check-runs/1' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: 'query Q { viewer { login } }' })).toBe(false);
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: '{ viewer { login } }' })).toBe(false);
    // GitHub Enterprise Server's endpoint, as @octokit/graphql addresses it.
    expect(isContentWrite({ method: 'POST', url: 'https://ghe.example/api/graphql', query: 'query { viewer { login } }' })).toBe(false);
    expect(isContentWrite({ method: 'POST', url: 'https://ghe.example/api/graphql', query: 'mutation { x }' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: 'https://ghe.example/api/v3/repos/o/r/graphql' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: '# no mutation here\nquery { viewer { login } }' })).toBe(false);
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: 'mutation { addStar(input: {}) { clientMutationId } }' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: 'query A { a } mutation B { b }' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql', data: JSON.stringify({ query: 'mutation{x}' }) })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql', data: JSON.stringify({ query: 'query{x}' }) })).toBe(false);
    // A document that cannot be read is paced like a write.
    expect(isContentWrite({ method: 'POST', url: '/graphql' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql', data: '{cut' })).toBe(true);
  });
});

describe('ProofgateOctokit lanes', () => {
  it('lets GraphQL queries pass the writes queued on the write lane; mutations wait their turn', async () => {
    const log = { warn() {}, info() {}, debug() {}, error() {}, child: () => log };
    const octokit = new ProofgateOctokit({ auth: { token: 'ghs_test' }, baseUrl, log, throttle: { id: 'lanes-test' } });
    arrivals.length = 0;
    // Two writes: the second waits out the lane's minimum gap after the first.
    const writes = [1, 2].map(() => octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: 'o', repo: 'r', name: 'x', head_sha: 'a' }));
    const mutation = octokit.graphql('mutation { addStar(input: { starrableId: "x" }) { clientMutationId } }');
    const queries = [1, 2, 3].map(() => octokit.graphql('query { viewer { login } }'));
    await Promise.all([...writes, mutation, ...queries]);
    // The writes and the mutation one a second, in order; every query before the second write.
    expect(arrivals.filter((a) => a !== 'query')).toEqual(['POST /repos/o/r/check-runs', 'POST /repos/o/r/check-runs', 'mutation']);
    expect(arrivals.filter((a) => a === 'query')).toHaveLength(3);
    expect(arrivals.lastIndexOf('query')).toBeLessThan(arrivals.lastIndexOf('POST /repos/o/r/check-runs'));
  });
});
