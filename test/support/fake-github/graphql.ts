import { execute, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { connection, GitHubGraphQLError, type ConnectionArgs } from './connection.js';
import { blobById, blobSha, treeEntry } from './git-objects.js';
import { githubGraphQLSchema } from './schema.js';
import type { FakeGitHubState } from './state.js';
import type { FakeActor, FakeBaseChange, FakeCheckRun, FakeCommit, FakeIdentity, FakePullRequest, FakeRepository, FakeStatus } from './types.js';

/** GitHub lists at most this many files and commits of a pull request. */
export const FILES_LIMIT = 3000;
export const COMMITS_LIMIT = 250;

type Obj = Record<string, unknown>;
type Args = Record<string, unknown> & ConnectionArgs;

const documents = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>();

/** Parses and validates once per query text (validation against the full schema is the slow part). */
function prepare(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
  let prepared = documents.get(query);
  if (!prepared) {
    try {
      const document = parse(query);
      const errors = validate(githubGraphQLSchema(), document);
      prepared = errors.length ? { errors } : { document };
    } catch (error) {
      prepared = { errors: [error as GraphQLError] };
    }
    documents.set(query, prepared);
  }
  return prepared;
}

/** Executes a GraphQL request against GitHub's schema with resolvers over the fake's state. */
export async function executeGraphQL(
  state: FakeGitHubState,
  body: { query?: unknown; variables?: unknown; operationName?: unknown },
  caller: { canReadTeams: boolean } = { canReadTeams: true },
): Promise<{ data?: unknown; errors?: unknown[] }> {
  if (typeof body.query !== 'string') return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  const prepared = prepare(body.query);
  if ('errors' in prepared) return { errors: prepared.errors.map(formatError) };
  const result = await execute({
    schema: githubGraphQLSchema(),
    document: prepared.document,
    rootValue: queryRoot(state, caller),
    variableValues: (body.variables ?? {}) as Obj,
    operationName: typeof body.operationName === 'string' ? body.operationName : null,
  });
  return result.errors ? { data: result.data, errors: result.errors.map(formatError) } : { data: result.data };
}

/** GitHub's error shape: a top-level `type` next to `path`, `locations` and `message`. */
function formatError(error: GraphQLError): Obj {
  const original = error.originalError;
  const out: Obj = { message: error.message, locations: error.locations, path: error.path };
  if (original instanceof GitHubGraphQLError && original.type) out.type = original.type;
  return out;
}

function canRead(state: FakeGitHubState, permission: 'pull_requests' | 'contents' | 'members'): void {
  const level = state.permissions[permission] ?? 'none';
  if (level === 'none') throw new GitHubGraphQLError('FORBIDDEN', 'Resource not accessible by integration');
}

function queryRoot(state: FakeGitHubState, caller: { canReadTeams: boolean }): Obj {
  return {
    repository: ({ owner, name }: Args) => {
      const repo = state.repositories.get(`${String(owner)}/${String(name)}`);
      if (!repo) throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to a Repository with the name '${String(owner)}/${String(name)}'.`);
      return repositoryNode(state, repo);
    },
    repositoryOwner: ({ login }: Args) => ownerNode(state, String(login), caller),
    organization: ({ login }: Args) => {
      const node = ownerNode(state, String(login), caller);
      if (!node || node.__typename !== 'Organization') {
        throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to an Organization with the login of '${String(login)}'.`);
      }
      return node;
    },
    node: ({ id }: Args) => nodeById(state, String(id)),
  };
}

