/**
 * GitHub API failures turned into one line naming the cause and the fix: the
 * permission to add, the token to pass, the mode to use.
 */
import { ActionError } from './errors.js';

export type Stage =
  | { kind: 'read'; owner: string; repo: string; pullNumber: number | null }
  | { kind: 'write-check'; checkName: string; event: string };

interface GitHubFailure {
  status: number | null;
  message: string;
  graphqlType: string | null;
  rateLimited: boolean;
}

export function describeGitHubError(error: unknown, stage: Stage): ActionError {
  if (error instanceof ActionError) return error;
  const failure = inspect(error);
  const what = stage.kind === 'read' ? readWhat(stage) : `write the \`${stage.checkName}\` check run`;
  const said = failure.status ? `${failure.status} ${failure.message}` : failure.message;

  if (failure.rateLimited) {
    return new ActionError(`GitHub's API rate limit was reached while trying to ${what} (${said}): re-run the job after the limit resets`, { cause: error });
  }
  if (failure.status === 401) {
    return new ActionError(
      `GitHub rejected the token (${said}): pass \`token: \${{ github.token }}\` (the default) or a valid token`,
      { cause: error },
    );
  }
  const forbidden = failure.status === 403 || failure.graphqlType === 'FORBIDDEN' || /not accessible by integration/i.test(failure.message);
  if (forbidden && stage.kind === 'write-check') {
    const fork =
      stage.event === 'pull_request'
        ? '; on a pull request from a fork the token is read-only whatever the job asks, so run on `pull_request_target` instead'
        : stage.event === 'pull_request_review'
          ? '; on a pull request from a fork the token is read-only whatever the job asks, so relay reviews through `workflow_run` (the README, "Re-evaluate when reviews arrive")'
          : '';
    return new ActionError(
      `the token cannot ${what} (${said}): add \`permissions: checks: write\` to the job, or set \`mode: step\` to gate without a check run${fork}`,
      { cause: error },
    );
  }
  if (forbidden) {
    return new ActionError(
      `the token cannot ${what} (${said}): add \`permissions: contents: read\` and \`pull-requests: read\` to the job (and \`checks: read\`, \`statuses: read\` for check proofs)`,
      { cause: error },
    );
  }
  if (failure.status === 404 || failure.graphqlType === 'NOT_FOUND') {
    return new ActionError(
      `GitHub could not find what proofgate needed to ${what} (${said}): check the repository and pull request exist and that the token can see them (\`permissions: contents: read\`, \`pull-requests: read\`)`,
      { cause: error },
    );
  }
  if (failure.status !== null && failure.status >= 500) {
    return new ActionError(`GitHub failed while proofgate tried to ${what} (${said}), after retrying: re-run the job`, { cause: error });
  }
  return new ActionError(`could not ${what}: ${said}`, { cause: error });
}

function readWhat(stage: Extract<Stage, { kind: 'read' }>): string {
  return stage.pullNumber === null
    ? `read pull requests in ${stage.owner}/${stage.repo}`
    : `read pull request #${stage.pullNumber} in ${stage.owner}/${stage.repo}`;
}

/** The status, GitHub's message and GraphQL error type, looked up through `cause` chains. */
function inspect(error: unknown): GitHubFailure {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);

  let status: number | null = null;
  let message: string | null = null;
  let graphqlType: string | null = null;
  let rateLimited = false;
  for (const e of chain) {
    const record = e as {
      status?: unknown;
      message?: unknown;
      errors?: unknown;
      response?: { data?: unknown; headers?: Record<string, unknown> };
    };
    if (status === null && typeof record.status === 'number' && record.status > 0) status = record.status;
    const data = record.response?.data as { message?: unknown } | undefined;
    if (message === null && data && typeof data.message === 'string') message = data.message;
    if (graphqlType === null && Array.isArray(record.errors)) {
      const first = record.errors[0] as { type?: unknown; message?: unknown } | undefined;
      if (typeof first?.type === 'string') graphqlType = first.type;
      if (message === null && typeof first?.message === 'string') message = first.message;
    }
    const headers = record.response?.headers;
    if (headers && String(headers['x-ratelimit-remaining']) === '0') rateLimited = true;
  }
  if (message === null) message = firstLine(chain[0]);
  if (/rate limit/i.test(message) && (status === 403 || status === 429)) rateLimited = true;
  return { status, message, graphqlType, rateLimited };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Octokit appends ` - https://docs.github.com/…`; the URL adds nothing to the line.
  return (text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error').replace(/ - https:\/\/docs\.github\.com\S*$/, '').trim();
}
