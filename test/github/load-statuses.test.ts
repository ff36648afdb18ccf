/**
 * The head commit's statuses read in full. `Status.contexts` is a plain list
 * GitHub neither pages nor documents as complete: the loader compares it with
 * the rollup's `statusContextCount`, reads the rollup's pages when the list
 * falls short, and fails the load when even those do not give every context.
 */
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { GitHubError } from '../../src/github/errors.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { STATUS_CONTEXTS_PAGE_QUERY } from '../../src/github/queries/pull-request.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const gh = useFakeGitHub();

const load = (number: number, client: GitHubClient = gh.client) => loadPullRequest(client, { owner: 'acme', repo: 'widgets', number }, OPTS);

/** The operation names of the GraphQL requests the fake received, in order. */
const operations = () => gh.fake.calls.map((c) => (c.body as { query: string }).query.match(/query (\w+)/)?.[1]);

/** `n` successful statuses `ci/000`…, with `failing` (an index) failed. */
function addStatuses(repo: string, sha: string, n: number, failing: number | null = null): void {
  for (let i = 0; i < n; i++) gh.fake.addStatus(repo, sha, { context: `ci/${String(i).padStart(3, '0')}`, state: i === failing ? 'failure' : 'success' });
}

describe('statuses past what Status.contexts lists', () => {
  it('are read from the rollup, so a failing status past the list is seen', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.statusContextsListLimit = 100;
    addStatuses(repo, headSha, 150, 140);

    const { snapshot } = await load(pr.number);

    expect(snapshot.statuses).toHaveLength(150);
    expect(snapshot.statuses.find((s) => s.context === 'ci/140')).toEqual({
      context: 'ci/140',
      state: 'failure',
      creator: { login: 'github-actions[bot]' },
      url: null,
    });
    // The rollup lists the check run `tests` and 150 statuses: two pages of 100.
    expect(operations().filter((o) => o === 'ProofgateStatusContextsPage')).toHaveLength(2);
    // Check runs in the rollup are not statuses.
    expect(snapshot.statuses.map((s) => s.context)).not.toContain('tests');
  });

  it('cost nothing more when the list holds every context', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.statusContextsListLimit = 100;
    addStatuses(repo, headSha, 100, 99);

    const { snapshot } = await load(pr.number);

    expect(snapshot.statuses).toHaveLength(100);
    expect(snapshot.statuses.at(-1)).toMatchObject({ context: 'ci/099', state: 'failure' });
    expect(operations()).toEqual(['ProofgatePullRequest']);
  });

  it('a head with no statuses, or no checks at all, reads no rollup page', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { testsConclusion: null });
    const { snapshot } = await load(pr.number);
    expect(snapshot.statuses).toEqual([]);
    expect(operations()).toEqual(['ProofgatePullRequest']);
  });
});

/**
 * The fake GitHub with `Status.contexts` cut to one context, and the rollup's
 * pages changed by `page` (a rollup that pages on without end, or that counts
 * more statuses than it lists).
 */
function rollupAnswering(page: (contexts: RollupPage) => void | 'no rollup'): { client: GitHubClient; pages: () => number } {
  gh.fake.statusContextsListLimit = 1;
  let pages = 0;
  const graphql = (async (query: string, variables?: Record<string, unknown>) => {
    const data = await gh.client.graphql<unknown>(query, variables);
    if (query === STATUS_CONTEXTS_PAGE_QUERY) {
      pages++;
      const commit = (data as { repository: { object: { statusCheckRollup: { contexts: RollupPage } | null } } }).repository.object;
      if (page(commit.statusCheckRollup!.contexts) === 'no rollup') commit.statusCheckRollup = null;
    }
    return data;
  }) as GitHubClient['graphql'];
  return { client: { graphql, request: gh.client.request }, pages: () => pages };
}

interface RollupPage {
  statusContextCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('statuses the loader cannot read in full', () => {
  it('a rollup with more than 51 pages: the load fails instead of evaluating without them', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    addStatuses(repo, headSha, 2);
    let first: string | null = null;
    const { client, pages } = rollupAnswering((contexts) => {
      // Every page says there is another after the first one's last context.
      first ??= contexts.pageInfo.endCursor;
      contexts.pageInfo = { hasNextPage: true, endCursor: first };
    });

    const error = await load(pr.number, client).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitHubError);
    expect((error as Error).message).toMatch(
      /^acme\/widgets#\d+: head commit [0-9a-f]{7} has more than 5100 check runs and statuses; proofgate does not evaluate a pull request whose checks it cannot read in full\.$/,
    );
    expect(pages()).toBe(51);
  });

  it('a rollup that counts more statuses than its pages list: the load fails', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    addStatuses(repo, headSha, 2);
    const { client, pages } = rollupAnswering((contexts) => {
      contexts.statusContextCount += 1;
    });

    await expect(load(pr.number, client)).rejects.toThrow(
      /head commit [0-9a-f]{7} has 3 commit statuses, of which GitHub listed 2; proofgate does not evaluate a pull request whose checks it cannot read in full\.$/,
    );
    expect(pages()).toBe(1);
  });

  it('a rollup page without the rollup: the count the first read gave still holds, and the load fails', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    addStatuses(repo, headSha, 2, 1);
    const { client } = rollupAnswering(() => 'no rollup');

    await expect(load(pr.number, client)).rejects.toThrow(
      /head commit [0-9a-f]{7} has 2 commit statuses, of which GitHub listed 0; proofgate does not evaluate/,
    );
  });
});