function ownerNode(state: FakeGitHubState, login: string, caller: { canReadTeams: boolean }): Obj | null {
  const repos = [...state.repositories.values()].filter((r) => r.owner === login);
  if (repos.length === 0 && !state.teams.has(login)) return null;
  const isOrg = state.teams.has(login) || repos.some((r) => r.ownerType === 'Organization');
  return {
    __typename: isOrg ? 'Organization' : 'User',
    login,
    repository: ({ name }: Args) => {
      const repo = state.repositories.get(`${login}/${String(name)}`);
      if (!repo) throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to a Repository with the name '${login}/${String(name)}'.`);
      return repositoryNode(state, repo);
    },
    team: ({ slug }: Args) => {
      // GITHUB_TOKEN has no organisation permissions: GitHub refuses it teams.
      if (!caller.canReadTeams) throw new GitHubGraphQLError('FORBIDDEN', 'Resource not accessible by integration');
      canRead(state, 'members');
      const members = state.teams.get(login)?.get(String(slug));
      if (!members) return null;
      return {
        __typename: 'Team',
        slug,
        members: (args: Args) => connection(members, args, 'members', (m) => ({ __typename: 'User', login: m })),
      };
    },
  };
}

function repositoryNode(state: FakeGitHubState, repo: FakeRepository): Obj {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    __typename: 'Repository',
    id: Buffer.from(`Repository:${fullName}`).toString('base64'),
    name: repo.name,
    nameWithOwner: fullName,
    owner: { __typename: repo.ownerType, login: repo.owner },
    defaultBranchRef: () => refNode(state, repo, repo.defaultBranch),
    ref: ({ qualifiedName }: Args) => refNode(state, repo, String(qualifiedName).replace(/^refs\/heads\//, '')),
    object: ({ oid, expression }: Args) => {
      canRead(state, 'contents');
      if (typeof oid === 'string') return repo.commits.has(oid) ? commitNode(state, repo, oid) : blobById(state, repo, oid);
      if (typeof expression === 'string') {
        const [ref = '', path] = expression.split(':');
        const sha = repo.branches.get(ref === 'HEAD' ? repo.defaultBranch : ref) ?? ref;
        return path === undefined ? commitNode(state, repo, sha) : (treeEntry(state, repo, sha, path)?.object ?? null);
      }
      return null;
    },
    mergeQueue: ({ branch }: Args) => {
      if ((state.permissions.merge_queues ?? 'none') === 'none') throw new GitHubGraphQLError('FORBIDDEN', 'Resource not accessible by integration');
      const name = typeof branch === 'string' ? branch : repo.defaultBranch;
      if (!repo.branches.has(name)) return null;
      const entries = repo.mergeQueues.get(name) ?? [];
      return {
        __typename: 'MergeQueue',
        id: Buffer.from(`MergeQueue:${fullName}:${name}`).toString('base64'),
        entries: (args: Args) =>
          connection(
            entries.map((e, i) => ({ ...e, position: i + 1 })),
            args,
            'entries',
            (e) => ({
              __typename: 'MergeQueueEntry',
              position: e.position,
              state: 'AWAITING_CHECKS',
              headCommit: commitNode(state, repo, e.headSha),
              baseCommit: commitNode(state, repo, e.baseSha),
              pullRequest: pullRequestNode(state, repo, repo.pulls.get(e.number)!),
            }),
          ),
      };
    },
    pullRequest: ({ number }: Args) => {
      canRead(state, 'pull_requests');
      const pr = repo.pulls.get(Number(number));
      if (!pr) throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${String(number)}.`);
      return pullRequestNode(state, repo, pr);
    },
    pullRequests: (args: Args) => {
      canRead(state, 'pull_requests');
      state.onListPullRequests?.();
      const states = (args.states as string[] | null | undefined) ?? null;
      const baseRefName = (args.baseRefName as string | null | undefined) ?? null;
      const headRefName = (args.headRefName as string | null | undefined) ?? null;
      const prs = [...repo.pulls.values()]
        .filter(
          (p) =>
            (!states || states.includes(p.state)) &&
            (baseRefName === null || p.base.ref === baseRefName) &&
            (headRefName === null || p.head.ref === headRefName),
        )
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.number - a.number);
      // Numbers follow creation: CREATED_AT orders by them.
      const order = args.orderBy as { field?: string; direction?: string } | null | undefined;
      if (order?.field === 'CREATED_AT') prs.sort((a, b) => (order.direction === 'DESC' ? b.number - a.number : a.number - b.number));
      return connection(prs, args, 'pullRequests', (p) => pullRequestNode(state, repo, p));
    },
  };
}

