import { describe, expect, it } from 'vitest';
import { GitHubError } from '../../src/github/errors.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { readPreviousPaths } from '../../src/github/renames.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const gh = useFakeGitHub();

const callLines = () => gh.fake.calls.map((c) => `${c.method} ${c.path}${c.query}`);
const load = (number: number) => loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number }, OPTS);

describe('renamed and copied files', () => {
  it('carry their old path, read through REST, then the head checked again (REST names no commit)', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 4 });
    pr.files.push(
      { path: 'src/session.ts', previousPath: 'src/auth/session.ts', changeType: 'RENAMED', additions: 0, deletions: 0 },
      { path: 'policy/proofgate.yml', previousPath: '.github/proofgate.yml', changeType: 'COPIED', additions: 0, deletions: 0 },
    );
    const loaded = await load(pr.number);
    expect(loaded.snapshot.files.slice(4)).toEqual([
      { path: 'src/session.ts', status: 'renamed', previousPath: 'src/auth/session.ts', additions: 0, deletions: 0 },
      { path: 'policy/proofgate.yml', status: 'copied', previousPath: '.github/proofgate.yml', additions: 0, deletions: 0 },
    ]);
    expect(loaded.snapshot.files.slice(0, 4).every((f) => f.previousPath === null)).toBe(true);
    expect(callLines()).toEqual(['POST /graphql', `GET /repos/acme/widgets/pulls/${pr.number}/files?per_page=100&page=1`, 'POST /graphql']);
  });

  it('cost nothing extra when the pull request renames nothing', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 60 });
    await load(pr.number);
    expect(callLines()).toEqual(['POST /graphql']);
  });

  it('are read from the REST page that holds their position in the listing', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 450 });
    pr.files[250] = { path: 'src/moved.ts', previousPath: 'src/auth/moved.ts', changeType: 'RENAMED', additions: 1, deletions: 1 };
    const loaded = await load(pr.number);
    expect(loaded.snapshot.files[250]).toMatchObject({ path: 'src/moved.ts', status: 'renamed', previousPath: 'src/auth/moved.ts' });
    const rest = gh.fake.callsTo({ path: `/repos/acme/widgets/pulls/${pr.number}/files` });
    expect(rest.map((c) => c.query)).toEqual(['?per_page=100&page=3']);
    // 5 GraphQL pages of files + 1 REST page + the head checked again.
    expect(gh.fake.calls).toHaveLength(7);
  });

  it('cost one REST request per page holding renames: 32 requests for a 3,000-file PR renaming three files near its end', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 3000, commits: 250 });
    for (const i of [2950, 2980, 2999]) {
      pr.files[i] = { path: `src/last-${i}.ts`, previousPath: `src/auth/last-${i}.ts`, changeType: 'RENAMED', additions: 0, deletions: 0 };
    }
    const loaded = await load(pr.number);
    expect(loaded.snapshot.files[2999]?.previousPath).toBe('src/auth/last-2999.ts');
    expect(loaded.snapshot.files[2950]?.previousPath).toBe('src/auth/last-2950.ts');
    expect(gh.fake.callsTo({ path: '/graphql' })).toHaveLength(31);
    expect(gh.fake.calls).toHaveLength(32);
  });

  it('are still found when REST lists a file on another page than its position says', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 450 });
    pr.files[250] = { path: 'src/moved.ts', previousPath: 'src/auth/moved.ts', changeType: 'RENAMED', additions: 1, deletions: 1 };
    // Told it is on page 1: pages 1, then 2 and 3 in order, until it is found.
    const found = await readPreviousPaths(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, new Map([['src/moved.ts', 5]]));
    expect(found.get('src/moved.ts')).toBe('src/auth/moved.ts');
    const rest = gh.fake.callsTo({ path: `/repos/acme/widgets/pulls/${pr.number}/files` });
    expect(rest.map((c) => c.query)).toEqual(['?per_page=100&page=1', '?per_page=100&page=2', '?per_page=100&page=3']);
  });

  it('leave the old path unknown (null) when REST does not list the file', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 3 });
    pr.files.push({ path: 'src/x.ts', changeType: 'RENAMED', additions: 0, deletions: 0 });
    const loaded = await load(pr.number);
    expect(loaded.snapshot.files[3]).toMatchObject({ path: 'src/x.ts', status: 'renamed', previousPath: null });
  });

  it('make the load fail when the REST listing fails (never a silent null)', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 3 });
    pr.files.push({ path: 'src/session.ts', previousPath: 'src/auth/session.ts', changeType: 'RENAMED', additions: 0, deletions: 0 });
    gh.fake.failNext({ method: 'GET', path: /\/files$/ }, 502);
    const error = await load(pr.number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).retryable).toBe(true);
    expect((error as Error).message).toBe(
      `GitHub failed while listing the files of acme/widgets#${pr.number} (page 1) to find the old paths of renamed files (502 Server Error); retry later.`,
    );
  });
});

describe("the gh.fake GitHub's pull request files listing", () => {
  it('pages like GitHub: per_page (default 30, at most 100), page, and a Link header', async () => {
    const { pr } = addAgentPullRequest(gh.fake, { files: 250 });
    pr.files[0] = { path: 'b.ts', previousPath: 'a.ts', changeType: 'RENAMED', additions: 0, deletions: 0 };
    const first = await gh.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: 'acme', repo: 'widgets', pull_number: pr.number });
    expect(first.data).toHaveLength(30);
    expect(first.data[0]).toMatchObject({ filename: 'b.ts', previous_filename: 'a.ts', status: 'renamed' });
    expect(first.data[1]).not.toHaveProperty('previous_filename');
    expect(first.headers.link).toContain('page=2>; rel="next"');

    const pages = await gh.client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: 'acme',
      repo: 'widgets',
      pull_number: pr.number,
      per_page: 100,
    });
    expect(pages.map((f) => f.filename)).toEqual(pr.files.map((f) => f.path));
    const last = await gh.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: 'acme',
      repo: 'widgets',
      pull_number: pr.number,
      per_page: 500,
      page: 3,
    });
    expect(last.data).toHaveLength(50);
    expect(last.headers.link).not.toContain('rel="next"');
  });
});
