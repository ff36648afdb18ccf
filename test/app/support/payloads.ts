/**
 * Real webhook payloads from @octokit/webhooks-examples (GitHub's own
 * examples), patched to point at a repository, pull request and commit in the
 * fake GitHub.
 */
import { createRequire } from 'node:module';
import type { FakePullRequest } from '../../support/fake-github/index.js';

/** Webhook payloads are patched field by field; their exact types do not help here. */
type Json = Record<string, any>;

interface Definition {
  name: string;
  examples: Json[];
}

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as Definition[];

export const INSTALLATION_ID = 4242;

/** Where the payloads read the pull request from: the fake GitHub, or a copy of its records. */
export interface PullRequestSource {
  pullRequest(fullName: string, number: number): FakePullRequest;
}

/** A stable numeric repository id for "owner/name". */
export function repositoryId(fullName: string): number {
  let h = 7;
  for (const ch of fullName) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return h;
}

/** A deep copy of GitHub's example for `event` (and `action`), preferring one sent to an App installation. */
export function example(event: string, action?: string): Json {
  const definition = definitions.find((d) => d.name === event);
  if (!definition) throw new Error(`no webhook example for ${event}`);
  const candidates = definition.examples.filter((e) => action === undefined || e.action === action);
  const chosen = candidates.find((e) => e.installation) ?? candidates[0];
  if (!chosen) throw new Error(`no webhook example for ${event}.${action}`);
  return structuredClone(chosen);
}

function repositoryJson(base: Json, fullName: string): Json {
  const [owner, name] = fullName.split('/') as [string, string];
  return {
    ...base,
    id: repositoryId(fullName),
    name,
    full_name: fullName,
    url: `https://api.github.com/repos/${fullName}`,
    owner: { ...base.owner, login: owner },
  };
}

function withInstallation(payload: Json): Json {
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
  return payload;
}

/**
 * `pull_request.<action>` for a PR in the fake, as GitHub sends it now. The
 * examples have no `edited`; it is the `opened` example with the action and
 * `changes` GitHub adds.
 */
export function pullRequestEvent(fake: PullRequestSource, fullName: string, number: number, action: string, extra: Json = {}): Json {
  const payload = example('pull_request', action === 'edited' ? 'opened' : action);
  payload.action = action;
  payload.number = number;
  payload.repository = repositoryJson(payload.repository, fullName);
  payload.pull_request = pullRequestJson(payload.pull_request, fake, fullName, number);
  return withInstallation({ ...payload, ...extra });
}

function pullRequestJson(base: Json, fake: PullRequestSource, fullName: string, number: number): Json {
  const pr = fake.pullRequest(fullName, number);
  return {
    ...base,
    number,
    state: 'open',
    draft: pr.draft,
    title: pr.title,
    user: { ...base.user, login: pr.author?.login ?? 'ghost', type: pr.author?.type ?? 'User' },
    head: { ...base.head, sha: pr.head.sha, ref: pr.head.ref, repo: repositoryJson(base.head.repo, pr.head.repo) },
    base: { ...base.base, sha: pr.base.sha, ref: pr.base.ref, repo: repositoryJson(base.base.repo, fullName) },
  };
}

/**
 * `pull_request_review.<action>` for the fake's review (by default the newest
 * one). The examples have no `edited`; it is the `submitted` example with the
 * action and the `changes` GitHub adds (the old body).
 */
export function reviewEvent(fake: PullRequestSource, fullName: string, number: number, action = 'submitted', reviewIndex = -1): Json {
  const pr = fake.pullRequest(fullName, number);
  const review = pr.reviews.at(reviewIndex);
  if (!review) throw new Error(`no review on ${fullName}#${number}`);
  const payload = example('pull_request_review', action === 'edited' ? 'submitted' : action);
  payload.action = action;
  if (action === 'edited') payload.changes = { body: { from: 'Looks good' } };
  payload.repository = repositoryJson(payload.repository, fullName);
  payload.pull_request = pullRequestJson(payload.pull_request, fake, fullName, number);
  payload.review = {
    ...payload.review,
    id: review.databaseId,
    state: review.state.toLowerCase(),
    commit_id: review.commitSha,
    user: { ...payload.review.user, login: review.author?.login ?? 'ghost', type: review.author?.type ?? 'User' },
  };
  return withInstallation(payload);
}

export interface CheckRunEventOptions {
  name: string;
  headSha: string;
  app: { id: number; slug: string };
  conclusion?: string | null;
  /** PR numbers GitHub lists in the payload; empty for a fork head. */
  pullRequests: number[];
  id?: number;
  requestedAction?: string;
}