function refNode(state: FakeGitHubState, repo: FakeRepository, branch: string): Obj | null {
  const sha = repo.branches.get(branch);
  if (!sha) return null;
  return { __typename: 'Ref', name: branch, prefix: 'refs/heads/', target: commitNode(state, repo, sha) };
}

/** GitHub's GraphQL spells a bot's login without `[bot]` (REST and webhooks add it). */
export function actorNode(actor: FakeActor | null): Obj | null {
  if (!actor) return null;
  const login = actor.type === 'Bot' ? actor.login.replace(/\[bot\]$/, '') : actor.login;
  return actor.type === 'Bot' ? { __typename: actor.type, login, databaseId: actor.id ?? null } : { __typename: actor.type, login };
}

/** The GraphQL type of each base-change event of the timeline. */
export const BASE_CHANGE_TYPENAMES: Record<FakeBaseChange['type'], string> = {
  BASE_REF_CHANGED_EVENT: 'BaseRefChangedEvent',
  AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT: 'AutomaticBaseChangeSucceededEvent',
  BASE_REF_FORCE_PUSHED_EVENT: 'BaseRefForcePushedEvent',
};

function pullRequestNode(state: FakeGitHubState, repo: FakeRepository, pr: FakePullRequest): Obj {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    __typename: 'PullRequest',
    id: Buffer.from(`PullRequest:${fullName}#${pr.number}`).toString('base64'),
    number: pr.number,
    title: pr.title,
    url: `https://github.com/${fullName}/pull/${pr.number}`,
    // Numbers follow creation (CREATED_AT orders by them), a second apart, as GitHub's times are to the second.
    createdAt: new Date(Date.UTC(2026, 0, 1) + pr.number * 1000).toISOString(),
    isDraft: pr.draft,
    body: pr.body ?? '',
    state: pr.state,
    author: actorNode(pr.author),
    baseRefName: pr.base.ref,
    baseRefOid: pr.base.sha,
    headRefName: pr.head.ref,
    headRefOid: pr.head.sha,
    isCrossRepository: pr.head.repo !== fullName,
    baseRef: () => refNode(state, repo, pr.base.ref),
    headRef: () => {
      const headRepo = state.repositories.get(pr.head.repo);
      return headRepo ? refNode(state, headRepo, pr.head.ref) : null;
    },
    labels: (args: Args) => connection(pr.labels, args, 'labels', (name) => ({ __typename: 'Label', name })),
    changedFiles: pr.files.length,
    files: (args: Args) =>
      pr.filesUnavailable
        ? null
        : connection(
            pr.files,
            args,
            'files',
            (f) => ({ __typename: 'PullRequestChangedFile', path: f.path, changeType: f.changeType, additions: f.additions, deletions: f.deletions }),
            FILES_LIMIT,
          ),
    commits: (args: Args) =>
      connection(
        pr.commits,
        args,
        'commits',
        (c) => ({
          __typename: 'PullRequestCommit',
          commit: commitNode(state, repo, c.sha),
        }),
        COMMITS_LIMIT,
      ),
    reviews: (args: Args) => {
      const states = (args.states as string[] | null | undefined) ?? null;
      const reviews = pr.reviews.filter((r) => (!states || states.includes(r.state)) && (!args.author || r.author?.login === args.author));
      return connection(reviews, args, 'reviews', (r) => ({
        __typename: 'PullRequestReview',
        id: r.id,
        databaseId: r.databaseId,
        state: r.state,
        author: actorNode(r.author),
        commit: r.commitSha ? commitNode(state, repo, r.commitSha) : null,
        submittedAt: r.submittedAt,
        authorCanPushToRepository: r.authorCanPush,
      }));
    },
    // Only the base changes are modelled: the one kind of timeline event proofgate reads.
    timelineItems: (args: Args) => {
      const types = (args.itemTypes as string[] | null | undefined) ?? null;
      const events = (pr.baseChanges ?? []).filter((e) => !types || types.includes(e.type));
      return connection(events, args, 'timelineItems', (e) => ({
        __typename: BASE_CHANGE_TYPENAMES[e.type],
        createdAt: e.createdAt,
        ...(e.type === 'AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT' ? { oldBase: e.oldBase, newBase: pr.base.ref } : {}),
      }));
    },
  };
}

