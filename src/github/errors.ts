/**
 * The one place GitHub failures are classified. Every failure of a GitHub call
 * becomes a GitHubError: a typed object (kind, status, GitHub's own words, the
 * request, the permission it needs) whose message is a neutral one-liner. The
 * shells word it for their users from those fields (src/app/errors.ts for the
 * App, src/action/github-errors.ts for the Action) and decide whether to retry.
 */

export type GitHubErrorKind = 'permission' | 'auth' | 'not-found' | 'rate-limit' | 'invalid' | 'server' | 'graphql' | 'unreachable';

/** What GitHub said, read from the error and its `cause` chain. */
export interface GitHubFailureDetails {
  /** GitHub's own message (first line, without Octokit's docs URL). */
  detail: string;
  /** `POST /repos/{owner}/{repo}/check-runs`: no host, no query string (tokens live there). */
  request: string | null;
  /** The first GraphQL error's type (`FORBIDDEN`, `NOT_FOUND` …). */
  graphqlType: string | null;
  rateLimited: boolean;
}

export class GitHubError extends Error {
  override name = 'GitHubError';
  readonly kind: GitHubErrorKind;
  readonly status: number | null;
  /** Worth retrying with backoff (server errors, rate limits). */
  readonly retryable: boolean;
  /** The permission the failed call needs, when the failure is about one. */
  readonly permission: Permission | null;
  readonly details: GitHubFailureDetails;

  constructor(
    message: string,
    opts: { kind: GitHubErrorKind; status: number | null; cause: unknown; permission?: Permission | null; details?: Partial<GitHubFailureDetails> },
  ) {
    super(message, { cause: opts.cause });
    this.kind = opts.kind;
    this.status = opts.status;
    this.retryable = opts.kind === 'server' || opts.kind === 'rate-limit' || opts.kind === 'unreachable';
    this.permission = opts.permission ?? null;
    const found = inspect(opts.cause);
    this.details = {
      detail: opts.details?.detail ?? found.detail ?? firstLine(message),
      request: opts.details?.request ?? found.request,
      graphqlType: opts.details?.graphqlType ?? found.graphqlType,
      rateLimited: opts.details?.rateLimited ?? (found.rateLimited || opts.kind === 'rate-limit'),
    };
  }
}

/** A permission in workflow syntax (null: no GITHUB_TOKEN can have it) and as the App settings page names it. */
export interface Permission {
  workflow: string | null;
  app: string;
}

export const PERMISSIONS = {
  checksWrite: { workflow: 'checks: write', app: 'Checks: Read and write' },
  checksRead: { workflow: 'checks: read', app: 'Checks: Read-only' },
  pullRequestsRead: { workflow: 'pull-requests: read', app: 'Pull requests: Read-only' },
  contentsRead: { workflow: 'contents: read', app: 'Contents: Read-only' },
  statusesRead: { workflow: 'statuses: read', app: 'Commit statuses: Read-only' },
  membersRead: { workflow: null, app: 'Organization members: Read-only' },
} satisfies Record<string, Permission>;

const NOT_ACCESSIBLE = /resource not accessible by (integration|personal access token)/i;

function permissionHint(p: Permission): string {
  if (p.workflow === null) {
    return `the token cannot read organization members, which GITHUB_TOKEN never can. In a workflow, pass a token that can as the Action's \`teams-token\` input; for the App, grant "${p.app}" in the App settings and accept the new permissions on the installation`;
  }
  return `the token lacks the \`${p.workflow}\` permission. In a workflow, add \`${p.workflow}\` to the job's \`permissions:\`; for the App, grant "${p.app}" in the App settings and accept the new permissions on the installation`;
}

