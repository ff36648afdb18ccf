import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPullRequest } from '../../src/github/load.js';

const BASE = 'c0ffee0000000000000000000000000000000001';
const HEAD = 'c0ffee0000000000000000000000000000000003';
const POLICY_COMMIT = 'c0ffee0000000000000000000000000000000009';

/**
 * A response in the shape github.com returns for PULL_REQUEST_QUERY: a bot's
 * `login` without `[bot]`, enum values in upper case, and the missing
 * `.github` repository reported as a NOT_FOUND error next to partial data.
 */
const recorded = {
  data: {
    repository: {
      pullRequest: {
        id: 'PR_kwDOAbc123',
        number: 42,
        title: 'Refresh tokens',
        url: 'https://github.com/acme/widgets/pull/42',
        isDraft: false,
        body: 'Adds token refresh.\n\n<!-- START COPILOT CODING AGENT TIPS -->\n---\n\n💬 Share your feedback on Copilot coding agent for the chance to win a $200 gift card!',
        author: { __typename: 'Bot', login: 'copilot-swe-agent', databaseId: 198982749 },
        baseRefName: 'main',
        baseRefOid: BASE,
        headRefName: 'copilot/refresh-tokens',
        headRefOid: HEAD,
        changedFiles: 2,
        baseRef: {
          target: {
            oid: POLICY_COMMIT,
            policy: { path: '.github/proofgate.yml', object: { oid: 'ab'.repeat(20), byteSize: 11, text: 'version: 1\n', isTruncated: false } },
          },
        },
        labels: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ name: 'agent' }] },
        files: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: 'Mg' },
          nodes: [
            { path: 'src/auth/token.ts', changeType: 'MODIFIED', additions: 40, deletions: 3 },
            { path: 'docs/old.md', changeType: 'DELETED', additions: 0, deletions: 12 },
          ],
        },
        commits: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: 'Mg' },
          nodes: [
            {
              commit: {
                oid: 'c0ffee0000000000000000000000000000000002',
                message: 'Initial plan',
                authoredDate: '2026-01-10T10:00:00Z',
                author: { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com', user: null },
                committer: { name: 'GitHub', email: 'noreply@github.com', user: null },
                authors: { nodes: [{ name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com', user: null }] },
              },
            },
            {
              commit: {
                oid: HEAD,
                message: 'Add refresh\n\nCo-authored-by: alice <1+alice@users.noreply.github.com>',
                authoredDate: '2026-01-10T10:05:00Z',
                author: { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com', user: null },
                committer: { name: 'GitHub', email: 'noreply@github.com', user: null },
                authors: {
                  nodes: [
                    { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com', user: null },
                    { name: 'alice', email: '1+alice@users.noreply.github.com', user: { login: 'alice' } },
                  ],
                },
              },
            },
          ],
        },
        reviews: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [
            {
              id: 'PRR_kwDO1',
              state: 'APPROVED',
              author: { __typename: 'User', login: 'alice' },
              commit: { oid: HEAD },
              submittedAt: '2026-01-10T11:00:00Z',
              authorCanPushToRepository: true,
            },
          ],
        },
        headCommit: {
          nodes: [
            {
              commit: {
                oid: HEAD,
                checkSuites: {
                  pageInfo: { hasNextPage: false, endCursor: null },
                  nodes: [
                    {
                      id: 'CS_1',
                      app: { slug: 'github-actions', databaseId: 15368 },
                      checkRuns: {
                        pageInfo: { hasNextPage: false, endCursor: null },
                        nodes: [
                          {
                            databaseId: 901,
                            name: 'tests',
                            status: 'COMPLETED',
                            conclusion: 'SUCCESS',
                            detailsUrl: 'https://github.com/acme/widgets/actions/runs/1/job/2',
                            completedAt: '2026-01-10T10:20:00Z',
                            externalId: 'ca395085-040a-526b-2ce8-bdc85f692774',
                          },
                        ],
                      },
                    },
                    {
                      id: 'CS_2',
                      app: { slug: 'proofgate', databaseId: 1001 },
                      checkRuns: {
                        pageInfo: { hasNextPage: false, endCursor: null },
                        nodes: [
                          {
                            databaseId: 902,
                            name: 'proofgate',
                            status: 'COMPLETED',
                            conclusion: 'FAILURE',
                            detailsUrl: null,
                            completedAt: '2026-01-10T10:21:00Z',
                            externalId: 'sha256:feed',
                          },
                        ],
                      },
                    },
                    { id: 'CS_3', app: { slug: 'dependabot', databaseId: 29110 }, checkRuns: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } },
                  ],
                },
                status: {
                  contexts: [
                    {
                      context: 'ci/circleci',
                      state: 'SUCCESS',
                      creator: { __typename: 'Bot', login: 'circleci-app' },
                      targetUrl: 'https://circleci.com/gh/acme/widgets/1',
                    },
                  ],
                },
                statusCheckRollup: { contexts: { statusContextCount: 1 } },
                agentTrace: null,
                sessions: null,
              },
            },
          ],
        },
      },
      openPullRequests: {
        totalCount: 2,
        pageInfo: { hasNextPage: false, endCursor: 'Y3Vyc29yOjI=' },
        nodes: [
          { number: 43, headRefOid: 'c'.repeat(40) },
          { number: 42, headRefOid: HEAD },
        ],
      },
      oldestOpenPullRequests: {
        nodes: [
          { number: 42, headRefOid: HEAD },
          { number: 43, headRefOid: 'c'.repeat(40) },
        ],
      },
    },
    orgDefaults: { repository: null },
  },
  errors: [
    {
      type: 'NOT_FOUND',
      path: ['orgDefaults', 'repository'],
      locations: [{ line: 67, column: 5 }],
      message: "Could not resolve to a Repository with the name 'acme/.github'.",
    },
  ],
};

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('loadPullRequest with a recorded GitHub response (nock)', () => {
  it('maps the response and makes exactly one request', async () => {
    const scope = nock('https://api.github.com')
      .post(
        '/graphql',
        (body: { query: string; variables: Record<string, unknown> }) =>
          body.query.includes('query ProofgatePullRequest(') &&
          JSON.stringify(body.variables) === JSON.stringify({ owner: 'acme', repo: 'widgets', number: 42, policyPath: '.github/proofgate.yml' }),
      )
      .once()
      .reply(200, recorded);
    const client = new Octokit({ auth: 'ghs_test' });

    const loaded = await loadPullRequest(
      client,
      { owner: 'acme', repo: 'widgets', number: 42 },
      { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' },
    );

    // One request: nock would refuse any other.
    expect(scope.isDone()).toBe(true);
    const s = loaded.snapshot;
    expect(s.pullRequest?.author).toEqual({ login: 'copilot-swe-agent[bot]', isBot: true, id: 198982749 });
    expect(s.pullRequest?.body).toContain('<!-- START COPILOT CODING AGENT TIPS -->');
    expect(s.files.map((f) => `${f.status} ${f.path}`)).toEqual(['modified src/auth/token.ts', 'removed docs/old.md']);
    expect(s.commits[0]).toMatchObject({
      author: { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com', login: null },
    });
    expect(s.commits.map((c) => c.coAuthors)).toEqual([[], [{ name: 'alice', email: '1+alice@users.noreply.github.com', login: 'alice', isBot: false }]]);
    expect(s.reviews[0]).toMatchObject({ author: { login: 'alice', isBot: false }, state: 'APPROVED', commitSha: HEAD });
    expect(s.checkRuns).toEqual([
      {
        name: 'tests',
        status: 'completed',
        conclusion: 'success',
        app: { slug: 'github-actions', id: 15368 },
        url: 'https://github.com/acme/widgets/actions/runs/1/job/2',
        completedAt: '2026-01-10T10:20:00Z',
      },
    ]);
    expect(s.statuses).toEqual([
      { context: 'ci/circleci', state: 'success', creator: { login: 'circleci-app[bot]' }, url: 'https://circleci.com/gh/acme/widgets/1' },
    ]);
    // #43 contains the head commit below a head of its own: it does not share the check.
    expect(s.sharedHead).toEqual({ pullRequests: [], complete: true });
    expect(loaded.ownCheckRun).toEqual({ id: 902, externalId: 'sha256:feed', status: 'completed', shown: true });
    expect(loaded.policy).toEqual({ text: 'version: 1\n', byteSize: 11, path: '.github/proofgate.yml', ref: POLICY_COMMIT, origin: 'base-branch' });
  });

  it('does not swallow a NOT_FOUND outside the optional organisation default', async () => {
    nock('https://api.github.com')
      .post('/graphql')
      .reply(200, {
        data: { repository: { pullRequest: null }, orgDefaults: null },
        errors: [{ type: 'NOT_FOUND', path: ['repository', 'pullRequest'], message: 'Could not resolve to a PullRequest with the number of 42.' }],
      });
    const client = new Octokit({ auth: 'ghs_test' });
    await expect(
      loadPullRequest(
        client,
        { owner: 'acme', repo: 'widgets', number: 42 },
        { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' },
      ),
    ).rejects.toThrow(/GitHub found nothing while loading pull request acme\/widgets#42: Could not resolve to a PullRequest with the number of 42\./);
  });
});
