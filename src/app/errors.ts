/**
 * A failure worded for the App's users (the check run's "could not evaluate"
 * reason, the server log): the App's credentials, its permissions in app.yml,
 * its installation. Never carries a token: Octokit errors hold request
 * headers, and a message can echo a URL.
 */
import { firstLine, GitHubError, redact, toGitHubError } from '../github/errors.js';

const REMEDY: Record<number, string> = {
  401: 'the App could not authenticate; check APP_ID and PRIVATE_KEY',
  403: 'the App lacks a permission or hit a rate limit; compare its permissions with app.yml',
  404: 'not found; the App may not be installed on this repository',
  422: 'GitHub rejected the request',
};

/**
 * One line: GitHub's status and message, the request that failed and what to
 * do about it. Unknown errors keep their message.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redact(firstLine(String(error))) || 'unknown error';
  const failure = toGitHubError(error);
  if (failure === null) return redact(firstLine(error.message) || error.name);
  // The GitHub layer's errors already name what failed, the permission and the fix.
  if (failure === error) return redact(firstLine(error.message, 600));
  return redact(wording(failure));
}

function wording(failure: GitHubError): string {
  const { detail, request, graphqlType } = failure.details;
  if (failure.kind === 'unreachable') return `${failure.message}: re-run the check later`;
  if (failure.status !== null) {
    const remedy = REMEDY[failure.status] ?? (failure.status >= 500 ? 'GitHub is failing; re-run the check later' : null);
    const said = `GitHub answered ${failure.status}${detail ? ` (${detail})` : ''}${request ? ` to ${request}` : ''}`;
    return remedy ? `${said}: ${remedy}` : said;
  }
  const hint = failure.kind === 'permission' ? ': the App lacks a permission; compare its permissions with app.yml' : '';
  return `GitHub GraphQL error${graphqlType ? ` ${graphqlType}` : ''}: ${detail}${hint}`;
}
