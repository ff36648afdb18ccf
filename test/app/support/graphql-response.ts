/**
 * A response to PULL_REQUEST_QUERY (src/github/queries/pull-request.ts) in the
 * shape github.com returns it, built by hand from a pull request record: the
 * fields the query selects and nothing else, enum values in upper case, a
 * bot's login without `[bot]`, and a missing `.github` repository reported as
 * a NOT_FOUND error next to partial data. test/app/graphql-response.test.ts
 * checks the shape against GitHub's schema.
 */
import type { GraphQLErrorItem } from '../../../src/github/errors.js';
import { PULL_REQUEST_QUERY } from '../../../src/github/queries/pull-request.js';
import type { ActorNode, CheckRunNode, CheckSuiteNode, CommitNode, GitActorNode, PullRequestQueryData, ReviewNode } from '../../../src/github/response.js';
import type { FakeActor, FakeCommit, FakeIdentity, FakePullRequest } from '../../support/fake-github/index.js';
import { BASE_CHANGE_TYPENAMES } from '../../support/fake-github/graphql.js';

export interface CheckRunInput {
  databaseId: number;
  name: string;
  status?: 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED';
  conclusion?: 'SUCCESS' | 'FAILURE' | 'NEUTRAL' | 'CANCELLED' | 'SKIPPED' | 'TIMED_OUT' | 'ACTION_REQUIRED' | 'STALE' | null;
  externalId?: string | null;
  detailsUrl?: string | null;
  completedAt?: string | null;
}

export interface CheckSuiteInput {
  app: { slug: string; databaseId: number };
  runs: CheckRunInput[];
}

export interface PullRequestResponseInput {
  pr: FakePullRequest;
  /** The policy at the tip of the base branch; null when the file does not exist there. */
  policy: { path: string; text: string } | null;
  /** The base branch's tip (where the policy is read); defaults to the PR's base SHA. */
  baseTipOid?: string;
  /** Check suites on the head commit, each with its latest runs. */
  suites?: CheckSuiteInput[];
}

export interface GraphQLResponse {
  data: PullRequestQueryData;
  errors?: Array<GraphQLErrorItem & { locations: Array<{ line: number; column: number }> }>;
}

/** Where the query asks for the owner's `.github` repository (GitHub's error names it). */
function orgRepositoryLocation(): { line: number; column: number } {
  const lines = PULL_REQUEST_QUERY.split('\n');
  const line = lines.findIndex((l) => l.includes('repository(name: ".github")'));
  return { line: line + 1, column: (lines[line]?.indexOf('repository') ?? 0) + 1 };
}

const NO_MORE = { hasNextPage: false, endCursor: null };

/** A base64 cursor as GitHub's look (`Y3Vyc29yOjM=` is "cursor:3"). */
function cursor(count: number): string | null {
  return count > 0 ? Buffer.from(`cursor:${count}`).toString('base64') : null;
}

/** GraphQL spells a bot's login without the `[bot]` REST adds, and types it `Bot`. */
function actor(a: FakeActor | null): ActorNode | null {
  if (!a) return null;
  return a.type === 'Bot' ? { __typename: 'Bot', login: a.login.replace(/\[bot\]$/, '') } : { __typename: a.type, login: a.login };
}

/** The PR author also carries a bot's `databaseId` (`... on Bot { databaseId }`). */
function prAuthor(a: FakeActor | null): (ActorNode & { databaseId?: number | null }) | null {
  const node = actor(a);
  return node && a?.type === 'Bot' ? { ...node, databaseId: a.id ?? null } : node;
}

function gitActor(i: FakeIdentity): GitActorNode {
  return { name: i.name, email: i.email, user: i.login ? { login: i.login } : null };
}

const CO_AUTHORED_BY = /^co-authored-by:\s*(.+?)\s*<([^>]+)>\s*$/gim;

/**
 * `Commit.authors`: the git author first, then one entry per Co-authored-by
 * trailer; `user` is null for an e-mail no account is linked to.
 */
function authors(c: FakeCommit): GitActorNode[] {
  const out = [gitActor(c.author)];
  for (const [, name = '', email = ''] of c.message.matchAll(CO_AUTHORED_BY)) out.push({ name, email, user: null });
  return out;
}

function commit(c: FakeCommit): CommitNode {
  return {
    oid: c.sha,
    message: c.message,
    authoredDate: c.authoredDate,
    author: gitActor(c.author),
    committer: gitActor(c.committer),
    authors: { nodes: authors(c) },
  };
}

function checkRun(r: CheckRunInput): CheckRunNode {
  const status = r.status ?? 'COMPLETED';
  return {
    databaseId: r.databaseId,
    name: r.name,
    status,
    conclusion: r.conclusion === undefined ? (status === 'COMPLETED' ? 'SUCCESS' : null) : r.conclusion,
    detailsUrl: r.detailsUrl ?? null,
    completedAt: r.completedAt ?? (status === 'COMPLETED' ? '2026-11-20T11:50:00Z' : null),
    externalId: r.externalId ?? null,
  };
}

function checkSuite(s: CheckSuiteInput, index: number): CheckSuiteNode {
  return {
    id: Buffer.from(`04:CheckSuite${1000 + index}`).toString('base64'),
    app: { slug: s.app.slug, databaseId: s.app.databaseId },
    checkRuns: { pageInfo: { hasNextPage: false, endCursor: cursor(s.runs.length) }, nodes: s.runs.map(checkRun) },
  };
}

function review(r: FakePullRequest['reviews'][number]): ReviewNode {
  return {
    id: r.id,
    state: r.state,
    author: actor(r.author),
    commit: r.commitSha ? { oid: r.commitSha } : null,
    submittedAt: r.submittedAt,
    authorCanPushToRepository: r.authorCanPush,
  };
}

