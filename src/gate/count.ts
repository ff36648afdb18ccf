/**
 * Counts the API calls made through a client: the figure the gate reports and
 * the benchmark checks against its budget (one read, one write). A retry inside
 * Octokit is the same call and is not counted again.
 */
import type { GitHubClient } from '../github/client.js';

export interface RequestCounter {
  count: number;
}

export function countRequests(inner: GitHubClient): { client: GitHubClient; counter: RequestCounter } {
  const counter: RequestCounter = { count: 0 };
  const countedGraphql = (...args: Parameters<GitHubClient['graphql']>) => {
    counter.count++;
    return inner.graphql(...args);
  };
  const graphql: GitHubClient['graphql'] = Object.assign(countedGraphql, inner.graphql);
  const countedRequest = (...args: Parameters<GitHubClient['request']>) => {
    counter.count++;
    return inner.request(...args);
  };
  const request: GitHubClient['request'] = Object.assign(countedRequest, inner.request);
  return { client: { graphql, request }, counter };
}
