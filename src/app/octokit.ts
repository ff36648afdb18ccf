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
import { httpFetch } from '../github/http-fetch.js';
import { nativeJson } from '../github/native-json.js';
import { readsOffTheWriteLane } from './lanes.js';
import { retryRequests, RetryLimiter } from './request-retry.js';

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
 * Rate limits are left to the throttle's callbacks above: the retry rule (src/app/request-retry.ts)
 * must not retry a 429 on its own schedule as well. Its other defaults stay
 * (5xx and network errors are retried with backoff).
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** An installation token answer that is not a usable token (cut short, empty, malformed, already expired). */
export class InvalidInstallationTokenError extends Error {
  override name = 'InvalidInstallationTokenError';
  /** Counted as a server failure: worth retrying, never cached. */
  readonly status = 502;
}

const ACCESS_TOKENS_ROUTE = /\/app\/installations\/(?:\{installation_id\}|\d+)\/access_tokens$/;
/** A token is printable ASCII without spaces (GitHub's are `ghs_` and 36 characters). */
const TOKEN_SHAPE = /^[\x21-\x7e]{16,}$/;
/** A token that expires sooner than this is refused: it would fail mid-evaluation. */
const MIN_TOKEN_LIFETIME_MS = 60_000;

/**
 * Why an access-token answer cannot be used, or null when it can. Probot's
 * auth caches the token it is given for 59 minutes; a truncated answer
 * (unparsable, so Octokit hands over the raw text) would cache an empty
 * token and turn every call of the installation into a 401 for that long.
 */
export function invalidTokenReason(data: unknown, now = Date.now()): string | null {
  if (!data || typeof data !== 'object') return 'the answer is not a JSON object (cut short?)';
  const { token, expires_at: expiresAt } = data as { token?: unknown; expires_at?: unknown };
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return 'the answer has no well-formed `token`';
  const expires = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
  if (!Number.isFinite(expires)) return 'the answer has no valid `expires_at`';
  if (expires - now < MIN_TOKEN_LIFETIME_MS) return `the token expires at ${String(expiresAt)}, too soon to use`;
  return null;
}

/**
 * Refuses an installation token GitHub's answer does not really hold, before
 * the auth strategy caches it: the request fails (and is retried like a 502)
 * instead of poisoning the cache.
 */
function validateInstallationTokens(octokit: {
  hook: { after(name: 'request', hook: (response: { data: unknown }, options: { method?: string; url?: string }) => void): void };
}): void {
  octokit.hook.after('request', (response, options) => {
    if ((options.method ?? '').toUpperCase() !== 'POST' || !ACCESS_TOKENS_ROUTE.test((options.url ?? '').split('?')[0]!)) return;
    const reason = invalidTokenReason(response.data);
    if (reason) throw new InvalidInstallationTokenError(`GitHub's installation token answer was unusable: ${reason}; not cached, retrying`);
  });
}

// retryRequests takes the retry plugin's place, just outside Probot's throttling. nativeJson
// next, so the token check after it reads parsed data. All three wrap outside Probot's
// throttling: a GraphQL answer of 200 with a RATE_LIMITED error is then not retried by
// the throttle but fails the load as a rate limit ("could not evaluate", never green),
// like any primary limit beyond its short wait.
export const ProofgateOctokit: typeof ProbotOctokit = ProbotOctokit.plugin(retryRequests as never, nativeJson, validateInstallationTokens as never).defaults(
  (instance: Record<string, unknown>) => ({
    ...instance,
    // node:http rather than Node's fetch (src/github/http-fetch.ts); a fetch the caller passes wins.
    request: { fetch: httpFetch, ...(instance.request as object | undefined) },
    // Merged, not replaced: Probot passes its own throttle options (e.g. Redis) per instance.
    throttle: {
      ...(instance.throttle as object | undefined),
      ...paceByInstallation(instance),
      ...readsOffTheWriteLane(instance.throttle as Parameters<typeof readsOffTheWriteLane>[0]),
      // One per client: the plugin adds this client's listener to it (src/app/request-retry.ts).
      retryLimiter: new RetryLimiter(),
      onRateLimit: onLimit('Rate limit'),
      onSecondaryRateLimit: onLimit('Secondary rate limit'),
    },
    // Probot's retry plugin off; the same rule, options and defaults in retryRequests.
    retry: { enabled: false },
    proofgateRetry: { doNotRetry: DO_NOT_RETRY, ...(instance.retry as object | undefined) },
  }),
);

/**
 * The throttle paces content writes one a second per `id` (GraphQL queries
 * are reads: src/app/lanes.ts), which should be the installation: GitHub's limits are per installation. Probot's server
 * builds installation clients without it, so every installation shared the
 * default id's one lane and a burst in one held up all others.
 */
export function paceByInstallation(instance: Record<string, unknown>): { id?: string } {
  const throttle = instance.throttle as { id?: unknown } | undefined;
  if (throttle?.id !== undefined) return {};
  const installationId = (instance.auth as { installationId?: unknown } | undefined)?.installationId;
  return typeof installationId === 'number' || typeof installationId === 'string' ? { id: String(installationId) } : {};
}
