/**
 * What the loader will not read in full, and how it says so: a policy file
 * over 256 KiB, checks beyond the page limit, an organisation `.github`
 * repository GitHub will not show.
 */
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { GitHubError } from '../../src/github/errors.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { LOAD_LIMITS } from '../../src/limits.js';

const POLICY_MAX_BYTES = LOAD_LIMITS.policyBytes;
import { CHECK_RUNS_PAGE_QUERY, CHECK_SUITES_PAGE_QUERY } from '../../src/github/queries/pull-request.js';
import type { PullRequestQueryData } from '../../src/github/response.js';
import { choosePolicy } from '../../src/gate/policy.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const gh = useFakeGitHub();

const load = (number: number, client: GitHubClient = gh.client) => loadPullRequest(client, { owner: 'acme', repo: 'widgets', number }, OPTS);

describe('a policy file over 256 KiB', () => {
  it('is not fetched through the blob API, and the gate reports its size', async () => {
    const huge = `version: 1\n${'# padding\n'.repeat(200 * 1024)}`;
    const { pr } = addAgentPullRequest(gh.fake, { policy: huge });
    gh.fake.blobTextLimit = 100 * 1024;
    const loaded = await load(pr.number);
    expect(gh.fake.calls.map((c) => c.path)).toEqual(['/graphql']);
    expect(loaded.policy).toMatchObject({ text: '', byteSize: Buffer.byteLength(huge), path: '.github/proofgate.yml', origin: 'base-branch' });

    const choice = choosePolicy(loaded);
    expect(choice).toMatchObject({ kind: 'loaded', result: { ok: false, source: { path: '.github/proofgate.yml', origin: 'base-branch' } } });
    if (choice.kind !== 'loaded' || choice.result.ok) throw new Error('expected a policy error');
    expect(choice.result.errors).toEqual([
      {
        file: '.github/proofgate.yml',
        line: 1,
        column: 1,
        path: '',
        message: 'policy file is 2 MiB; the limit is 256 KiB',
        hint: 'a policy needs a few kilobytes: remove generated or repeated entries',
      },
    ]);
  });

  it('is the limit, inclusive', () => {
    const at = `version: 1\n${'#'.repeat(POLICY_MAX_BYTES - 12)}\n`;
    expect(Buffer.byteLength(at)).toBe(POLICY_MAX_BYTES);
    const policy = { text: at, path: '.github/proofgate.yml', ref: 'a'.repeat(40), origin: 'base-branch' as const };
    expect(choosePolicy({ policy })).toMatchObject({ kind: 'loaded', result: { ok: true } });
    expect(choosePolicy({ policy: { ...policy, text: `${at}#` } })).toMatchObject({ kind: 'loaded', result: { ok: false } });
  });

  it('parsed policies are cached by digest: the same text gives the same Policy object', () => {
    const policy = { text: 'version: 1\n', path: '.github/proofgate.yml', ref: 'b'.repeat(40), origin: 'base-branch' as const };
    const first = choosePolicy({ policy });
    const again = choosePolicy({ policy: { ...policy, text: 'version: 1\n'.slice(0) } });
    const other = choosePolicy({ policy: { ...policy, text: 'version: 1\n# changed\n' } });
    expect(again).toEqual(first);
    if (first.kind !== 'loaded' || again.kind !== 'loaded' || other.kind !== 'loaded') throw new Error('expected policies');
    expect(again.result).toBe(first.result);
    expect(other.result).not.toBe(first.result);
  });
});

/**
 * The fake GitHub, except that the head commit's check suites (or the runs of
 * its first suite) always have another page.
 */
function endlessChecks(kind: 'suites' | 'runs'): { client: GitHubClient; pages: () => number } {
  // With acme/.github present the first query has no (tolerated) error to carry the data instead.
  gh.fake.setFile('acme/.github', 'main', 'README.md', 'profile\n');
  let pages = 0;
  const more = () => ({ hasNextPage: true, endCursor: Buffer.from(`cursor:${++pages}`).toString('base64') });
  const graphql = (async (query: string, variables?: Record<string, unknown>) => {
    if (query === CHECK_SUITES_PAGE_QUERY) return { repository: { object: { checkSuites: { pageInfo: more(), nodes: [] } } } };
    if (query === CHECK_RUNS_PAGE_QUERY) return { node: { checkRuns: { pageInfo: more(), nodes: [] } } };
    const data = await gh.client.graphql<PullRequestQueryData>(query, variables);
    const head = data.repository?.pullRequest?.headCommit.nodes?.[0]?.commit;
    if (kind === 'suites') head!.checkSuites!.pageInfo = more();
    else head!.checkSuites!.nodes![0]!.checkRuns!.pageInfo = more();
    return data;
  }) as GitHubClient['graphql'];
  return { client: { graphql, request: gh.client.request }, pages: () => pages };
}

describe('checks beyond the page limit', () => {
  it('more check suites than 51 pages: the load fails instead of evaluating without them', async () => {
    const { pr } = addAgentPullRequest(gh.fake);
    const { client, pages } = endlessChecks('suites');
    const error = await load(pr.number, client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as Error).message).toMatch(
      /^acme\/widgets#\d+: head commit [0-9a-f]{7} has more than 5100 check suites; proofgate does not evaluate a pull request whose checks it cannot read in full\.$/,
    );
    expect(pages()).toBe(51);
  });

  it('more check runs in one suite than 51 pages: the load fails too', async () => {
    const { pr } = addAgentPullRequest(gh.fake);
    const { client } = endlessChecks('runs');
    await expect(load(pr.number, client)).rejects.toThrow(/has more than 5100 check runs in the github-actions check suite; proofgate does not evaluate/);
  });
});

describe("the organisation's .github repository", () => {
  it('is "not-found" when GitHub will not show it (missing, or the App is not installed there)', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    expect((await load(pr.number)).organizationRepository).toBe('not-found');
  });

  it('is "readable" when it exists without a policy', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { policy: null });
    gh.fake.setFile('acme/.github', 'main', 'README.md', 'profile\n');
    const loaded = await load(pr.number);
    expect(loaded.organizationRepository).toBe('readable');
    expect(loaded.policy).toBeNull();
  });
});
