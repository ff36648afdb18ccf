/**
 * The App's Octokit: Probot's, with rate-limit retries bounded.
 *
 * Probot's default throttle retries every rate-limited request after GitHub's
 * `retry-after` or reset time, which can be an hour away, while the
 * evaluation holds one of the server's shared slots. One installation that
 * has spent its rate limit would then stall every other tenant. Here a
 * rate-limited request is retried only when the wait is short and only twice;
 * otherwise it fails, and the gate writes "could not evaluate" (never green).
 * The next event for the pull request evaluates it again.
 */
import { ProbotOctokit } from 'probot';
import { nativeJson } from '../github/native-json.js';

/** The longest wait, in seconds, a rate-limited request is retried after. */
export const RATE_LIMIT_MAX_WAIT_SECONDS = 60;
/** Retries per request after a (primary or secondary) rate limit. */
export const RATE_LIMIT_MAX_RETRIES = 2;

/** Whether to retry a request GitHub rate-limited, `retryCount` retries in. */
export function shouldRetryRateLimit(retryAfterSeconds: number, retryCount: number): boolean {
  return retryAfterSeconds <= RATE_LIMIT_MAX_WAIT_SECONDS && retryCount < RATE_LIMIT_MAX_RETRIES;
}

interface RateLimitedRequest {
  method?: string;
  url?: string;
}

interface OctokitWithLog {
  log: { warn(message: string): void };
}

function onLimit(kind: string) {
  return (retryAfter: number, options: RateLimitedRequest, octokit: OctokitWithLog, retryCount = 0): boolean => {
    const retry = shouldRetryRateLimit(retryAfter, retryCount);
    const what = `"${options.method ?? 'GET'} ${options.url ?? ''}"`;
    octokit.log.warn(
      retry
        ? `${kind} hit with ${what}; retrying in ${retryAfter} s (retry ${retryCount + 1} of ${RATE_LIMIT_MAX_RETRIES}).`
        : `${kind} hit with ${what}; GitHub asks to wait ${retryAfter} s, not retrying (${retryCount} retries so far): the evaluation fails and the next event re-evaluates.`,
    );
    return retry;
  };
}

/**
 * Rate limits are left to the throttle's callbacks above: the retry plugin
 * must not retry a 429 on its own schedule as well. Its other defaults stay
 * (5xx and network errors are retried with backoff).
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

// nativeJson wraps outside Probot's throttling: a GraphQL answer of 200 with a
// RATE_LIMITED error is then not retried by the throttle but fails the load as a
// rate limit ("could not evaluate", never green), like any primary limit beyond its short wait.
export const ProofgateOctokit: typeof ProbotOctokit = ProbotOctokit.plugin(nativeJson).defaults((instance: Record<string, unknown>) => ({
  ...instance,
  // Merged, not replaced: Probot passes its own throttle options (e.g. Redis) per instance.
  throttle: {
    ...(instance.throttle as object | undefined),
    onRateLimit: onLimit('Rate limit'),
    onSecondaryRateLimit: onLimit('Secondary rate limit'),
  },
  retry: { doNotRetry: DO_NOT_RETRY, ...(instance.retry as object | undefined) },
}));
