/** The rate-limit points of proofgate's GraphQL queries, computed as GitHub documents it. */
import { describe, expect, it } from 'vitest';
import { CI_SIGNALS_QUERY } from '../../src/github/queries/ci-signals.js';
import { PULL_REQUEST_QUERY, STATUS_CONTEXTS_PAGE_QUERY } from '../../src/github/queries/pull-request.js';
import { rateLimitCost } from '../support/fake-github/cost.js';

describe('rateLimitCost', () => {
  it("gives the figures of GitHub's own example", () => {
    // docs.github.com, "Calculating a rate limit score": 1 + 100 + 5,000 requests = 51 points.
    const query = `query {
      viewer {
        login
        repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } }
      }
    }`;
    expect(rateLimitCost(query)).toEqual({ requests: 5101, points: 51 });
  });

  it('reads limits from variables, follows fragments and leaves out what @include and @skip drop', () => {
    const query = `query Q($n: Int!, $with: Boolean!) {
      a: repository(owner: "o", name: "r") { ...F issues(first: 10) @include(if: $with) { nodes { comments(first: 10) { totalCount } } } }
    }
    fragment F on Repository { pullRequests(last: $n) { nodes { commits(first: 100) { totalCount } } } }`;
    expect(rateLimitCost(query, { n: 30, with: false })).toEqual({ requests: 31, points: 1 });
    expect(rateLimitCost(query, { n: 30, with: true })).toEqual({ requests: 42, points: 1 });
  });

  it('the main pull-request query costs 2 points: files, commits, reviews, the last base change, the head commit, its suites, its status count, its pull requests and the newest and the oldest open pull requests 1 request each, co-authors of 100 commits and runs of 100 suites 100 each', () => {
    expect(rateLimitCost(PULL_REQUEST_QUERY, { owner: 'o', repo: 'r', number: 1, policyPath: '.github/proofgate.yml' })).toEqual({ requests: 209, points: 2 });
  });

  it("the Action's read of the checks while it waits costs 1 point", () => {
    expect(rateLimitCost(CI_SIGNALS_QUERY, { owner: 'o', repo: 'r', number: 1 })).toEqual({ requests: 103, points: 1 });
  });

  it("a page of the head's status rollup costs 1 point", () => {
    expect(rateLimitCost(STATUS_CONTEXTS_PAGE_QUERY, { owner: 'o', repo: 'r', oid: 'a'.repeat(40), cursor: null })).toEqual({ requests: 1, points: 1 });
  });
});
