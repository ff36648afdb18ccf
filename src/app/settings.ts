/**
 * The App's settings, read once from the environment by the shell
 * (src/app/index.ts) and passed down; nothing below reads `process.env`.
 */
import { DEFAULT_HEAD_RETRY_DELAYS_MS } from './head-lag.js';
import { DEFAULT_CHECK_NAME } from '../gate/run-gate.js';
import { DEFAULT_POLICY_PATH } from '../policy/default.js';

export interface AppSettings {
  /** The check run's name; branch protection requires this name. */
  checkName: string;
  /** The policy file's path on the base branch. */
  policyPath: string;
  /**
   * The App's numeric id: its own check runs and suites are recognised by it
   * (they must not trigger an evaluation of themselves). Null when unknown
   * (token-authenticated tests); the check name and slug are used then.
   */
  appId: number | null;
  /** The App's slug, when known; looked up once with `GET /app` otherwise. */
  appSlug: string | null;
  /** How long team memberships are cached. */
  teamCacheTtlMs: number;
  /** How long a PR's policy hints (which check names matter) are trusted. */
  hintTtlMs: number;
  /** Evaluations in flight at once across all pull requests; more wait their turn. */
  maxConcurrentEvaluations: number;
  /** Evaluations in flight at once for one installation (its share of the slots above). */
  maxEvaluationsPerInstallation: number;
  /** Evaluations waiting for a slot; beyond this an event is dropped (logged), and the PR's next event evaluates it. */
  maxWaitingEvaluations: number;
  /** Pauses before loading again while GitHub reports an older head than a pull_request event's (head-lag.ts). */
  headRetryDelaysMs: readonly number[];
  /**
   * How long after an event is taken the read that may find the check already
   * right can run before the check is marked in progress anyway: well inside
   * the 9 s after which the webhook is answered `202` (GitHub waits 10).
   */
  decideWithinMs: number;
}

export const DEFAULT_SETTINGS: AppSettings = {
  checkName: DEFAULT_CHECK_NAME,
  policyPath: DEFAULT_POLICY_PATH,
  appId: null,
  appSlug: null,
  teamCacheTtlMs: 5 * 60_000,
  hintTtlMs: 5 * 60_000,
  maxConcurrentEvaluations: 32,
  maxEvaluationsPerInstallation: 8,
  maxWaitingEvaluations: 1000,
  headRetryDelaysMs: DEFAULT_HEAD_RETRY_DELAYS_MS,
  decideWithinMs: 4_000,
};

type Env = Record<string, string | undefined>;

function seconds(env: Env, name: string, fallbackMs: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallbackMs;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of seconds (0 or more), got "${raw}".`);
  return n * 1000;
}

/** Settings from environment variables (see .env.example); unset ones take their defaults. */
export function settingsFromEnv(env: Env): AppSettings {
  const appId = Number(env.APP_ID);
  const checkName = env.PROOFGATE_CHECK_NAME?.trim() || DEFAULT_SETTINGS.checkName;
  if (checkName.length > 100) throw new Error(`PROOFGATE_CHECK_NAME is at most 100 characters, got ${checkName.length}.`);
  return {
    checkName,
    policyPath: env.PROOFGATE_POLICY_PATH?.trim() || DEFAULT_SETTINGS.policyPath,
    appId: Number.isInteger(appId) && appId > 0 ? appId : null,
    appSlug: env.PROOFGATE_APP_SLUG?.trim() || null,
    teamCacheTtlMs: seconds(env, 'PROOFGATE_TEAM_CACHE_SECONDS', DEFAULT_SETTINGS.teamCacheTtlMs),
    hintTtlMs: seconds(env, 'PROOFGATE_HINT_CACHE_SECONDS', DEFAULT_SETTINGS.hintTtlMs),
    maxConcurrentEvaluations: DEFAULT_SETTINGS.maxConcurrentEvaluations,
    maxEvaluationsPerInstallation: DEFAULT_SETTINGS.maxEvaluationsPerInstallation,
    maxWaitingEvaluations: DEFAULT_SETTINGS.maxWaitingEvaluations,
    headRetryDelaysMs: DEFAULT_SETTINGS.headRetryDelaysMs,
    decideWithinMs: DEFAULT_SETTINGS.decideWithinMs,
  };
}

/** Settings of the `npm start` server and the serverless middleware (not of the gate). */
export interface ServerSettings {
  /** How often failed deliveries are looked for and redelivered; 0 turns it off. */
  redeliveryIntervalMs: number;
  /** How long SIGTERM waits for accepted evaluations before the process exits. */
  drainTimeoutMs: number;
  /** Webhook body bytes read at once across requests. */
  maxWebhookBytesInFlight: number;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  redeliveryIntervalMs: 5 * 60_000,
  drainTimeoutMs: 25_000,
  maxWebhookBytesInFlight: 50 * 1024 * 1024,
};

export function serverSettingsFromEnv(env: Env): ServerSettings {
  const mib = env.PROOFGATE_WEBHOOK_BUFFER_MB?.trim();
  const buffer = mib ? Number(mib) : Number.NaN;
  if (mib && (!Number.isFinite(buffer) || buffer < 25)) {
    throw new Error(`PROOFGATE_WEBHOOK_BUFFER_MB must be a number of MiB, at least 25 (GitHub's largest payload), got "${mib}".`);
  }
  return {
    redeliveryIntervalMs: seconds(env, 'PROOFGATE_REDELIVERY_SECONDS', DEFAULT_SERVER_SETTINGS.redeliveryIntervalMs),
    drainTimeoutMs: seconds(env, 'PROOFGATE_DRAIN_SECONDS', DEFAULT_SERVER_SETTINGS.drainTimeoutMs),
    maxWebhookBytesInFlight: mib ? Math.round(buffer * 1024 * 1024) : DEFAULT_SERVER_SETTINGS.maxWebhookBytesInFlight,
  };
}