function gitActor(state: FakeGitHubState, identity: FakeIdentity): Obj {
  const login = identity.login ?? state.userByEmail(identity.email);
  return {
    name: identity.name,
    email: identity.email,
    date: null,
    user: login ? { __typename: 'User', login } : null,
  };
}

const CO_AUTHOR = /^co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$/gim;

/**
 * `Commit.authors` as GitHub resolves it: the git author first, then each
 * Co-authored-by trailer whose e-mail belongs to a known user.
 */
function commitAuthors(state: FakeGitHubState, commit: FakeCommit): FakeIdentity[] {
  const authors: FakeIdentity[] = [commit.author];
  const seen = new Set([commit.author.email.toLowerCase()]);
  for (const [, name = '', email = ''] of commit.message.matchAll(CO_AUTHOR)) {
    const login = state.userByEmail(email);
    if (!login || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    authors.push({ name, email, login });
  }
  return authors;
}

function commitNode(state: FakeGitHubState, repo: FakeRepository, sha: string): Obj {
  const fullName = `${repo.owner}/${repo.name}`;
  const commit: FakeCommit | undefined = repo.commits.get(sha);
  return {
    __typename: 'Commit',
    id: Buffer.from(`Commit:${fullName}:${sha}`).toString('base64'),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    message: commit?.message ?? '',
    messageHeadline: (commit?.message ?? '').split('\n')[0],
    authoredDate: commit?.authoredDate ?? new Date(0).toISOString(),
    author: commit ? gitActor(state, commit.author) : null,
    committer: commit ? gitActor(state, commit.committer) : null,
    authors: (args: Args) =>
      connection(commit ? commitAuthors(state, commit) : [], args, 'authors', (a) => ({ __typename: 'GitActor', ...gitActor(state, a) })),
    signature: commit?.signature
      ? { __typename: 'GpgSignature', isValid: commit.signature.isValid, signer: commit.signature.signer ? { login: commit.signature.signer } : null }
      : null,
    parents: (args: Args) => connection(commit?.parents ?? [], args, 'parents', (p) => commitNode(state, repo, p)),
    // As on GitHub: the pull requests that contain the commit (open or merged), except
    // open ones whose head is in a fork: GitHub associates a commit with an open pull
    // request only through the repository's own branches (`GET /commits/{sha}/pulls`,
    // its REST twin, returns nothing for a fork PR's head commit).
    associatedPullRequests: (args: Args) =>
      connection(
        [...repo.pulls.values()].filter(
          (p) => p.state !== 'CLOSED' && !(p.state === 'OPEN' && p.head.repo !== fullName) && (p.head.sha === sha || p.commits.some((c) => c.sha === sha)),
        ),
        args,
        'associatedPullRequests',
        (p) => pullRequestNode(state, repo, p),
      ),
    checkSuites: (args: Args) => connection(checkSuites(state, fullName, sha), args, 'checkSuites', (s) => s),
    status: () => {
      const contexts = state.statusesFor(fullName, sha);
      if (contexts.length === 0) return null;
      return {
        __typename: 'Status',
        contexts: contexts.slice(0, state.statusContextsListLimit).map(statusContextNode),
        combinedContexts: (args: Args) => statusRollupContexts(state, fullName, sha, args, 'combinedContexts'),
      };
    },
    statusCheckRollup: () => {
      if (state.checkRunsFor(fullName, sha).length === 0 && state.statusesFor(fullName, sha).length === 0) return null;
      return {
        __typename: 'StatusCheckRollup',
        contexts: (args: Args) => statusRollupContexts(state, fullName, sha, args, 'contexts'),
      };
    },
    file: ({ path }: Args) => {
      canRead(state, 'contents');
      return treeEntry(state, repo, sha, String(path));
    },
    tree: () => {
      canRead(state, 'contents');
      return treeEntry(state, repo, sha, '')?.object ?? { __typename: 'Tree', oid: blobSha('tree:'), entries: [] };
    },
  };
}

function statusContextNode(s: FakeStatus): Obj {
  return {
    __typename: 'StatusContext',
    context: s.context,
    state: s.state.toUpperCase(),
    creator: actorNode(s.creator),
    targetUrl: s.targetUrl,
    description: s.description,
  };
}

/**
 * A commit's rollup: the latest check run of each name in each suite, then the
 * latest status of each context, paged like any connection, with GitHub's
 * counts of both (they count every context, whatever `first` asks for).
 */
function statusRollupContexts(state: FakeGitHubState, fullName: string, sha: string, args: Args, field: string): Obj {
  const runs = [...runsByApp(state, fullName, sha).values()].flatMap((suite) => latestRuns(suite).map((run) => ({ run })));
  const statuses = state.statusesFor(fullName, sha).map((status) => ({ status }));
  const page = connection<{ run: FakeCheckRun } | { status: FakeStatus }, Obj>([...runs, ...statuses], args, field, (item) =>
    'status' in item ? statusContextNode(item.status) : checkRunNode(item.run, fullName),
  );
  return { ...page, checkRunCount: runs.length, statusContextCount: statuses.length };
}

function suiteId(fullName: string, sha: string, appId: number): string {
  return Buffer.from(`CheckSuite:${fullName}:${sha}:${appId}`).toString('base64');
}

/** One check suite per app that ran checks on the commit, as GitHub groups them. */
function checkSuites(state: FakeGitHubState, fullName: string, sha: string): Obj[] {
  return [...runsByApp(state, fullName, sha).values()].map((runs) => checkSuiteNode(fullName, sha, runs));
}

function runsByApp(state: FakeGitHubState, fullName: string, sha: string): Map<number, FakeCheckRun[]> {
  const byApp = new Map<number, FakeCheckRun[]>();
  for (const run of state.checkRunsFor(fullName, sha)) {
    const runs = byApp.get(run.app.id) ?? [];
    runs.push(run);
    byApp.set(run.app.id, runs);
  }
  return byApp;
}

function checkSuiteNode(fullName: string, sha: string, runs: FakeCheckRun[]): Obj {
  const app = runs[0]!.app;
  return {
    __typename: 'CheckSuite',
    id: suiteId(fullName, sha, app.id),
    app: { __typename: 'App', slug: app.slug, databaseId: app.id, name: app.slug },
    checkRuns: (args: Args) => {
      const filter = (args.filterBy ?? {}) as { checkType?: string; checkName?: string; appId?: number };
      // LATEST (GitHub's default): the newest run of each name.
      let selected = filter.checkType === 'ALL' ? runs : latestRuns(runs);
      if (filter.checkName) selected = selected.filter((r) => r.name === filter.checkName);
      return connection(selected, args, 'checkRuns', (r) => checkRunNode(r, fullName));
    },
  };
}

function latestRuns(runs: FakeCheckRun[]): FakeCheckRun[] {
  const latest = new Map<string, FakeCheckRun>();
  for (const run of runs) latest.set(run.name, run);
  return [...latest.values()];
}

function checkRunNode(r: FakeCheckRun, fullName: string): Obj {
  return {
    __typename: 'CheckRun',
    databaseId: r.id,
    name: r.name,
    status: r.status.toUpperCase(),
    conclusion: r.conclusion?.toUpperCase() ?? null,
    detailsUrl: r.detailsUrl,
    completedAt: r.completedAt,
    externalId: r.externalId,
    url: `https://github.com/${fullName}/runs/${r.id}`,
    permalink: `https://github.com/${fullName}/runs/${r.id}`,
  };
}

function nodeById(state: FakeGitHubState, id: string): Obj | null {
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const m = /^CheckSuite:([^:]+):([0-9a-f]{40}):(\d+)$/.exec(decoded);
  if (!m) throw new GitHubGraphQLError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
  const [, fullName = '', sha = '', appId] = m;
  const runs = state.checkRunsFor(fullName, sha).filter((r) => r.app.id === Number(appId));
  return runs.length ? checkSuiteNode(fullName, sha, runs) : null;
}
