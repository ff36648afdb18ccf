/**
 * The proofgate GitHub App as a Probot app function: one handler per event
 * (src/app/handlers) on a GateService that evaluates pull requests and writes
 * the `proofgate` check run.
 *
 * `proofgateApp` reads its settings from the environment (see .env.example);
 * `createProofgateApp(settings)` takes them explicitly.
 */
import type { Context, Probot } from 'probot';
import { describeError } from './errors.js';
import type { GateLogger } from '../gate/run-gate.js';
import { TeamCache } from '../github/teams.js';
import { DeliveryError } from './delivery-error.js';
import { DeliveryLog } from './deliveries.js';
import { reuseEventOctokits } from './event-octokits.js';
import { GateService, type GateServiceDeps } from './gate-service.js';
import { CHECK_RUN_EVENTS, CHECK_SUITE_EVENTS, onCheckRun, onCheckSuite } from './handlers/check.js';
import { MERGE_GROUP_EVENTS, onMergeGroup } from './handlers/merge-group.js';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { onPush } from './handlers/push.js';
import { onReview, REVIEW_EVENTS } from './handlers/review.js';
import { onStatus } from './handlers/status.js';
import { PolicyHints } from './hints.js';
import { DEFAULT_SETTINGS, settingsFromEnv, type AppSettings } from './settings.js';

export interface ProofgateAppOptions extends Partial<AppSettings> {
  now?: () => Date;
  /** Observes every finished evaluation (tests, benchmarks). */
  onResult?: GateServiceDeps['onResult'];
  /** Retries of the App's own steps around the gate (tests shorten them). */
  retry?: GateServiceDeps['retry'];
}

/** Every GateService of this process, for the server's shutdown (src/app/server.ts). */
const services = new Set<GateService>();

/**
 * Stops taking events and waits for the accepted evaluations to finish, at
 * most `timeoutMs`. Resolves with the number still running when it gave up.
 */
export async function drainEvaluations(timeoutMs: number): Promise<number> {
  const left = await Promise.all([...services].map((gate) => gate.drain(timeoutMs)));
  return left.reduce((a, b) => a + b, 0);
}

export function createProofgateApp(options: ProofgateAppOptions = {}): (app: Probot) => Promise<void> {
  return async (app: Probot) => {
    const { now, onResult, retry, ...overrides } = options;
    const settings: AppSettings = { ...DEFAULT_SETTINGS, ...overrides };
    const gate = new GateService({
      settings,
      teamCache: new TeamCache({ ttlMs: settings.teamCacheTtlMs }),
      hints: new PolicyHints(settings.hintTtlMs),
      appSlug: slugOf(app, settings.appSlug),
      ...(now ? { now } : {}),
      ...(onResult ? { onResult } : {}),
      ...(retry ? { retry } : {}),
    });
    services.add(gate);
    const deliveries = new DeliveryLog();
    const guard = <C extends Context>(handler: (context: C) => Promise<void>) => guarded(deliveries, handler);

    app.on(
      [...PULL_REQUEST_EVENTS],
      guard((context) => onPullRequest(context, gate)),
    );
    app.on(
      [...REVIEW_EVENTS],
      guard((context) => onReview(context, gate)),
    );
    app.on(
      [...CHECK_RUN_EVENTS],
      guard((context) => onCheckRun(context, gate)),
    );
    app.on(
      [...CHECK_SUITE_EVENTS],
      guard((context) => onCheckSuite(context, gate)),
    );
    app.on(
      'status',
      guard((context) => onStatus(context, gate)),
    );
    app.on(
      'push',
      guard((context) => onPush(context, gate)),
    );
    app.on(
      [...MERGE_GROUP_EVENTS],
      guard((context) => onMergeGroup(context, gate)),
    );
    // The App's own Octokit (no installation) is the one Probot asks for each event's (src/app/event-octokits.ts).
    reuseEventOctokits(await app.auth());
  };
}

/** The App with settings from the environment: what `npm start` and the serverless handler load. */
export function proofgateApp(app: Probot): Promise<void> {
  return createProofgateApp(settingsFromEnv(process.env))(app);
}

/**
 * Each handler runs once per delivery id (GitHub may deliver one twice; a
 * redelivery of a failed one runs again). A handler's failure is logged as
 * one redacted line and becomes the delivery's HTTP status (a DeliveryError:
 * 503 for what is worth sending again, 400 for an unusable payload), so
 * GitHub records the delivery as failed instead of "200, nothing done".
 */
function guarded<C extends Context>(deliveries: DeliveryLog, handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    const log: GateLogger = context.log;
    const delivery = typeof context.id === 'string' ? context.id : null;
    if (delivery !== null && !deliveries.begin(delivery)) {
      log.info({ event: context.name, delivery }, 'proofgate: skipped, this delivery was already taken');
      return;
    }
    try {
      await handler(context);
      if (delivery !== null) deliveries.succeeded(delivery);
    } catch (error) {
      if (delivery !== null) deliveries.failed(delivery);
      const failure = error instanceof DeliveryError ? error : new DeliveryError(`proofgate failed: ${describeError(error)}`, 500, { cause: error });
      log.error({ event: context.name, delivery, status: failure.status, reason: failure.message }, 'proofgate: webhook handling failed');
      throw failure;
    }
  };
}

/**
 * The App's slug, which names its own check runs among a commit's suites: from
 * PROOFGATE_APP_SLUG when set, otherwise `GET /app` once per process (retried
 * on the next event if it fails).
 */
function slugOf(app: Probot, configured: string | null): () => Promise<string> {
  let slug: Promise<string> | null = configured ? Promise.resolve(configured) : null;
  return () => {
    slug ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.request('GET /app');
      if (!data?.slug) throw new Error("GitHub did not return the App's slug from GET /app; set PROOFGATE_APP_SLUG.");
      return data.slug;
    })().catch((error: unknown) => {
      slug = null;
      throw error;
    });
    return slug;
  };
}
