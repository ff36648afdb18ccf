/**
 * The Octokit the Action talks to GitHub with: REST at GITHUB_API_URL, GraphQL
 * at GITHUB_GRAPHQL_URL (GitHub Enterprise Server and the tests' loopback fake
 * set both), and a small retry for GitHub's transient failures.
 */
import { Octokit } from '@octokit/core';
import type { GitHubClient } from '../github/client.js';
import { nativeJson } from '../github/native-json.js';
import { httpFetch } from '../github/http-fetch.js';
import { TOOL_VERSION } from '../version.js';

export interface ClientOptions {
  token: string;
  apiUrl: string;
  graphqlUrl: string;
  /** Delays before each retry of a 5xx or network failure; empty for none. */
  retryDelaysMs?: number[];
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 3000];

export function createClient(options: ClientOptions): GitHubClient & { octokit: Octokit } {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: `proofgate-action/${TOOL_VERSION}`,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    request: { fetch: httpFetch },
  });
  nativeJson(octokit);
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  });
  const graphql = octokit.graphql.defaults({ url: options.graphqlUrl });
  return { octokit, request: octokit.request, graphql };
}

/** A 5xx answer or no answer at all (connection reset, DNS): worth another try. */
function isTransient(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status > 0) return status >= 500;
  return error instanceof Error && error.name === 'HttpError';
}