/** `check_run.<action>`; `pull_requests` lists only the PRs given (GitHub lists none for forks). */
export function checkRunEvent(fake: PullRequestSource, fullName: string, action: string, opts: CheckRunEventOptions): Json {
  const payload = example('check_run', action === 'completed' || action === 'requested_action' || action === 'rerequested' ? action : undefined);
  payload.action = action;
  payload.repository = repositoryJson(payload.repository, fullName);
  const template = payload.check_run.pull_requests[0] ?? example('check_run', 'completed').check_run.pull_requests[0];
  payload.check_run = {
    ...payload.check_run,
    id: opts.id ?? 99_000,
    name: opts.name,
    head_sha: opts.headSha,
    status: action === 'completed' ? 'completed' : payload.check_run.status,
    conclusion: opts.conclusion === undefined ? (action === 'completed' ? 'success' : null) : opts.conclusion,
    app: { ...payload.check_run.app, id: opts.app.id, slug: opts.app.slug, name: opts.app.slug },
    check_suite: { ...payload.check_run.check_suite, head_sha: opts.headSha, pull_requests: [] },
    pull_requests: opts.pullRequests.map((n) => listedPullRequest(template, fake, fullName, n)),
  };
  if (action === 'requested_action') payload.requested_action = { identifier: opts.requestedAction ?? 'reevaluate' };
  return withInstallation(payload);
}

export function checkSuiteEvent(fake: PullRequestSource, fullName: string, action: string, opts: Omit<CheckRunEventOptions, 'name' | 'requestedAction'>): Json {
  const payload = example('check_suite', action);
  payload.action = action;
  payload.repository = repositoryJson(payload.repository, fullName);
  const template = example('check_run', 'completed').check_run.pull_requests[0];
  payload.check_suite = {
    ...payload.check_suite,
    head_sha: opts.headSha,
    conclusion: opts.conclusion ?? 'success',
    app: { ...payload.check_suite.app, id: opts.app.id, slug: opts.app.slug, name: opts.app.slug },
    pull_requests: opts.pullRequests.map((n) => listedPullRequest(template, fake, fullName, n)),
  };
  return withInstallation(payload);
}

function listedPullRequest(template: Json, fake: PullRequestSource, fullName: string, number: number): Json {
  const pr = fake.pullRequest(fullName, number);
  const repo = { id: repositoryId(fullName), url: `https://api.github.com/repos/${fullName}`, name: fullName.split('/')[1] };
  return {
    ...template,
    number,
    url: `https://api.github.com/repos/${fullName}/pulls/${number}`,
    head: { ref: pr.head.ref, sha: pr.head.sha, repo },
    base: { ref: pr.base.ref, sha: pr.base.sha, repo },
  };
}

export function statusEvent(fullName: string, sha: string, context: string, state: string): Json {
  const payload = example('status');
  payload.repository = repositoryJson(payload.repository, fullName);
  payload.sha = sha;
  payload.context = context;
  payload.state = state;
  payload.commit = { ...payload.commit, sha };
  return withInstallation(payload);
}

export interface PushEventOptions {
  /** `refs/heads/<branch>` or `refs/tags/<tag>`. */
  ref: string;
  before: string;
  after: string;
  /** The pushed commits as GitHub lists them; each lists the paths it added, modified and removed. */
  commits: Array<{ id: string; message?: string; added?: string[]; modified?: string[]; removed?: string[] }>;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
}

/** `push`: GitHub's example of a push to a branch (or to a tag), with the ref, commits and their files replaced. */
export function pushEvent(fullName: string, opts: PushEventOptions): Json {
  const toTag = opts.ref.startsWith('refs/tags/');
  const definition = definitions.find((d) => d.name === 'push');
  const chosen =
    definition?.examples.find((e) => e.installation && String(e.ref).startsWith(toTag ? 'refs/tags/' : 'refs/heads/')) ??
    definition?.examples.find((e) => String(e.ref).startsWith(toTag ? 'refs/tags/' : 'refs/heads/'));
  if (!chosen) throw new Error('no push webhook example');
  const payload = structuredClone(chosen);
  const template = payload.commits[0] ?? payload.head_commit;
  payload.ref = opts.ref;
  payload.before = opts.before;
  payload.after = opts.after;
  payload.created = opts.created ?? false;
  payload.deleted = opts.deleted ?? false;
  payload.forced = opts.forced ?? false;
  payload.compare = `https://github.com/${fullName}/compare/${opts.before.slice(0, 12)}...${opts.after.slice(0, 12)}`;
  payload.repository = repositoryJson(payload.repository, fullName);
  payload.commits = opts.commits.map((c) => ({
    ...template,
    id: c.id,
    message: c.message ?? `Commit ${c.id.slice(0, 7)}`,
    url: `https://github.com/${fullName}/commit/${c.id}`,
    added: c.added ?? [],
    modified: c.modified ?? [],
    removed: c.removed ?? [],
  }));
  payload.head_commit = payload.commits.at(-1) ?? (opts.deleted ? null : { ...template, id: opts.after });
  return withInstallation(payload);
}

/**
 * `merge_group.checks_requested` for a merge queue entry of the fake, as
 * GitHub sends it: the merge group commit, its `gh-readonly-queue` ref naming
 * the entry's pull request and base, and the target branch.
 */
export function mergeGroupEvent(fullName: string, entry: { number: number; headSha: string; baseSha: string }, branch = 'main'): Json {
  const payload = example('merge_group', 'checks_requested');
  payload.repository = repositoryJson(payload.repository, fullName);
  payload.merge_group = {
    ...payload.merge_group,
    head_sha: entry.headSha,
    head_ref: `refs/heads/gh-readonly-queue/${branch}/pr-${entry.number}-${entry.baseSha}`,
    base_sha: entry.baseSha,
    base_ref: `refs/heads/${branch}`,
    head_commit: { ...payload.merge_group.head_commit, id: entry.headSha },
  };
  return withInstallation(payload);
}
