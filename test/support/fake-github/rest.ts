import { blobSha } from './git-objects.js';
import type { FakeGitHubState } from './state.js';
import type { FakeAnnotation, FakeApp, FakeCheckRun, FakePullRequest } from './types.js';

export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The app the token acts as; null without a token. */
  actor: FakeApp | null;
  /** Whether the token is an installation token of the fake's App (not a GITHUB_TOKEN). */
  installation: boolean;
  /** The fake's own URL, for Link headers (GitHub's are absolute). */
  baseUrl: string;
}

export interface RestResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (state: FakeGitHubState, req: RestRequest, params: string[]) => RestResponse;

const ok = (body: unknown, status = 200): RestResponse => ({ status, body });
const notFound = (): RestResponse => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
const invalid = (message: string): RestResponse => ({
  status: 422,
  body: { message: `Invalid request.\n\n${message}`, documentation_url: 'https://docs.github.com/rest/checks/runs' },
});
const forbidden = (): RestResponse => ({
  status: 403,
  body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/checks/runs', status: '403' },
});

const routes: Array<[string, RegExp, Handler]> = [
  [
    'POST',
    /^\/app\/installations\/(\d+)\/access_tokens$/,
    (state, _req, [id]) =>
      ok(
        {
          token: `ghs_fake_installation_${id}`,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: state.permissions,
          repository_selection: 'all',
        },
        201,
      ),
  ],
  ['GET', /^\/app$/, (state) => ok({ id: state.app.id, slug: state.app.slug, name: state.app.slug, owner: { login: 'proofgate' } })],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/installation$/,
    (state, _req, [o, r]) => {
      const repo = state.repositories.get(`${o}/${r}`);
      return repo ? ok({ id: repo.installationId, app_id: state.app.id, app_slug: state.app.slug, account: { login: repo.owner } }) : notFound();
    },
  ],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/, createCheckRun],
  ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/, updateCheckRun],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/,
    (state, _req, [o, r, id]) => {
      const run = state.checkRunsFor(`${o}/${r}`).find((c) => c.id === Number(id));
      return run ? ok(checkRunJson(state, run)) : notFound();
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)\/annotations$/,
    (state, _req, [o, r, id]) => {
      const run = state.checkRunsFor(`${o}/${r}`).find((c) => c.id === Number(id));
      return run ? ok(run.annotations) : notFound();
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/check-runs$/,
    (state, req, [o, r, sha]) => {
      const name = req.query.get('check_name');
      const runs = state.checkRunsFor(`${o}/${r}`, sha).filter((c) => !name || c.name === name);
      return ok({ total_count: runs.length, check_runs: runs.map((c) => checkRunJson(state, c)) });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/status$/,
    (state, _req, [o, r, sha]) => {
      const statuses = state.statusesFor(`${o}/${r}`, sha!);
      return ok({
        sha,
        total_count: statuses.length,
        statuses: statuses.map((s) => ({ context: s.context, state: s.state, target_url: s.targetUrl, creator: { login: s.creator.login } })),
      });
    },
  ],
  [
    'POST',
    /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]{40})$/,
    (state, req, [o, r, sha]) => {
      const body = (req.body ?? {}) as { state?: string; context?: string; target_url?: string; description?: string };
      if (!body.state || !['success', 'failure', 'error', 'pending'].includes(body.state)) return invalid('"state" is not a valid value.');
      const status = state.addStatus(`${o}/${r}`, sha!, {
        context: body.context ?? 'default',
        state: body.state as 'success',
        creator: { login: `${req.actor?.slug ?? 'ghost'}[bot]`, type: 'Bot' },
        targetUrl: body.target_url ?? null,
        description: body.description ?? null,
      });
      return ok({ id: status.id, state: status.state, context: status.context }, 201);
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/pulls$/,
    (state, _req, [o, r, sha]) => {
      // Like GitHub, this only sees commits on the repository's own branches: fork PRs are missing.
      const full = `${o}/${r}`;
      const repo = state.repositories.get(full);
      if (!repo) return notFound();
      const prs = [...repo.pulls.values()].filter((p) => p.head.repo === full && p.commits.some((c) => c.sha === sha));
      return ok(prs.map((p) => pullJson(p)));
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
    (state, _req, [o, r, n]) => {
      const pr = state.repositories.get(`${o}/${r}`)?.pulls.get(Number(n));
      return pr ? ok(pullJson(pr)) : notFound();
    },
  ],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/, listPullFiles],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
    (state, req, [o, r]) => {
      const repo = state.repositories.get(`${o}/${r}`);
      if (!repo) return notFound();
      const wanted = req.query.get('state') ?? 'open';
      return ok([...repo.pulls.values()].filter((p) => wanted === 'all' || p.state.toLowerCase() === wanted).map((p) => pullJson(p)));
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([0-9a-f]{40})$/,
    (state, _req, [o, r, sha]) => {
      const repo = state.repositories.get(`${o}/${r}`);
      for (const tree of repo?.trees.values() ?? []) {
        for (const text of tree.values()) {
          if (blobSha(text) === sha) {
            const bytes = Buffer.from(text, 'utf8');
            return ok({ sha, size: bytes.length, encoding: 'base64', content: bytes.toString('base64') });
          }
        }
      }
      return notFound();
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
    (state, req, [o, r, path]) => {
      const repo = state.repositories.get(`${o}/${r}`);
      if (!repo) return notFound();
      const text = state.fileAt(`${o}/${r}`, req.query.get('ref') ?? repo.defaultBranch, decodeURIComponent(path!));
      if (text === null) return notFound();
      return ok({ type: 'file', encoding: 'base64', path, sha: blobSha(text), size: Buffer.byteLength(text), content: Buffer.from(text).toString('base64') });
    },
  ],
];

