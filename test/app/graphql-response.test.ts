/**
 * The hand-built GraphQL response the nock tests serve is the shape GitHub
 * returns for PULL_REQUEST_QUERY: executed against GitHub's schema with the
 * response as the data source, it comes back unchanged (every selected field
 * present with a value of the right type, nothing unselected), and the
 * loader reads it into the snapshot the App evaluates.
 */
import { execute, parse, type GraphQLAbstractType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadPullRequest } from '../../src/github/load.js';
import { PULL_REQUEST_QUERY } from '../../src/github/queries/pull-request.js';
import { githubGraphQLSchema } from '../support/fake-github/index.js';
import { agentPullRequestRecord, HEAD_SHA, pullRequestResponse, type GraphQLResponse } from './support/graphql-response.js';
import { POLICY } from './support/scenario.js';

type Obj = Record<string, unknown>;

/** The concrete type of an interface or union value (GitHub's `__typename`, or the one the query can reach). */
function concreteType(value: unknown, abstractType: GraphQLAbstractType): string {
  const v = value as Obj;
  if (typeof v.__typename === 'string') return v.__typename;
  switch (abstractType.name) {
    case 'GitObject':
      return 'entries' in v ? 'Tree' : 'text' in v || 'isTruncated' in v ? 'Blob' : 'Commit';
    case 'GitSignature':
      return 'GpgSignature';
    case 'RepositoryOwner':
      return 'Organization';
    default:
      throw new Error(`no concrete type for ${abstractType.name}`);
  }
}

/** Runs the loader's query against GitHub's schema, reading each field (or alias) from `response.data`. */
async function replayThroughSchema(response: GraphQLResponse): Promise<{ data: unknown; errors: readonly unknown[] | undefined }> {
  const result = await execute({
    schema: githubGraphQLSchema(),
    document: parse(PULL_REQUEST_QUERY),
    rootValue: response.data,
    variableValues: { owner: 'acme', repo: 'widgets', number: 7, policyPath: '.github/proofgate.yml' },
    fieldResolver: (source, _args, _context, info) => (source as Obj)[info.path.key as string],
    typeResolver: (value, _context, _info, abstractType) => concreteType(value, abstractType),
  });
  return { data: JSON.parse(JSON.stringify(result.data)) as unknown, errors: result.errors };
}

function sampleResponse(): GraphQLResponse {
  const pr = agentPullRequestRecord();
  pr.reviews.push({
    id: 'PRR_kwDOAbc1',
    databaseId: 1,
    author: { login: 'bob', type: 'User' },
    state: 'APPROVED',
    commitSha: HEAD_SHA,
    submittedAt: '2026-11-20T11:00:00Z',
    authorCanPush: true,
  });
  pr.reviews.push({
    id: 'PRR_kwDOAbc2',
    databaseId: 2,
    author: { login: 'approver-bot[bot]', type: 'Bot' },
    state: 'APPROVED',
    commitSha: HEAD_SHA,
    submittedAt: '2026-11-20T11:01:00Z',
    authorCanPush: false,
  });
  return pullRequestResponse({
    pr,
    policy: { path: '.github/proofgate.yml', text: POLICY },
    suites: [
      { app: { slug: 'github-actions', databaseId: 15368 }, runs: [{ databaseId: 11, name: 'tests', conclusion: 'SUCCESS' }] },
      { app: { slug: 'proofgate', databaseId: 1001 }, runs: [{ databaseId: 12, name: 'proofgate', status: 'IN_PROGRESS', externalId: 'sha256:abc' }] },
    ],
  });
}

