/**
 * `npm start`: the App as a Node HTTP server (Probot's server: webhooks at
 * /api/github/webhooks, a /ping health check). Configured by environment
 * variables or a `.env` file (see .env.example). Without APP_ID and
 * PRIVATE_KEY, Probot's setup flow starts instead and registers an App from
 * app.yml.
 *
 * What differs from Probot's defaults:
 * - webhook bodies are bounded per request (25 MB) and across requests, and
 *   their signature is checked as they stream in (src/app/body-limit.ts);
 *   the body's text is let go once parsed (src/app/webhook-receiver.ts);
 * - rate-limited GitHub requests are retried only briefly, and an
 *   installation token GitHub's answer does not hold is never cached
 *   (src/app/octokit.ts);
 * - failed deliveries are redelivered at startup and on a timer
 *   (src/app/redelivery.ts);
 * - SIGTERM stops taking webhooks, lets the accepted evaluations finish
 *   (bounded by PROOFGATE_DRAIN_SECONDS), then exits;
 * - the HTTP server's line per request is logged at `debug` when the request
 *   was answered below 400 within a second (src/app/log.ts).
 */
import { existsSync } from 'node:fs';
import { run, type Probot } from 'probot';
import { drainEvaluations, proofgateApp } from './app.js';
import { appLog } from './log.js';
import { requireWebhookSecret } from './credentials.js';
import { ProofgateOctokit } from './octokit.js';
import { withoutPayloads } from './quiet-log.js';
import { startDeliveryRecovery } from './redelivery.js';
import { createWebhookReceiver } from './webhook-receiver.js';
import { serverSettingsFromEnv, settingsFromEnv } from './settings.js';

const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

/**
 * Probot's Server puts the webhook handler first in line and takes it from
 * `probot.getNodeMiddleware()` when it starts, after loading the app: the app
 * function replaces that method on its own Probot instance with proofgate's
 * receiver (src/app/webhook-receiver.ts), which bounds, reads and checks the
 * body before parsing it and hands the event to Probot's webhooks. (The setup
 * flow, which runs only outside production and without credentials, does not
 * load the app.)
 */
let stopRecovery: (() => void) | null = null;

async function guardedApp(app: Probot): Promise<void> {
  const webhookPath = process.env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH;
  const server = serverSettingsFromEnv(process.env);
  app.getNodeMiddleware = async (options = {}) => {
    await app.ready();
    const log = app.log;
    const receiver = createWebhookReceiver(app.webhooks, {
      path: options.path ?? webhookPath,
      // main() refuses to start with credentials and no secret; the receiver refuses an empty one too.
      secret: process.env.WEBHOOK_SECRET ?? '',
      log: withoutPayloads(options.log ?? log),
      maxBytesInFlight: server.maxWebhookBytesInFlight,
      onReject: ({ bytes, declared }) => log.warn({ bytes, declared }, 'proofgate: refused a webhook body over 25 MB'),
      onRefuse: ({ status, reason }) => log.warn({ status }, `proofgate: refused a webhook request: ${reason}`),
    });
    return receiver as Awaited<ReturnType<Probot['getNodeMiddleware']>>;
  };
  await proofgateApp(app);
  if (server.redeliveryIntervalMs > 0 && process.env.APP_ID && (process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH)) {
    stopRecovery = startDeliveryRecovery(async () => await app.auth(), app.log, server.redeliveryIntervalMs);
  }
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  requireWebhookSecret(process.env);
  // Fail on a bad setting now, not on the first webhook.
  settingsFromEnv(process.env);
  const { drainTimeoutMs } = serverSettingsFromEnv(process.env);
  const server = await run(guardedApp, { Octokit: ProofgateOctokit, log: await appLog(process.env) });
  const stop = async (): Promise<void> => {
    stopRecovery?.();
    // New connections are refused at once; deliveries already in the server finish (new events among them get 503).
    const closed = server.stop();
    const left = await drainEvaluations(drainTimeoutMs);
    if (left > 0)
      console.error(`proofgate: exiting with ${left} evaluations unfinished after ${drainTimeoutMs / 1000} s; their checks stay in progress (not green)`);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    process.exit(left > 0 ? 1 : 0);
  };
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`proofgate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
