import { Octokit } from '@octokit/rest';
import { RequestError } from '@octokit/request-error';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeJson } from '../../src/github/native-json.js';
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
});