describe('the hand-built PULL_REQUEST_QUERY response', () => {
  it("matches GitHub's schema and the query's selection exactly", async () => {
    const response = sampleResponse();
    const replayed = await replayThroughSchema(response);
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data).toEqual(response.data);
    // GitHub's error for the missing `.github` repository points at the field the query selects.
    const [error] = response.errors ?? [];
    const line = PULL_REQUEST_QUERY.split('\n')[error!.locations[0]!.line - 1];
    expect(line?.slice(error!.locations[0]!.column - 1)).toMatch(/^repository\(name: "\.github"\)/);
  });

  it('catches a field the query does not select, and an enum in the wrong case', async () => {
    const extra = sampleResponse();
    (extra.data.repository!.pullRequest! as unknown as Obj).mergeable = 'MERGEABLE';
    expect((await replayThroughSchema(extra)).data).not.toEqual(extra.data);

    const lower = sampleResponse();
    lower.data.repository!.pullRequest!.files!.nodes![0]!.changeType = 'modified';
    expect((await replayThroughSchema(lower)).errors).toBeDefined();
  });

  it('is read by loadPullRequest (with the .github NOT_FOUND tolerated) in one request', async () => {
    const response = sampleResponse();
    let calls = 0;
    const client = {
      graphql: async () => {
        calls++;
        // Octokit raises a response with `errors` as a GraphqlResponseError carrying the partial data.
        throw Object.assign(new Error(response.errors![0]!.message), { name: 'GraphqlResponseError', errors: response.errors, data: response.data });
      },
      request: async () => {
        throw new Error('no REST request expected');
      },
    } as unknown as Parameters<typeof loadPullRequest>[0];
    const loaded = await loadPullRequest(
      client,
      { owner: 'acme', repo: 'widgets', number: 7 },
      { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' },
    );

    expect(calls).toBe(1);
    const s = loaded.snapshot;
    expect(s.head.sha).toBe(HEAD_SHA);
    expect(s.files.map((f) => `${f.status} ${f.path}`)).toEqual(['modified src/auth/token.ts', 'added docs/auth.md']);
    expect(s.commits.map((c) => c.coAuthors)).toEqual([
      [{ name: 'Claude Opus 4.6', email: 'noreply@anthropic.com', login: null, isBot: false }],
      [{ name: 'Claude Opus 4.6', email: 'noreply@anthropic.com', login: null, isBot: false }],
    ]);
    expect(s.reviews.map((r) => [r.author?.login, r.state, r.commitSha, r.authorCanPush])).toEqual([
      ['bob', 'APPROVED', HEAD_SHA, true],
      ['approver-bot[bot]', 'APPROVED', HEAD_SHA, false],
    ]);
    expect(s.checkRuns).toEqual([
      expect.objectContaining({ name: 'tests', status: 'completed', conclusion: 'success', app: { slug: 'github-actions', id: 15368 } }),
    ]);
    expect(loaded.ownCheckRun).toEqual({ id: 12, externalId: 'sha256:abc', status: 'in_progress', shown: true });
    expect(loaded.policy).toMatchObject({ text: POLICY, path: '.github/proofgate.yml', origin: 'base-branch' });
  });
});

describe("proofgate's own run in two check suites", () => {
  it('is not the shown run when a newer run of the name (an in-progress mark) is in another suite; the mark is never evidence', async () => {
    const response = pullRequestResponse({
      pr: agentPullRequestRecord(),
      policy: { path: '.github/proofgate.yml', text: POLICY },
      suites: [
        {
          app: { slug: 'proofgate', databaseId: 1001 },
          runs: [{ databaseId: 20, name: 'proofgate', conclusion: 'SUCCESS', externalId: 'sha256:abc verdict:0f' }],
        },
        { app: { slug: 'proofgate', databaseId: 1001 }, runs: [{ databaseId: 21, name: 'proofgate', status: 'IN_PROGRESS', externalId: '' }] },
      ],
    });
    const client = {
      graphql: async () => response.data,
      request: async () => {
        throw new Error('no REST request expected');
      },
    } as unknown as Parameters<typeof loadPullRequest>[0];
    const loaded = await loadPullRequest(
      client,
      { owner: 'acme', repo: 'widgets', number: 7 },
      { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' },
    );
    expect(loaded.ownCheckRun).toEqual({ id: 20, externalId: 'sha256:abc verdict:0f', status: 'completed', shown: false });
    expect(loaded.snapshot.checkRuns).toEqual([]);
  });
});