export function handleRest(state: FakeGitHubState, req: RestRequest): RestResponse {
  for (const [method, pattern, handler] of routes) {
    if (method !== req.method) continue;
    const m = pattern.exec(req.path);
    if (m)
      return handler(
        state,
        req,
        m.slice(1).map((s) => decodeURIComponent(s)),
      );
  }
  return notFound();
}

/** GitHub lists at most 3,000 files of a pull request through REST too. */
const REST_FILES_LIMIT = 3000;
const REST_STATUS: Record<string, string> = {
  ADDED: 'added',
  DELETED: 'removed',
  MODIFIED: 'modified',
  RENAMED: 'renamed',
  COPIED: 'copied',
  CHANGED: 'changed',
};

/**
 * `GET /repos/{o}/{r}/pulls/{n}/files` with GitHub's paging: `per_page`
 * (default 30, at most 100), `page` (from 1), a `Link` header with `next`
 * and `last` while there are more pages.
 */
function listPullFiles(state: FakeGitHubState, req: RestRequest, [o, r, n]: string[]): RestResponse {
  const pr = state.repositories.get(`${o}/${r}`)?.pulls.get(Number(n));
  if (!pr) return notFound();
  if (req.installation && (state.permissions.pull_requests ?? 'none') === 'none') return forbidden();
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
  const listable = pr.files.slice(0, REST_FILES_LIMIT);
  const items = listable.slice((page - 1) * perPage, page * perPage).map((f) => ({
    sha: blobSha(`${pr.head.sha}:${f.path}`),
    filename: f.path,
    status: REST_STATUS[f.changeType] ?? 'modified',
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    ...(f.previousPath && (f.changeType === 'RENAMED' || f.changeType === 'COPIED') ? { previous_filename: f.previousPath } : {}),
  }));
  const last = Math.max(1, Math.ceil(listable.length / perPage));
  const link = (p: number, rel: string) => `<${req.baseUrl}/repos/${o}/${r}/pulls/${n}/files?per_page=${perPage}&page=${p}>; rel="${rel}"`;
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return { status: 200, body: items, ...(links.length ? { headers: { link: links.join(', ') } } : {}) };
}

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  external_id?: string;
  details_url?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: FakeAnnotation[] };
  actions?: Array<{ label: string; description: string; identifier: string }>;
}

/** GitHub's validation of a check-run body: the limits a real write would hit. */
function validateCheckRunBody(body: CheckRunBody, creating: boolean): string | null {
  if (creating && !body.name) return '"name" wasn\'t supplied.';
  if (creating && !body.head_sha) return '"head_sha" wasn\'t supplied.';
  if (body.status && !['queued', 'in_progress', 'completed'].includes(body.status)) return `"status" "${body.status}" is not a permitted value.`;
  const conclusions = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'];
  if (body.conclusion !== undefined && !conclusions.includes(body.conclusion)) return `"conclusion" "${body.conclusion}" is not a permitted value.`;
  if ((body.status === 'completed' || body.completed_at) && !body.conclusion) return '"conclusion" wasn\'t supplied.';
  if (body.output) {
    if (creating && !body.output.title) return '"title" wasn\'t supplied.';
    if (typeof body.output.summary !== 'string') return '"summary" wasn\'t supplied.';
    for (const key of ['summary', 'text'] as const) {
      const size = Buffer.byteLength(body.output[key] ?? '', 'utf8');
      if (size > 65535) return `Only 65535 characters are allowed in ${key}; ${size} were supplied.`;
    }
    const annotations = body.output.annotations ?? [];
    if (annotations.length > 50) return `Only 50 annotations are allowed per request; ${annotations.length} were supplied.`;
    for (const a of annotations) {
      if (!a.path || !a.start_line || !a.end_line || !a.annotation_level || !a.message)
        return 'Annotations need path, start_line, end_line, annotation_level and message.';
      if (!['notice', 'warning', 'failure'].includes(a.annotation_level)) return `"annotation_level" "${a.annotation_level}" is not a permitted value.`;
    }
  }
  if (body.actions) {
    if (body.actions.length > 3) return 'Only 3 actions are allowed.';
    for (const a of body.actions) {
      if (a.label.length > 20 || a.identifier.length > 20 || a.description.length > 40)
        return 'Action label and identifier are at most 20 characters, description 40.';
    }
  }
  return null;
}

