/**
 * `npm start`: the App as a Node HTTP server (Probot's server: webhooks at
 * /api/github/webhooks, a /ping health check). Configured by environment
 * variables or a `.env` file (see .env.example). Without APP_ID and
 * PRIVATE_KEY, Probot's setup flow starts instead and registers an App from
 * app.yml.
 *
 * Two things differ from Probot's defaults: webhook bodies over 25 MB are
 * refused before they are read (src/app/body-limit.ts), and rate-limited
 * GitHub requests are retried only briefly (src/app/octokit.ts).
 */
import { existsSync } from 'node:fs';
import { run, type Probot } from 'probot';
import { proofgateApp } from './app.js';
import { limitWebhookBodies } from './body-limit.js';
import { requireWebhookSecret } from './credentials.js';
import { ProofgateOctokit } from './octokit.js';
import { settingsFromEnv } from './settings.js';

const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

/**
 * Probot's Server puts the webhook middleware first in line and takes it from
 * `probot.getNodeMiddleware()` when it starts, after loading the app: the app
 * function wraps that method on its own Probot instance, so the size guard
 * runs before @octokit/webhooks reads a byte. (The setup flow, which runs only
 * outside production and without credentials, does not load the app.)
 */
function guardedApp(app: Probot): void {
  const original = app.getNodeMiddleware.bind(app);
  const webhookPath = process.env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH;
  app.getNodeMiddleware = async (options = {}) =>
    limitWebhookBodies(await original(options), {
      path: options.path ?? webhookPath,
      onReject: ({ bytes, declared }) => app.log.warn({ bytes, declared }, 'proofgate: refused a webhook body over 25 MB'),
    });
  proofgateApp(app);
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  requireWebhookSecret(process.env);
  // Fail on a bad setting now, not on the first webhook.
  settingsFromEnv(process.env);
  const server = await run(guardedApp, { Octokit: ProofgateOctokit });
  const stop = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`proofgate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
