/**
 * `proofgate report --github`: the query is valid against GitHub's GraphQL
 * schema; a loopback server executes it against that schema (so every answer
 * has GitHub's shape) with two pages of merged pull requests; the report joins
 * them to the local history by pull request number.
 */
import { parse, validate } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MERGED_PULLS_QUERY, PULLS_PER_PAGE } from '../../src/report/github-outcomes.js';
import { githubGraphQLSchema } from '../support/fake-github/index.js';
import { CLAUDE_HAIKU, CLAUDE_OPUS, makeHistoryRepo } from './history-repo.js';
import { run, serveGitHub, type FakeGitHub, type Pull, type Run } from './merged-pulls-server.js';

async function report(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(['report', ...argv], {
    stdin: Object.assign((async function* () {})(), { isTTY: false }),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: process.cwd(),
    env,
  });
  return { code, stdout, stderr };
}

let github: FakeGitHub | null = null;
afterEach(async () => {
  await github?.close();
  github = null;
});

describe('the merged-pulls query', () => {
  it("is valid against GitHub's GraphQL schema and asks for 100 pull requests a page", () => {
    const document = parse(MERGED_PULLS_QUERY);
    expect(validate(githubGraphQLSchema(), document)).toEqual([]);
    expect(PULLS_PER_PAGE).toBe(100);
    expect(MERGED_PULLS_QUERY).toMatch(/search\(query: \$search, type: ISSUE, first: 100, after: \$after\)/);
    expect(MERGED_PULLS_QUERY).toMatch(/rateLimit \{ cost remaining \}/);
  });
});

