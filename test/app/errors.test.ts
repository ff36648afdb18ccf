import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/app/errors.js';
import { GitHubError, redact } from '../../src/github/errors.js';

const request = (url: string) => ({ method: 'POST' as const, url, headers: { authorization: 'token ghs_abcdefghijklmnopqrstuvwxyz012345' } });

describe('describeError', () => {
  it('names the status, the request path and what to do, without host, query or token', () => {
    const error = new RequestError('Server Error - https://docs.github.com/rest', 502, {
      request: request('https://api.github.com/graphql?access_token=ghs_secretsecretsecret'),
      response: { status: 502, url: '', headers: {}, data: {} },
    });
    expect(describeError(error)).toBe('GitHub answered 502 (Server Error) to POST /graphql: GitHub is failing; re-run the check later');
  });

  it('says when GitHub could not be reached at all', () => {
    const error = new RequestError('connect ECONNREFUSED 127.0.0.1:1', 500, { request: request('http://127.0.0.1:1/api/v3/repos/a/b/check-runs') });
    expect(describeError(error)).toBe('could not reach GitHub for POST /repos/a/b/check-runs (connect ECONNREFUSED 127.0.0.1:1): re-run the check later');
  });

  it("keeps the GitHub layer's own message, which already names the permission", () => {
    const error = new GitHubError(
      'GitHub denied creating check run "proofgate" (403 Resource not accessible by integration): grant "Checks: Read and write".',
      { kind: 'permission', status: 403, cause: null },
    );
    expect(describeError(error)).toBe(error.message);
  });

  it('never lets a token, JWT or private key through', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjEwMDF9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const text = describeError(new Error(`failed with ghs_0123456789abcdef and ${jwt} and Bearer abcdefghijklmnop`));
    expect(text).toBe('failed with [REDACTED] and [REDACTED] and Bearer [REDACTED]');
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe('[REDACTED KEY]');
    expect(redact('https://x-access-token:ghs_abc123456789@github.com/a/b')).toBe('https://[REDACTED]@github.com/a/b');
  });

  it('describes anything thrown in one line', () => {
    expect(describeError('plain\nstring')).toBe('plain');
    expect(describeError(new TypeError('Cannot read properties of undefined'))).toBe('Cannot read properties of undefined');
  });
});
