import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { RequestError } from '@octokit/request-error';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphqlBody, nativeJson } from '../../src/github/native-json.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const gh = useFakeGitHub();
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const NativeOctokit = Octokit.plugin(nativeJson);
const native = () => new NativeOctokit({ baseUrl: gh.fake.url, auth: 'ghs_fake_installation_1', log: quiet });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('nativeJson', () => {
  it('gives REST and GraphQL callers the same data as Octokit, parsed by JSON.parse', async () => {
    const { repo, pr } = addAgentPullRequest(gh.fake, { files: 30, commits: 5 });
    const [owner, name] = repo.split('/') as [string, string];
    const query = `query($owner: String!, $repo: String!, $number: Int!) {
      repository(owner: $owner, name: $repo) { pullRequest(number: $number) { number title files(first: 50) { nodes { path additions } } } } }`;
    const expectedRest = (await gh.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner, repo: name, pull_number: pr.number })).data;
    const expectedGraphQL = await gh.client.graphql(query, { owner, repo: name, number: pr.number });

    const parse = vi.spyOn(JSON, 'parse');
    const client = native();
    const rest = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner, repo: name, pull_number: pr.number });
    expect(rest.data).toEqual(expectedRest);
    expect(rest.data).toHaveLength(30);
    expect(await client.graphql(query, { owner, repo: name, number: pr.number })).toEqual(expectedGraphQL);
    // The two response bodies went through the native parser (the fake's own parse runs in this process too, on requests).
    const parsedTexts = parse.mock.calls.map(([text]) => String(text));
    expect(parsedTexts.some((t) => t.startsWith('[') && t.includes('"filename"'))).toBe(true);
    expect(parsedTexts.some((t) => t.startsWith('{"data"'))).toBe(true);
  });

  it("leaves error responses to Octokit: a RequestError with GitHub's message and status", async () => {
    const error = await native()
      .request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'acme', repo: 'nothing', pull_number: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(404);
    expect((error as RequestError).response?.data).toMatchObject({ message: 'Not Found' });
  });

  it('keeps the raw body for a caller that asked for it', async () => {
    addAgentPullRequest(gh.fake, { files: 3 });
    const res = await native().request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: 'acme',
      repo: 'widgets',
      pull_number: 1,
      request: { parseSuccessResponseBody: false },
    });
    expect(res.data).toBeInstanceOf(ReadableStream);
    expect(JSON.parse(await new Response(res.data as unknown as ReadableStream).text())).toHaveLength(3);
  });

  it("sends a GraphQL request's body as Octokit would (the same bytes, written by JSON.stringify)", async () => {
    const seen: Array<{ url: string; type: string; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url!, type: String(req.headers['content-type']), body });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const query = 'query($owner: String!, $n: Int!, $s: String) { viewer { login } }';
      // Strings that look like the BigInt parser's markers, a nested list, a value left out.
      const variables = { owner: 'o', n: 5, s: '12n', list: ['-3nn', 1.5, null, true], gone: undefined };
      for (const client of [new Octokit({ baseUrl: origin, log: quiet }), new NativeOctokit({ baseUrl: origin, log: quiet })]) {
        expect(await client.graphql(query, variables)).toEqual({ ok: true });
        await client.graphql(query, { ...variables, operationName: 'Q' });
      }
      // GitHub Enterprise Server's GraphQL endpoint is beside its REST API, not under it.
      await new NativeOctokit({ baseUrl: `${origin}/api/v3`, log: quiet }).graphql(query, variables);
      expect(seen.slice(2)).toEqual([...seen.slice(0, 2), { ...seen[0]!, url: '/api/graphql' }]);
      expect(JSON.parse(seen[0]!.body)).toEqual({ query, variables: { owner: 'o', n: 5, s: '12n', list: ['-3nn', 1.5, null, true] } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('writes the body only of GraphQL requests Octokit would write one for', () => {
    const graphql = {
      method: 'POST',
      url: '/graphql',
      baseUrl: 'https://api.github.com',
      headers: { accept: 'x' },
      request: {},
      mediaType: {},
      query: 'q',
      variables: { a: 1 },
    };
    expect(graphqlBody(graphql)).toBe('{"query":"q","variables":{"a":1}}');
    expect(graphqlBody({ ...graphql, url: 'https://ghe.example.com/api/graphql' })).toBe('{"query":"q","variables":{"a":1}}');
    expect(graphqlBody({ ...graphql, data: '{}' })).toBeNull();
    expect(graphqlBody({ ...graphql, method: 'GET' })).toBeNull();
    expect(graphqlBody({ ...graphql, url: '/repos/{owner}/{repo}/check-runs' })).toBeNull();
    expect(graphqlBody({ ...graphql, url: '/graphql-like' })).toBeNull();
  });
});