function writable(state: FakeGitHubState, req: RestRequest): boolean {
  return !req.installation || state.permissions.checks === 'write';
}

function createCheckRun(state: FakeGitHubState, req: RestRequest, [o, r]: string[]): RestResponse {
  const full = `${o}/${r}`;
  const repo = state.repositories.get(full);
  if (!repo) return notFound();
  if (!writable(state, req) || !req.actor) return forbidden();
  const body = (req.body ?? {}) as CheckRunBody;
  const problem = validateCheckRunBody(body, true);
  if (problem) return invalid(problem);
  if (!repo.commits.has(body.head_sha!)) return { status: 422, body: { message: `No commit found for SHA: ${body.head_sha}` } };
  const run = state.setCheckRun(full, {
    headSha: body.head_sha!,
    name: body.name!,
    app: req.actor,
    status: (body.conclusion ? 'completed' : (body.status ?? 'queued')) as FakeCheckRun['status'],
    conclusion: body.conclusion ?? null,
    externalId: body.external_id ?? null,
    detailsUrl: body.details_url ?? null,
    completedAt: body.conclusion ? (body.completed_at ?? state.now()) : null,
    output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null, text: body.output?.text ?? null },
  });
  run.annotations.push(...(body.output?.annotations ?? []));
  run.actions = body.actions ?? [];
  return ok(checkRunJson(state, run), 201);
}

function updateCheckRun(state: FakeGitHubState, req: RestRequest, [o, r, id]: string[]): RestResponse {
  const run = state.checkRunsFor(`${o}/${r}`).find((c) => c.id === Number(id));
  if (!run) return notFound();
  if (!writable(state, req) || req.actor?.id !== run.app.id) return forbidden();
  const body = (req.body ?? {}) as CheckRunBody;
  const problem = validateCheckRunBody(body, false);
  if (problem) return invalid(problem);
  if (body.name) run.name = body.name;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.conclusion) {
    run.status = 'completed';
    run.conclusion = body.conclusion;
    run.completedAt = body.completed_at ?? state.now();
  } else if (body.status && run.status === 'completed') {
    // GitHub does not reopen a completed run: it keeps its status and conclusion (other fields still update).
  } else if (body.status) {
    run.status = body.status as FakeCheckRun['status'];
    if (body.status !== 'completed') {
      run.conclusion = null;
      run.completedAt = null;
    }
  }
  if (body.output) {
    run.output = {
      title: body.output.title ?? run.output.title,
      summary: body.output.summary ?? run.output.summary,
      text: body.output.text ?? run.output.text,
    };
    // GitHub appends annotations on every update.
    run.annotations.push(...(body.output.annotations ?? []));
  }
  if (body.actions) run.actions = body.actions;
  return ok(checkRunJson(state, run));
}

function checkRunJson(state: FakeGitHubState, run: FakeCheckRun): unknown {
  const repo = state.repositories.get(run.repo);
  const prs = repo ? [...repo.pulls.values()].filter((p) => p.head.sha === run.headSha && p.head.repo === run.repo) : [];
  return {
    id: run.id,
    node_id: Buffer.from(`CheckRun:${run.id}`).toString('base64'),
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    external_id: run.externalId,
    details_url: run.detailsUrl,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    html_url: `https://github.com/${run.repo}/runs/${run.id}`,
    url: `https://api.github.com/repos/${run.repo}/check-runs/${run.id}`,
    output: { ...run.output, annotations_count: run.annotations.length },
    app: { id: run.app.id, slug: run.app.slug, name: run.app.slug },
    check_suite: { id: run.app.id },
    // Empty for fork heads, as on GitHub.
    pull_requests: prs.map((p) => ({ number: p.number, head: { sha: p.head.sha, ref: p.head.ref }, base: { sha: p.base.sha, ref: p.base.ref } })),
  };
}

export function pullJson(pr: FakePullRequest): Record<string, unknown> {
  const [owner] = pr.repo.split('/');
  const [headOwner, headName] = pr.head.repo.split('/');
  return {
    number: pr.number,
    state: pr.state === 'OPEN' ? 'open' : 'closed',
    title: pr.title,
    draft: pr.draft,
    html_url: `https://github.com/${pr.repo}/pull/${pr.number}`,
    user: pr.author ? { login: pr.author.login, type: pr.author.type } : null,
    labels: pr.labels.map((name) => ({ name })),
    head: {
      ref: pr.head.ref,
      sha: pr.head.sha,
      repo: { full_name: pr.head.repo, name: headName, owner: { login: headOwner }, fork: pr.head.repo !== pr.repo },
    },
    base: { ref: pr.base.ref, sha: pr.base.sha, repo: { full_name: pr.repo, owner: { login: owner } } },
    commits: pr.commits.length,
    changed_files: pr.files.length,
  };
}
