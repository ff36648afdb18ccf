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