describe('proofgate report --github', () => {
  function history() {
    const repo = makeHistoryRepo();
    repo.mergePr(1, 1, [{ message: `feat: one\n\n${CLAUDE_OPUS}`, files: { 'a.txt': '1\n' } }]);
    repo.squash(2, 2, 'feat: two', CLAUDE_HAIKU, { 'b.txt': '2\n' });
    repo.squash(150, 3, 'feat: three', CLAUDE_HAIKU, { 'c.txt': '3\n' });
    return repo;
  }
  // Page 1: #1, #2 and 98 pull requests the local history does not hold; page 2: #150.
  const pulls: Pull[] = [
    {
      number: 1,
      headRefOid: 'b'.repeat(40),
      changesRequested: 1,
      commits: [
        { oid: 'a'.repeat(40), runs: [run('tests', 'SUCCESS', '2026-01-06T09:00:00Z'), run('proofgate', 'FAILURE', '2026-01-06T09:00:01Z')] },
        { oid: 'b'.repeat(40), runs: [run('proofgate', 'FAILURE', '2026-01-06T10:00:00Z'), run('proofgate', 'SUCCESS', '2026-01-06T11:00:00Z')] },
      ],
    },
    {
      number: 2,
      headRefOid: 'c'.repeat(40),
      changesRequested: 0,
      commits: [{ oid: 'c'.repeat(40), runs: [run('proofgate', 'SUCCESS', '2026-01-07T09:00:00Z')] }],
    },
    ...Array.from({ length: 98 }, (_, i): Pull => ({ number: 1000 + i, headRefOid: 'd'.repeat(40), changesRequested: 2, commits: [] })),
    {
      number: 150,
      headRefOid: 'f'.repeat(40),
      changesRequested: 0,
      commits: [
        { oid: 'e'.repeat(40), runs: [run('proofgate', 'SUCCESS', '2026-01-08T09:00:00Z')] },
        { oid: 'f'.repeat(40), runs: [run('lint', 'SUCCESS', '2026-01-08T09:30:00Z')] },
      ],
    },
  ];

  it('reads two pages and joins reviews and proofgate verdicts to the merged changes by PR number', async () => {
    const repo = history();
    github = await serveGitHub(pulls);
    const env = { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` };
    const out = await report(['--repo', repo.dir, '--since', '2026-01-01', '--github', 'acme/widgets', '--format', 'json'], env);
    expect(out.stderr).toContain('101 merged pull requests read from GitHub (search matched 101) in 2 GraphQL API calls, 2 rate-limit points, 4998 remaining.');
    expect(out.code).toBe(0);

    expect(github.requests).toHaveLength(2);
    expect(github.requests[0]!.authorization).toBe('token ghp_test');
    expect(github.requests[0]!.variables).toEqual({
      search: 'repo:acme/widgets is:pr is:merged merged:>=2026-01-01T00:00:00Z',
      after: null,
      checkName: 'proofgate',
    });
    expect(github.requests[1]!.variables.after).toBe('100');

    const parsed = JSON.parse(out.stdout) as {
      changes: Array<{ number: number; review: unknown }>;
      byModel: Array<{ key: string; withReviews: number; reviewPassRate: number | null }>;
      notes: string[];
    };
    const byNumber = new Map(parsed.changes.map((c) => [c.number, c.review]));
    // First verdict: the earliest proofgate run; at merge: the latest on the merged head; another check never counts.
    expect(byNumber.get(1)).toEqual({ changesRequested: 1, firstVerdict: 'failure', mergeVerdict: 'success' });
    expect(byNumber.get(2)).toEqual({ changesRequested: 0, firstVerdict: 'success', mergeVerdict: 'success' });
    // No proofgate run on the merged head: the verdict at merge is unknown, not the earlier success.
    expect(byNumber.get(150)).toEqual({ changesRequested: 0, firstVerdict: 'success', mergeVerdict: null });
    const rate = Object.fromEntries(parsed.byModel.map((g) => [g.key, [g.withReviews, g.reviewPassRate]]));
    // The direct push (no pull request) has no review data.
    expect(rate).toEqual({ '(human)': [0, null], 'claude-opus-4-6': [1, 0], 'claude-haiku-4-5': [2, 1] });
    expect(parsed.notes).toContain('Review outcomes rest on the 3 changes found on GitHub.');
  });

  it('prints the GitHub verdicts by model in the Markdown report', async () => {
    const repo = history();
    github = await serveGitHub(pulls);
    const env = { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` };
    const out = await report(['--repo', repo.dir, '--github', 'acme/widgets', '--format', 'markdown'], env);
    expect(out.code).toBe(0);
    expect(github.requests[0]!.variables.search).toBe('repo:acme/widgets is:pr is:merged');
    expect(out.stdout).toContain('| claude-haiku-4-5 | 2 | 2 | 0 | 0 | 0 | 1 | 0 | 1 | 0 |');
    expect(out.stdout).toContain('| claude-opus-4-6 | 1 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |');
    expect(out.stdout).toContain('in 2 GraphQL API calls, 2 rate-limit points');
  });

  it('calls the first verdict unknown when a pull request has more commits than the query reads', async () => {
    const repo = history();
    const commits = (n: number, firstRun: Run) =>
      Array.from({ length: n }, (_, i) => ({
        oid: i.toString(16).padStart(40, '0'),
        runs: i === 0 ? [firstRun] : i === n - 1 ? [run('proofgate', 'SUCCESS', '2026-01-09T12:00:00Z')] : [],
      }));
    const long = commits(21, run('proofgate', 'FAILURE', '2026-01-09T09:00:00Z'));
    const short = commits(20, run('proofgate', 'FAILURE', '2026-01-09T09:00:00Z'));
    github = await serveGitHub([
      // 21 commits: the failing first run is on the one commit the query does not read.
      { number: 1, headRefOid: long[20]!.oid, changesRequested: 0, commits: long },
      // 20 commits: every one is read, so the earliest run is the first verdict.
      { number: 2, headRefOid: short[19]!.oid, changesRequested: 0, commits: short },
    ]);
    const env = { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` };
    const out = await report(['--repo', repo.dir, '--github', 'acme/widgets', '--format', 'json'], env);
    expect(out.code).toBe(0);
    const parsed = JSON.parse(out.stdout) as { changes: Array<{ number: number; review: unknown }> };
    const byNumber = new Map(parsed.changes.map((c) => [c.number, c.review]));
    expect(byNumber.get(1)).toEqual({ changesRequested: 0, firstVerdict: 'unknown', mergeVerdict: 'success' });
    expect(byNumber.get(2)).toEqual({ changesRequested: 0, firstVerdict: 'failure', mergeVerdict: 'success' });
    const markdown = await report(['--repo', repo.dir, '--github', 'acme/widgets', '--format', 'markdown'], env);
    expect(markdown.stdout).toContain('first: unknown (over 20 commits)');
  });

  it('needs a token, and says which permission a refused one lacks', async () => {
    const repo = history();
    const none = await report(['--repo', repo.dir, '--github', 'acme/widgets'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--github needs a token');

    github = await serveGitHub(pulls, { status: 401 });
    const env = { GITHUB_TOKEN: 'ghp_bad', GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: `${github.url}/graphql` };
    const bad = await report(['--repo', repo.dir, '--github', 'acme/widgets'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('401');
    expect(bad.stderr).toContain('--token or GITHUB_TOKEN');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    await github.close();

    github = await serveGitHub(pulls, { status: 403 });
    const denied = await report(['--repo', repo.dir, '--github', 'acme/widgets'], {
      ...env,
      GITHUB_API_URL: github.url,
      GITHUB_GRAPHQL_URL: `${github.url}/graphql`,
    });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('pull-requests: read and checks: read');
  });
});
