/**
 * Turning an infrastructure error into the one-line reason a check run and a
 * log line show. The reason says what failed and what to do, and never carries
 * a token: Octokit errors hold request headers, and a message can echo a URL.
 */
import { GitHubError } from '../github/errors.js';

const REMEDY: Record<number, string> = {
  401: 'the App could not authenticate; check APP_ID and PRIVATE_KEY',
  403: 'the App lacks a permission or hit a rate limit; compare its permissions with app.yml',
  404: 'not found; the App may not be installed on this repository',
  422: 'GitHub rejected the request',
};

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

interface HttpLikeError {
  status?: unknown;
  response?: unknown;
  request?: { method?: unknown; url?: unknown };
  errors?: unknown;
  message?: unknown;
}

/** `GET /repos/{o}/{r}/…` without host or query string. */
function requestLine(request: HttpLikeError['request']): string | null {
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

function firstLine(text: string, max = 300): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * One line for the check run and the log: GitHub's status and message, the
 * request that failed and what to do about it. Unknown errors keep their message.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redact(firstLine(String(error))) || 'unknown error';
  // The GitHub layer's errors already name the failure, the permission and the fix.
  if (error instanceof GitHubError) return redact(firstLine(error.message, 600));
  const e = error as Error & HttpLikeError;
  const status = typeof e.status === 'number' && e.status > 0 ? e.status : null;
  const where = requestLine(e.request);
  const message = firstLine(e.message.replace(/\s+-\s+https:\/\/docs\.github\.com\S*/, ''));
  if (status !== null && e.response === undefined && e.request !== undefined) {
    // Octokit reports a network failure as a 500 with no response.
    return redact(`could not reach GitHub${where ? ` for ${where}` : ''} (${message}): re-run the check later`);
  }
  if (status !== null) {
    const remedy = REMEDY[status] ?? (status >= 500 ? 'GitHub is failing; re-run the check later' : null);
    const parts = [`GitHub answered ${status}${message ? ` (${message})` : ''}${where ? ` to ${where}` : ''}`];
    if (remedy) parts.push(remedy);
    return redact(parts.join(': '));
  }
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    const first = e.errors[0] as { message?: unknown; type?: unknown };
    const text = typeof first.message === 'string' ? first.message : message;
    const forbidden = first.type === 'FORBIDDEN' || /not accessible by integration/i.test(text);
    const hint = forbidden ? ': the App lacks a permission; compare its permissions with app.yml' : '';
    return redact(`GitHub GraphQL error${typeof first.type === 'string' ? ` ${first.type}` : ''}: ${firstLine(text)}${hint}`);
  }
  return redact(message || e.name);
}