interface HttpLike {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

function isHttpError(error: unknown): error is HttpLike {
  return error instanceof Error && typeof (error as Partial<HttpLike>).status === 'number';
}

function githubMessage(error: HttpLike): string {
  const data = error.response?.data;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return error.message;
}

/**
 * Maps a REST (Octokit RequestError) failure. `doing` completes "while …";
 * `permission` is what the call needs; `notFound` explains a 404.
 */
export function mapRequestError(error: unknown, ctx: { doing: string; permission: Permission; notFound?: string }): Error {
  if (error instanceof GitHubError || !isHttpError(error)) {
    return error instanceof Error ? error : new Error(`GitHub request failed while ${ctx.doing}: ${String(error)}`, { cause: error });
  }
  const message = githubMessage(error).split('\n')[0]?.trim() ?? '';
  const status = error.status;
  const remaining = error.response?.headers?.['x-ratelimit-remaining'];
  if ((status === 403 || status === 429) && (remaining === '0' || /rate limit/i.test(message))) {
    return new GitHubError(`GitHub rate limit exceeded while ${ctx.doing} (${status}: ${message}); wait for the limit to reset and retry.`, {
      kind: 'rate-limit',
      status,
      cause: error,
    });
  }
  if ((status === 403 || status === 401) && NOT_ACCESSIBLE.test(message)) {
    return new GitHubError(`GitHub denied ${ctx.doing} (${status} ${message}): ${permissionHint(ctx.permission)}.`, {
      kind: 'permission',
      status,
      cause: error,
      permission: ctx.permission,
    });
  }
  if (status === 401) {
    return new GitHubError(
      `GitHub rejected the credentials while ${ctx.doing} (401 ${message}): the token is missing, expired or revoked. Check the Action's \`token\` input or the App's APP_ID and PRIVATE_KEY.`,
      { kind: 'auth', status, cause: error },
    );
  }
  if (status === 403) {
    return new GitHubError(`GitHub refused ${ctx.doing} (403 ${message}): ${permissionHint(ctx.permission)}.`, {
      kind: 'permission',
      status,
      cause: error,
      permission: ctx.permission,
    });
  }
  if (status === 404) {
    const why = ctx.notFound ?? 'it does not exist, or the token cannot see the repository (is the App installed on it?)';
    return new GitHubError(`GitHub found nothing while ${ctx.doing} (404): ${why}.`, { kind: 'not-found', status, cause: error });
  }
  if (status === 422 || status === 400) {
    return new GitHubError(`GitHub rejected ${ctx.doing} (${status}): ${message}.`, { kind: 'invalid', status, cause: error });
  }
  return new GitHubError(`GitHub failed while ${ctx.doing} (${status} ${message}); retry later.`, { kind: 'server', status, cause: error });
}

export interface GraphQLErrorItem {
  type?: string;
  message: string;
  path?: ReadonlyArray<string | number>;
}

/** The `errors` array of a GraphQL response that Octokit raised, or null for other failures. */
export function graphqlErrorsOf(error: unknown): GraphQLErrorItem[] | null {
  if (!(error instanceof Error) || error.name !== 'GraphqlResponseError') return null;
  const errors = (error as Error & { errors?: unknown }).errors;
  return Array.isArray(errors) ? (errors as GraphQLErrorItem[]) : null;
}

/** Partial data Octokit attached to a GraphQL error response. */
export function graphqlDataOf<T>(error: unknown): T | null {
  return (error as { data?: T } | null)?.data ?? null;
}

/** The permission a GraphQL path needs, from the field that failed. */
function permissionForPath(path: ReadonlyArray<string | number> | undefined): Permission {
  const fields = (path ?? []).filter((p): p is string => typeof p === 'string');
  if (fields.some((f) => f === 'team' || f === 'members')) return PERMISSIONS.membersRead;
  if (fields.some((f) => f === 'checkSuites' || f === 'checkRuns')) return PERMISSIONS.checksRead;
  if (fields.includes('status')) return PERMISSIONS.statusesRead;
  if (fields.some((f) => ['file', 'object', 'policy', 'agentTrace', 'sessions', 'target'].includes(f))) return PERMISSIONS.contentsRead;
  return PERMISSIONS.pullRequestsRead;
}

/** Maps a GraphQL or HTTP failure of a query. */
export function mapGraphQLError(error: unknown, ctx: { doing: string; notFound?: string }): Error {
  const errors = graphqlErrorsOf(error);
  if (!errors)
    return mapRequestError(error, { doing: ctx.doing, permission: PERMISSIONS.pullRequestsRead, ...(ctx.notFound ? { notFound: ctx.notFound } : {}) });
  const first = errors[0];
  const forbidden = errors.find((e) => e.type === 'FORBIDDEN' || NOT_ACCESSIBLE.test(e.message));
  if (forbidden) {
    const permission = permissionForPath(forbidden.path);
    return new GitHubError(
      `GitHub denied ${ctx.doing} (${forbidden.message}${forbidden.path ? ` at ${forbidden.path.join('.')}` : ''}): ${permissionHint(permission)}.`,
      { kind: 'permission', status: null, cause: error, permission, details: { detail: forbidden.message, graphqlType: forbidden.type ?? 'FORBIDDEN' } },
    );
  }
  const notFound = errors.find((e) => e.type === 'NOT_FOUND');
  if (notFound) {
    return new GitHubError(`GitHub found nothing while ${ctx.doing}: ${notFound.message}${ctx.notFound ? ` (${ctx.notFound})` : ''}.`, {
      kind: 'not-found',
      status: null,
      cause: error,
    });
  }
  if (errors.some((e) => e.type === 'RATE_LIMITED')) {
    return new GitHubError(`GitHub's GraphQL rate limit was exceeded while ${ctx.doing}; wait for the limit to reset and retry.`, {
      kind: 'rate-limit',
      status: null,
      cause: error,
    });
  }
  const messages = errors.map((e) => e.message).join('; ');
  return new GitHubError(`GitHub GraphQL error while ${ctx.doing}: ${messages || first?.message || 'unknown error'}.`, {
    kind: 'graphql',
    status: null,
    cause: error,
  });
}

/**
 * Any failure of a GitHub call as a GitHubError: the GitHub layer's own errors
 * as they are, Octokit's request and GraphQL errors classified, and null for
 * anything that is not a GitHub failure (a bug, a bad input).
 */
export function toGitHubError(error: unknown): GitHubError | null {
  if (error instanceof GitHubError) return error;
  if (!(error instanceof Error)) return null;
  const found = inspect(error);
  const details: GitHubFailureDetails = {
    detail: found.detail ?? firstLine(error.message),
    request: found.request,
    graphqlType: found.graphqlType,
    rateLimited: found.rateLimited,
  };
  const e = error as Error & { status?: unknown; response?: unknown; request?: unknown };
  const status = found.status;
  if (status !== null && e.response === undefined && e.request !== undefined) {
    // Octokit reports a network failure as a 500 with no response.
    return new GitHubError(`could not reach GitHub${where(details)} (${details.detail})`, { kind: 'unreachable', status: null, cause: error, details });
  }
  if (status !== null) {
    const kind: GitHubErrorKind = details.rateLimited
      ? 'rate-limit'
      : status === 401
        ? 'auth'
        : status === 403
          ? 'permission'
          : status === 404
            ? 'not-found'
            : status === 400 || status === 422
              ? 'invalid'
              : 'server';
    return new GitHubError(`GitHub answered ${status}${details.detail ? ` (${details.detail})` : ''}${details.request ? ` to ${details.request}` : ''}`, {
      kind,
      status,
      cause: error,
      details,
    });
  }
  if (details.graphqlType !== null || graphqlErrorsOf(error)) {
    const forbidden = details.graphqlType === 'FORBIDDEN' || NOT_ACCESSIBLE.test(details.detail);
    const kind: GitHubErrorKind = forbidden
      ? 'permission'
      : details.graphqlType === 'NOT_FOUND'
        ? 'not-found'
        : details.graphqlType === 'RATE_LIMITED'
          ? 'rate-limit'
          : 'graphql';
    return new GitHubError(`GitHub GraphQL error${details.graphqlType ? ` ${details.graphqlType}` : ''}: ${details.detail}`, {
      kind,
      status: null,
      cause: error,
      details,
    });
  }
  return null;
}

function where(details: GitHubFailureDetails): string {
  return details.request ? ` for ${details.request}` : '';
}

/** Removes tokens, JWTs and credentials in URLs from a message. */
export function redact(text: string): string {
  return text
    .replace(/\bgh[pousr]_[A-Za-z0-9_]{8,}/g, '[REDACTED]')
    .replace(/\bgithub_pat_[A-Za-z0-9_]{8,}/g, '[REDACTED]')
    .replace(/\bey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[REDACTED]')
    .replace(/\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [REDACTED]')
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[REDACTED KEY]')
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[REDACTED]@')
    .replace(/([?&](?:access_token|client_secret|token|sig)=)[^&\s]+/gi, '$1[REDACTED]');
}

/** The first non-empty line, without Octokit's ` - https://docs.github.com/…` suffix, at most `max` characters. */
export function firstLine(text: string, max = 300): string {
  const line = (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  )
    .replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

interface Inspected {
  status: number | null;
  detail: string | null;
  request: string | null;
  graphqlType: string | null;
  rateLimited: boolean;
}

/** The status, GitHub's message, the request and the GraphQL error type, looked up through `cause` chains. */
function inspect(error: unknown): Inspected {
  const found: Inspected = { status: null, detail: null, request: null, graphqlType: null, rateLimited: false };
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  for (const e of chain) {
    const record = e as {
      status?: unknown;
      errors?: unknown;
      request?: { method?: unknown; url?: unknown };
      response?: { data?: unknown; headers?: Record<string, unknown> };
    };
    if (e instanceof GitHubError) {
      found.status ??= e.status;
      found.graphqlType ??= e.details.graphqlType;
      found.request ??= e.details.request;
      found.rateLimited ||= e.details.rateLimited;
      continue;
    }
    if (found.status === null && typeof record.status === 'number' && record.status > 0) found.status = record.status;
    found.request ??= requestLine(record.request);
    const data = record.response?.data as { message?: unknown } | undefined;
    if (found.detail === null && data && typeof data.message === 'string') found.detail = firstLine(data.message);
    if (found.graphqlType === null && Array.isArray(record.errors)) {
      const first = record.errors[0] as { type?: unknown; message?: unknown } | undefined;
      if (typeof first?.type === 'string') found.graphqlType = first.type;
      if (found.detail === null && typeof first?.message === 'string') found.detail = firstLine(first.message);
    }
    const headers = record.response?.headers;
    if (headers && String(headers['x-ratelimit-remaining']) === '0') found.rateLimited = true;
  }
  const head = chain.find((e) => !(e instanceof GitHubError));
  if (found.detail === null && head instanceof Error) found.detail = firstLine(head.message);
  if (found.detail !== null && /rate limit/i.test(found.detail) && (found.status === 403 || found.status === 429)) found.rateLimited = true;
  return found;
}

/** `GET /repos/{o}/{r}/…` without host or query string. */
function requestLine(request: { method?: unknown; url?: unknown } | undefined): string | null {
  if (!request || typeof request.url !== 'string') return null;
  let path = request.url;
  try {
    path = new URL(request.url).pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
  } catch {
    path = request.url.split('?')[0] ?? request.url;
  }
  const method = typeof request.method === 'string' ? request.method : 'GET';
  return `${method} ${path}`;
}
