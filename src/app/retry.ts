/**
 * Retries with exponential backoff for the App's own steps around the gate
 * (the lookup of a commit's pull requests, `GET /app`, the in-progress mark).
 * The App's Octokit already retries 5xx answers (src/app/request-retry.ts); this also covers what
 * it cannot see: an answer cut short (unparsable or missing its data), a
 * connection reset mid-body.
 */
import { GitHubError } from '../github/errors.js';

export interface RetryOptions {
  attempts?: number;
  /** First wait; each next one doubles. */
  baseMs?: number;
}

/** Two tries: the App's Octokit already retries each 5xx three times (1, 4, 9 s apart). */
export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 2, baseMs: 250 };

/** Runs `task` until it succeeds, a non-transient error is thrown, or the attempts are spent. */
export async function withRetries<T>(task: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts, baseMs } = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, baseMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Worth another try: GitHub's 5xx and rate limits, network failures, and
 * answers that did not parse or lacked their data. 4xx answers (permissions,
 * not found, invalid) are not.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof GitHubError) return error.retryable || error.kind === 'graphql';
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return status >= 500 || status === 429 || status === 0;
  return true;
}
