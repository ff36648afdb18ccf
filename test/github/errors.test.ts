/** One classifier for GitHub failures: typed fields the shells word from. */
import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { GitHubError, mapRequestError, PERMISSIONS, toGitHubError } from '../../src/github/errors.js';

const request = { method: 'POST' as const, url: 'https://api.github.com/repos/acme/widgets/check-runs?access_token=ghs_secretsecret', headers: {} };

describe('toGitHubError', () => {
  it("classifies a REST failure with GitHub's message and the request, without host or query", () => {
    const error = toGitHubError(
      new RequestError('Validation Failed', 422, { request, response: { status: 422, url: '', headers: {}, data: { message: 'Invalid head_sha' } } }),
    );
    expect(error).toMatchObject({
      kind: 'invalid',
      status: 422,
      details: { detail: 'Invalid head_sha', request: 'POST /repos/acme/widgets/check-runs', rateLimited: false },
    });
  });

  it('tells a rate limit from a missing permission', () => {
    const limited = new RequestError('API rate limit exceeded', 403, {
      request,
      response: { status: 403, url: '', headers: { 'x-ratelimit-remaining': '0' }, data: {} },
    });
    const denied = new RequestError('Resource not accessible by integration', 403, { request, response: { status: 403, url: '', headers: {}, data: {} } });
    expect(toGitHubError(limited)).toMatchObject({ kind: 'rate-limit', retryable: true });
    expect(toGitHubError(denied)).toMatchObject({ kind: 'permission', retryable: false });
  });

  it('says when GitHub was not reached at all', () => {
    expect(toGitHubError(new RequestError('connect ECONNREFUSED 127.0.0.1:1', 500, { request }))).toMatchObject({ kind: 'unreachable', status: null });
  });

  it('classifies GraphQL errors by type', () => {
    const graphql = Object.assign(new Error('Request failed'), {
      name: 'GraphqlResponseError',
      errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a PullRequest' }],
    });
    expect(toGitHubError(graphql)).toMatchObject({ kind: 'not-found', details: { graphqlType: 'NOT_FOUND', detail: 'Could not resolve to a PullRequest' } });
  });

  it("keeps the GitHub layer's own errors, with the permission they need", () => {
    const mapped = mapRequestError(
      new RequestError('Resource not accessible by integration', 403, { request, response: { status: 403, url: '', headers: {}, data: {} } }),
      {
        doing: 'creating check run "proofgate"',
        permission: PERMISSIONS.checksWrite,
      },
    );
    expect(mapped).toBeInstanceOf(GitHubError);
    expect(toGitHubError(mapped)).toBe(mapped);
    expect(mapped).toMatchObject({ kind: 'permission', permission: PERMISSIONS.checksWrite, details: { detail: 'Resource not accessible by integration' } });
  });

  it('is null for what is not a GitHub failure', () => {
    expect(toGitHubError(new TypeError('x is undefined'))).toBeNull();
    expect(toGitHubError('boom')).toBeNull();
  });
});
