import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { GitHubError } from '../../src/github/errors.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const gh = useFakeGitHub();

/** The GraphQL operation of each call, `REST` for the rest. */
function operations(): string[] {
  return gh.fake.calls.map((c) => (c.body as { query?: string } | undefined)?.query?.match(/query (\w+)/)?.[1] ?? 'REST');
}

async function loadTwice(files: number, commits: number, between: (pr: ReturnType<typeof addAgentPullRequest>) => void = () => {}) {
  const added = addAgentPullRequest(gh.fake, { files, commits });
  for (const i of [2995, 2996, 2997].filter((n) => n < files)) {
    added.pr.files[i] = { ...added.pr.files[i]!, changeType: 'RENAMED', previousPath: `old/${added.pr.files[i]!.path}` };
  }
  const ref = { owner: 'acme', repo: 'widgets', number: added.pr.number };
  const first = await loadPullRequest(gh.client, ref, OPTS);
  between(added);
  gh.fake.calls.length = 0;
  const second = await loadPullRequest(gh.client, ref, { ...OPTS, reuseLists: first.lists });
  return { first, second, added };
}

describe('a load reusing the file and commit listings of an earlier load', () => {
  it('reads one query instead of 31 for 3,000 files, 250 commits and three renames, and gives the same snapshot', async () => {
    const { first, second } = await loadTwice(3000, 250);
    expect(operations()).toEqual(['ProofgatePullRequest']);
    expect(second.snapshot).toEqual(first.snapshot);
    expect(second.snapshot.files.filter((f) => f.previousPath !== null).map((f) => f.previousPath)).toEqual(
      [2995, 2996, 2997].map((i) => `old/${first.snapshot.files[i]!.path}`),
    );
    expect(first.snapshot.files[2995]?.previousPath).toMatch(/^old\//);
  });

  it('still reads reviews: a review added in between is in the second snapshot', async () => {
    const { second, added } = await loadTwice(300, 5, ({ repo, pr }) =>
      gh.fake.addReview(repo, pr.number, { author: { login: 'bob', type: 'User' }, state: 'APPROVED', commitSha: pr.head.sha }),
    );
    expect(operations()).toEqual(['ProofgatePullRequest']);
    expect(second.snapshot.reviews.map((r) => [r.author?.login, r.state])).toEqual([['bob', 'APPROVED']]);
    expect(added.pr.reviews).toHaveLength(1);
  });

  it('pages again when the head moved', async () => {
    const { second } = await loadTwice(300, 5, ({ repo, pr }) =>
      // Same first page, same total: only the head commit tells the listings apart.
      gh.fake.pushCommits(
        repo,
        pr.number,
        [{ message: 'more' }],
        pr.files.map((f, i) => (i === 250 ? { ...f, path: 'src/payments/new.ts' } : { ...f })),
      ),
    );
    expect(operations().filter((o) => o === 'ProofgatePullRequestPage')).toHaveLength(2);
    expect(second.snapshot.files.map((f) => f.path)).toContain('src/payments/new.ts');
  });

  it('pages again when the base moved', async () => {
    // Same first page, same total: only the base commit tells the listings apart.
    const { second } = await loadTwice(300, 5, ({ pr }) => {
      pr.base.sha = 'b'.repeat(40);
      pr.files[250] = { ...pr.files[250]!, path: 'src/payments/moved-base.ts' };
    });
    expect(operations().filter((o) => o === 'ProofgatePullRequestPage')).toHaveLength(2);
    expect(second.snapshot.files.map((f) => f.path)).toContain('src/payments/moved-base.ts');
  });

  it('pages again when GitHub now lists another first page or another total for the same commits', async () => {
    const changedFirstPage = await loadTwice(300, 5, ({ pr }) => {
      pr.files[0] = { ...pr.files[0]!, additions: 999 };
      pr.files[250] = { ...pr.files[250]!, path: 'src/payments/recomputed.ts' };
    });
    expect(changedFirstPage.second.snapshot.files.map((f) => f.path)).toContain('src/payments/recomputed.ts');
    gh.fake.calls.length = 0;

    const changedTotal = await loadTwice(300, 5, ({ pr }) => {
      pr.files.push({ path: 'src/payments/appended.ts', changeType: 'ADDED', additions: 1, deletions: 0 });
    });
    expect(changedTotal.second.snapshot.files.map((f) => f.path)).toContain('src/payments/appended.ts');
    expect(changedTotal.second.snapshot.files).toHaveLength(301);
  });

  it('reuses nothing from a listing GitHub cut short at its limit', async () => {
    const { second } = await loadTwice(3100, 5);
    expect(operations().filter((o) => o === 'ProofgatePullRequestPage')).toHaveLength(29);
    expect(second.snapshot.truncated.files).toBe(true);
  });
});

/** The fake's client, running `between` once, just before the `at`-th request (1-based) reaches GitHub. */
function clientThatChangesGitHub(at: number, between: () => void): GitHubClient {
  let calls = 0;
  const before = () => {
    if (++calls === at) between();
  };
  const graphql = ((query: string, vars?: Record<string, unknown>) => {
    before();
    return gh.client.graphql(query, vars);
  }) as GitHubClient['graphql'];
  const request = ((route: string, params?: Record<string, unknown>) => {
    before();
    return gh.client.request(route, params);
  }) as GitHubClient['request'];
  return { graphql, request };
}

describe('a listing read while the pull request changes', () => {
  it('fails, retryable, when a later page is of another head: a push and a push back never yield a mixed listing to reuse', async () => {
    const { repo, pr } = addAgentPullRequest(gh.fake, { files: 300 });
    const ref = { owner: 'acme', repo: 'widgets', number: pr.number };
    const headA = pr.head.sha;
    const filesA = pr.files.map((f) => ({ ...f }));
    // Head B: the same first page and total, but not A's release workflow at position 250.
    const filesB = filesA.map((f, i) => (i === 250 ? { ...f, path: 'docs/harmless.md' } : { ...f }));
    filesA[250] = { ...filesA[250]!, path: '.github/workflows/release.yml' };
    pr.files = filesA;
    const pushB = () => gh.fake.pushCommits(repo, pr.number, [{ message: 'B' }], filesB);
    // The push lands after the first page was read, before the second.
    const error = await loadPullRequest(clientThatChangesGitHub(2, pushB), ref, OPTS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).retryable).toBe(true);
    expect((error as GitHubError).message).toContain(`changed while proofgate read page 2 (head ${headA.slice(0, 7)} →`);
    // Pushed back to A: a load reads A's own listing.
    pr.head.sha = headA;
    pr.files = filesA;
    const loaded = await loadPullRequest(gh.client, ref, OPTS);
    expect(loaded.snapshot.files.map((f) => f.path)).toContain('.github/workflows/release.yml');
  });

  it('fails, retryable, when the head moved while REST listed the old paths of renamed files', async () => {
    const { repo, pr } = addAgentPullRequest(gh.fake, { files: 4 });
    pr.files.push({ path: 'docs/key.ts', previousPath: 'secrets/key.ts', changeType: 'RENAMED', additions: 0, deletions: 0 });
    const ref = { owner: 'acme', repo: 'widgets', number: pr.number };
    // Head B renames docs/key.ts from a harmless path; it is pushed just before REST is asked.
    const pushB = () =>
      gh.fake.pushCommits(
        repo,
        pr.number,
        [{ message: 'B' }],
        pr.files.map((f) => (f.path === 'docs/key.ts' ? { ...f, previousPath: 'docs/old.ts' } : { ...f })),
      );
    const error = await loadPullRequest(clientThatChangesGitHub(2, pushB), ref, OPTS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).retryable).toBe(true);
    expect((error as GitHubError).message).toContain('changed while proofgate read its renamed files');
  });
});
