import type { Octokit } from '@octokit/core';

/**
 * The two Octokit entry points proofgate uses. Probot's `context.octokit` and
 * `new Octokit()` from @octokit/rest both satisfy it, so the loader and the
 * check-run writer are shared by the App and the Action.
 */
export type GitHubClient = {
  graphql: Octokit['graphql'];
  request: Octokit['request'];
};

/** A pull request address. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

/**
 * GitHub's REST and GraphQL addresses from the environment: GITHUB_API_URL and
 * GITHUB_GRAPHQL_URL (set by Actions runners, GitHub Enterprise Server and the
 * tests' loopback fakes), else github.com's.
 */
export function gitHubEndpoints(env: NodeJS.ProcessEnv): { apiUrl: string; graphqlUrl: string } {
  const apiUrl = (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '');
  const graphqlUrl = env['GITHUB_GRAPHQL_URL'] || (/\/api\/v3$/.test(apiUrl) ? apiUrl.replace(/\/api\/v3$/, '/api/graphql') : `${apiUrl}/graphql`);
  return { apiUrl, graphqlUrl };
}
