/** The Action's cheap read of what can change a pending verdict, against the fake GitHub. */
import { describe, expect, it } from 'vitest';
import { readCiSignals } from '../../src/github/ci-signals.js';
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
});
