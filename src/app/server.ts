/**
 * `npm start`: the App as a Node HTTP server (Probot's server: webhooks at
 * /api/github/webhooks, a /ping health check). Configured by environment
 * variables or a `.env` file (see .env.example). Without APP_ID and
 * PRIVATE_KEY, Probot's setup flow starts instead and registers an App from
 * app.yml.
 */
import { existsSync } from 'node:fs';
import { run } from 'probot';
import { proofgateApp } from './app.js';
import { requireWebhookSecret } from './credentials.js';
import { settingsFromEnv } from './settings.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  requireWebhookSecret(process.env);
  // Fail on a bad setting now, not on the first webhook.
  settingsFromEnv(process.env);
  const server = await run(proofgateApp);
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
