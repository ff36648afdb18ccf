/**
 * GitHub failures worded for a workflow's author: one line naming the cause
 * and the fix (the permission to add to the job, the token to pass, the mode
 * to use), from the GitHub layer's typed error.
 */
import { firstLine, toGitHubError } from '../github/errors.js';
import { ActionError } from './errors.js';

export type Stage = { kind: 'read'; owner: string; repo: string; pullNumber: number | null } | { kind: 'write-check'; checkName: string; event: string };

export function describeGitHubError(error: unknown, stage: Stage): ActionError {
  if (error instanceof ActionError) return error;
  const failure = toGitHubError(error);
  const what = stage.kind === 'read' ? readWhat(stage) : `write the \`${stage.checkName}\` check run`;
  if (failure === null) {
    return new ActionError(`could not ${what}: ${error instanceof Error ? firstLine(error.message) : firstLine(String(error))}`, { cause: error });
  }
  const { detail, graphqlType, rateLimited } = failure.details;
  const said = failure.status ? `${failure.status} ${detail}` : detail;

  if (rateLimited || failure.kind === 'rate-limit') {
    return new ActionError(`GitHub's API rate limit was reached while trying to ${what} (${said}): re-run the job after the limit resets`, { cause: error });
  }
  if (failure.status === 401 || failure.kind === 'auth') {
    return new ActionError(`GitHub rejected the token (${said}): pass \`token: \${{ github.token }}\` (the default) or a valid token`, { cause: error });
  }
  const forbidden = failure.kind === 'permission' || failure.status === 403 || graphqlType === 'FORBIDDEN';
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
  if (forbidden && failure.permission !== null) {
    return new ActionError(`the token cannot ${what} (${said}): add \`${failure.permission.workflow}\` to the job's \`permissions:\``, { cause: error });
  }
  if (forbidden) {
    return new ActionError(
      `the token cannot ${what} (${said}): add \`permissions: contents: read\` and \`pull-requests: read\` to the job (and \`checks: read\`, \`statuses: read\` for check proofs)`,
      { cause: error },
    );
  }
  if (failure.kind === 'not-found') {
    return new ActionError(
      `GitHub could not find what proofgate needed to ${what} (${said}): check the repository and pull request exist and that the token can see them (\`permissions: contents: read\`, \`pull-requests: read\`)`,
      { cause: error },
    );
  }
  if (failure.kind === 'unreachable') {
    return new ActionError(`proofgate could not reach GitHub to ${what} (${detail}), after retrying: re-run the job`, { cause: error });
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