/** The response for a PR of at most 100 files, commits, reviews and labels (one page each). */
export function pullRequestResponse(input: PullRequestResponseInput): GraphQLResponse {
  const { pr } = input;
  if (pr.files.length > 100 || pr.commits.length > 100 || pr.reviews.length > 100) {
    throw new Error('pullRequestResponse builds a single page; use the fake GitHub for larger pull requests');
  }
  const [owner] = pr.repo.split('/') as [string];
  const head = pr.commits.at(-1);
  if (!head || head.sha !== pr.head.sha) throw new Error('the last commit of the record must be the PR head');
  const baseTip = input.baseTipOid ?? pr.base.sha;
  const data: PullRequestQueryData = {
    repository: {
      pullRequest: {
        id: Buffer.from(`PullRequest:${pr.number}`).toString('base64'),
        number: pr.number,
        title: pr.title,
        url: `https://github.com/${pr.repo}/pull/${pr.number}`,
        body: pr.body ?? '',
        author: prAuthor(pr.author),
        baseRefName: pr.base.ref,
        baseRefOid: pr.base.sha,
        headRefName: pr.head.ref,
        headRefOid: pr.head.sha,
        changedFiles: pr.files.length,
        baseRef: {
          target: {
            oid: baseTip,
            policy: input.policy
              ? {
                  path: input.policy.path,
                  object: { oid: 'b0'.repeat(20), byteSize: Buffer.byteLength(input.policy.text), text: input.policy.text, isTruncated: false },
                }
              : null,
          },
        },
        files: {
          totalCount: pr.files.length,
          pageInfo: { hasNextPage: false, endCursor: cursor(pr.files.length) },
          nodes: pr.files.map((f) => ({ path: f.path, changeType: f.changeType, additions: f.additions, deletions: f.deletions })),
        },
        commits: {
          totalCount: pr.commits.length,
          pageInfo: { hasNextPage: false, endCursor: cursor(pr.commits.length) },
          nodes: pr.commits.map((c) => ({ commit: commit(c) })),
        },
        reviews: { pageInfo: { hasNextPage: false, endCursor: cursor(pr.reviews.length) }, nodes: pr.reviews.map(review) },
        baseChanges: {
          nodes: (pr.baseChanges ?? []).slice(-1).map((e) => ({
            __typename: BASE_CHANGE_TYPENAMES[e.type],
            createdAt: e.createdAt,
          })),
        },
        headCommit: {
          nodes: [
            {
              commit: {
                oid: head.sha,
                checkSuites: { pageInfo: NO_MORE, nodes: (input.suites ?? []).map(checkSuite) },
                status: null,
                // GitHub's rollup of a commit with check runs and no statuses; null with neither.
                statusCheckRollup: input.suites?.length ? { contexts: { statusContextCount: 0 } } : null,
                agentTrace: null,
                sessions: null,
              },
            },
          ],
        },
      },
      openPullRequests: { totalCount: 1, pageInfo: NO_MORE, nodes: [{ number: pr.number, headRefOid: head.sha, createdAt: '2026-01-01T00:00:00Z' }] },
      oldestOpenPullRequests: { nodes: [{ number: pr.number, headRefOid: head.sha, createdAt: '2026-01-01T00:00:00Z' }] },
    },
    orgDefaults: { repository: null },
  };
  return {
    data,
    errors: [
      {
        type: 'NOT_FOUND',
        path: ['orgDefaults', 'repository'],
        locations: [orgRepositoryLocation()],
        message: `Could not resolve to a Repository with the name '${owner}/.github'.`,
      },
    ],
  };
}

export const BASE_SHA = 'c0ffee00000000000000000000000000000000b0';
export const FIRST_SHA = 'c0ffee00000000000000000000000000000000c1';
export const HEAD_SHA = 'c0ffee00000000000000000000000000000000c2';

/** A Claude Code commit message as Claude Code writes it. */
export function claudeMessage(subject: string): string {
  return `${subject}\n\nGenerated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n`;
}

/**
 * An agent pull request as a record (the payload builders read it too):
 * alice opened it, both commits are hers with Claude Code's trailer, and it
 * touches src/auth/ (which the test policy guards with a review) and docs/.
 */
export function agentPullRequestRecord(repo = 'acme/widgets', number = 7): FakePullRequest {
  const alice = { name: 'Alice Example', email: 'alice@example.com', login: 'alice' };
  return {
    repo,
    number,
    title: 'Add token refresh to the auth module',
    author: { login: 'alice', type: 'User' },
    draft: false,
    labels: [],
    state: 'OPEN',
    base: { ref: 'main', sha: BASE_SHA },
    head: { ref: 'claude/token-refresh', sha: HEAD_SHA, repo },
    files: [
      { path: 'src/auth/token.ts', changeType: 'MODIFIED', additions: 42, deletions: 7 },
      { path: 'docs/auth.md', changeType: 'ADDED', additions: 18, deletions: 0 },
    ],
    commits: [
      {
        sha: FIRST_SHA,
        message: claudeMessage('Add token refresh to the auth module'),
        author: alice,
        committer: alice,
        parents: [BASE_SHA],
        authoredDate: '2026-11-20T10:00:00Z',
        signature: null,
      },
      {
        sha: HEAD_SHA,
        message: claudeMessage('Document token refresh'),
        author: alice,
        committer: alice,
        parents: [FIRST_SHA],
        authoredDate: '2026-11-20T10:05:00Z',
        signature: null,
      },
    ],
    reviews: [],
    updatedAt: '2026-11-20T10:06:00Z',
  };
}
