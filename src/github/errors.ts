/**
 * GitHub failures turned into one-line messages that say what went wrong and
 * what to do. Shells decide whether to retry (`retryable`) and how to report.
 */

export type GitHubErrorKind = 'permission' | 'auth' | 'not-found' | 'rate-limit' | 'invalid' | 'server' | 'graphql';

export class GitHubError extends Error {
  override name = 'GitHubError';
  readonly kind: GitHubErrorKind;
  readonly status: number | null;
  /** Worth retrying with backoff (server errors, rate limits). */
  readonly retryable: boolean;

  constructor(message: string, opts: { kind: GitHubErrorKind; status: number | null; cause: unknown }) {
    super(message, { cause: opts.cause });
    this.kind = opts.kind;
    this.status = opts.status;
    this.retryable = opts.kind === 'server' || opts.kind === 'rate-limit';
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
export function mapRequestError(
  error: unknown,
  ctx: { doing: string; permission: Permission; notFound?: string },
): Error {
  if (error instanceof GitHubError || !isHttpError(error)) {
    return error instanceof Error ? error : new Error(`GitHub request failed while ${ctx.doing}: ${String(error)}`, { cause: error });
  }
  const message = githubMessage(error).split('\n')[0]?.trim() ?? '';
  const status = error.status;
  const remaining = error.response?.headers?.['x-ratelimit-remaining'];
  if ((status === 403 || status === 429) && (remaining === '0' || /rate limit/i.test(message))) {
    return new GitHubError(`GitHub rate limit exceeded while ${ctx.doing} (${status}: ${message}); wait for the limit to reset and retry.`, { kind: 'rate-limit', status, cause: error });
  }
  if ((status === 403 || status === 401) && NOT_ACCESSIBLE.test(message)) {
    return new GitHubError(`GitHub denied ${ctx.doing} (${status} ${message}): ${permissionHint(ctx.permission)}.`, { kind: 'permission', status, cause: error });
  }
  if (status === 401) {
    return new GitHubError(`GitHub rejected the credentials while ${ctx.doing} (401 ${message}): the token is missing, expired or revoked. Check the Action's \`token\` input or the App's APP_ID and PRIVATE_KEY.`, { kind: 'auth', status, cause: error });
  }
  if (status === 403) {
    return new GitHubError(`GitHub refused ${ctx.doing} (403 ${message}): ${permissionHint(ctx.permission)}.`, { kind: 'permission', status, cause: error });
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
  return ((error as { data?: T } | null)?.data ?? null) as T | null;
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
  if (!errors) return mapRequestError(error, { doing: ctx.doing, permission: PERMISSIONS.pullRequestsRead, ...(ctx.notFound ? { notFound: ctx.notFound } : {}) });
  const first = errors[0];
  const forbidden = errors.find((e) => e.type === 'FORBIDDEN' || NOT_ACCESSIBLE.test(e.message));
  if (forbidden) {
    return new GitHubError(`GitHub denied ${ctx.doing} (${forbidden.message}${forbidden.path ? ` at ${forbidden.path.join('.')}` : ''}): ${permissionHint(permissionForPath(forbidden.path))}.`, { kind: 'permission', status: null, cause: error });
  }
  const notFound = errors.find((e) => e.type === 'NOT_FOUND');
  if (notFound) {
    return new GitHubError(`GitHub found nothing while ${ctx.doing}: ${notFound.message}${ctx.notFound ? ` (${ctx.notFound})` : ''}.`, { kind: 'not-found', status: null, cause: error });
  }
  if (errors.some((e) => e.type === 'RATE_LIMITED')) {
    return new GitHubError(`GitHub's GraphQL rate limit was exceeded while ${ctx.doing}; wait for the limit to reset and retry.`, { kind: 'rate-limit', status: null, cause: error });
  }
  const messages = errors.map((e) => e.message).join('; ');
  return new GitHubError(`GitHub GraphQL error while ${ctx.doing}: ${messages || first?.message || 'unknown error'}.`, { kind: 'graphql', status: null, cause: error });
}
