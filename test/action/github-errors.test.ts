import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { describeGitHubError } from '../../src/action/github-errors.js';
import { GitHubError } from '../../src/github/errors.js';

function requestError(status: number, message: string, headers: Record<string, string> = {}): RequestError {
  return new RequestError(`${message} - https://docs.github.com/rest/checks/runs`, status, {
    request: { method: 'POST', url: 'https://api.github.com/repos/acme/widgets/check-runs', headers: { authorization: 'token ghs_secret' } },
    response: { status, url: 'https://api.github.com/repos/acme/widgets/check-runs', headers, data: { message } },
  });
}

const write = { kind: 'write-check', checkName: 'proofgate', event: 'pull_request_target' } as const;
const read = { kind: 'read', owner: 'acme', repo: 'widgets', pullNumber: 12 } as const;

describe('describeGitHubError', () => {
  it('names the permission and the step mode when the token cannot write check runs', () => {
    const error = describeGitHubError(requestError(403, 'Resource not accessible by integration'), write);
    expect(error.message).toBe(
      'the token cannot write the `proofgate` check run (403 Resource not accessible by integration): add `permissions: checks: write` to the job, or set `mode: step` to gate without a check run',
    );
  });

  it('points fork pull requests on pull_request at pull_request_target', () => {
    const error = describeGitHubError(requestError(403, 'Resource not accessible by integration'), { ...write, event: 'pull_request' });
    expect(error.message).toMatch(/on a pull request from a fork the token is read-only .* run on `pull_request_target` instead$/);
  });

  it("finds the HTTP failure inside the GitHub layer's error", () => {
    const inner = requestError(403, 'Resource not accessible by integration');
    const wrapped = new GitHubError('GitHub denied writing the check run', { kind: 'permission', status: 403, cause: inner });
    expect(describeGitHubError(wrapped, write).message).toMatch(
      /^the token cannot write the `proofgate` check run \(403 Resource not accessible by integration\)/,
    );
  });

  it('names the read permissions when a GraphQL read is forbidden', () => {
    const graphql = Object.assign(new Error('Request failed due to following response errors:\n - Resource not accessible by integration'), {
      name: 'GraphqlResponseError',
      errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }],
    });
    expect(describeGitHubError(graphql, read).message).toBe(
      'the token cannot read pull request #12 in acme/widgets (Resource not accessible by integration): add `permissions: contents: read` and `pull-requests: read` to the job (and `checks: read`, `statuses: read` for check proofs)',
    );
  });

  it('says a rejected token is the problem, without echoing it', () => {
    const message = describeGitHubError(requestError(401, 'Bad credentials'), read).message;
    expect(message).toBe('GitHub rejected the token (401 Bad credentials): pass `token: ${{ github.token }}` (the default) or a valid token');
    expect(message).not.toContain('ghs_secret');
  });

  it('recognises the rate limit', () => {
    const error = requestError(403, 'API rate limit exceeded for installation ID 1.', { 'x-ratelimit-remaining': '0' });
    expect(describeGitHubError(error, read).message).toMatch(/^GitHub's API rate limit was reached while trying to read pull request #12/);
  });

  it('says to re-run after a server error that survived the retries', () => {
    expect(describeGitHubError(requestError(502, 'Server Error'), read).message).toBe(
      'GitHub failed while proofgate tried to read pull request #12 in acme/widgets (502 Server Error), after retrying: re-run the job',
    );
  });
});
