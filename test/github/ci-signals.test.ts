/** The Action's cheap read of what can change a pending verdict, against the fake GitHub. */
import { describe, expect, it } from 'vitest';
import { readCiSignals } from '../../src/github/ci-signals.js';
import type { GitHubClient } from '../../src/github/client.js';
import { CI_SIGNALS_QUERY } from '../../src/github/queries/ci-signals.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const gh = useFakeGitHub();

const read = (number: number) => readCiSignals(gh.client, { owner: 'acme', repo: 'widgets', number });

describe('readCiSignals', () => {
  it('changes when a status changes', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.addStatus(repo, headSha, { context: 'ci/a', state: 'pending' });
    const before = await read(pr.number);
    expect(before).toEqual(expect.any(String));
    expect(await read(pr.number)).toBe(before);

    gh.fake.addStatus(repo, headSha, { context: 'ci/a', state: 'failure' });
    expect(await read(pr.number)).not.toBe(before);
  });

  it('is null ("changed") when Status.contexts lists fewer contexts than the commit has: a change past the list would go unseen', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.statusContextsListLimit = 2;
    gh.fake.addStatus(repo, headSha, { context: 'ci/a', state: 'success' });
    gh.fake.addStatus(repo, headSha, { context: 'ci/b', state: 'success' });
    expect(await read(pr.number)).toEqual(expect.any(String));

    gh.fake.addStatus(repo, headSha, { context: 'ci/c', state: 'pending' });
    expect(await read(pr.number)).toBeNull();
  });

  /** Reads with the head commit of the answer changed by `change`. */
  const readChanged = (number: number, change: (commit: Record<string, unknown> & { status: { contexts: Array<{ context: string }> } | null }) => void) => {
    const graphql = (async (query: string, variables?: Record<string, unknown>) => {
      const data = await gh.client.graphql<unknown>(query, variables);
      expect(query).toBe(CI_SIGNALS_QUERY);
      type Commit = Parameters<typeof change>[0];
      change(
        (data as { repository: { pullRequest: { headCommit: { nodes: Array<{ commit: Commit }> } } } }).repository.pullRequest.headCommit.nodes[0]!.commit,
      );
      return data;
    }) as GitHubClient['graphql'];
    return readCiSignals({ graphql, request: gh.client.request }, { owner: 'acme', repo: 'widgets', number });
  };

  it('is null when Status.contexts names fewer contexts than the commit has, however many rows it holds', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.statusContextsListLimit = 1;
    gh.fake.addStatus(repo, headSha, { context: 'ci/a', state: 'success' });
    gh.fake.addStatus(repo, headSha, { context: 'ci/b', state: 'pending' });
    const twoRowsOneContext = await readChanged(pr.number, (commit) => {
      const contexts = commit.status!.contexts;
      contexts.push({ ...contexts[0]! });
    });
    expect(twoRowsOneContext).toBeNull();
  });

  it('is null when the answer leaves the rollup out, and a key when GitHub says there is none (null)', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    gh.fake.addStatus(repo, headSha, { context: 'ci/a', state: 'success' });
    expect(
      await readChanged(pr.number, (commit) => {
        delete commit.statusCheckRollup;
      }),
    ).toBeNull();
    expect(
      await readChanged(pr.number, (commit) => {
        commit.statusCheckRollup = null;
      }),
    ).toEqual(expect.any(String));
  });
});
