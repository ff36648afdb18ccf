/**
 * The App as a Node request handler, for serverless platforms and existing
 * HTTP servers. It handles `POST <webhooksPath>` (default
 * `/api/github/webhooks`) and returns false for anything else:
 *
 *   // e.g. api/github/webhooks.js on Vercel
 *   import { createProofgateMiddleware } from 'proofgate/app';
 *   const middleware = await createProofgateMiddleware();
 *   export default (req, res) => middleware(req, res, () => res.writeHead(404).end());
 *
 * Settings come from the same environment variables as `npm start`. Webhook
 * bodies over 25 MB (GitHub's cap) are refused with 413 before they are read,
 * the bytes read at once are bounded, and signatures are checked as bodies
 * stream in (src/app/body-limit.ts). A serverless instance has no timer to
 * recover failed deliveries: call `recoverFailedDeliveries` (exported from
 * `proofgate/app`) from a scheduled function instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProbot } from 'probot';
import { createProofgateApp } from './app.js';
import { requireWebhookSecret } from './credentials.js';
import { ProofgateOctokit } from './octokit.js';
import { withoutPayloads } from './quiet-log.js';
import { serverSettingsFromEnv, settingsFromEnv } from './settings.js';
import { createWebhookReceiver } from './webhook-receiver.js';

export type ProofgateMiddleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<boolean>;

export async function createProofgateMiddleware(
  options: { env?: Record<string, string | undefined>; webhooksPath?: string } = {},
): Promise<ProofgateMiddleware> {
  const env = options.env ?? process.env;
  requireWebhookSecret(env);
  const app = createProofgateApp(settingsFromEnv(env));
  const server = serverSettingsFromEnv(env);
  const probot = createProbot({ env, overrides: { Octokit: ProofgateOctokit } });
  const webhooksPath = options.webhooksPath ?? (env.WEBHOOK_PATH || DEFAULT_WEBHOOKS_PATH);
  await probot.load(app);
  return createWebhookReceiver(probot.webhooks, {
    path: webhooksPath,
    secret: env.WEBHOOK_SECRET ?? '',
    // A logger that never writes a payload (src/app/quiet-log.ts).
    log: withoutPayloads(probot.log),
    maxBytesInFlight: server.maxWebhookBytesInFlight,
    onReject: ({ bytes, declared }) => probot.log.warn({ bytes, declared }, 'proofgate: refused a webhook body over 25 MB'),
    onRefuse: ({ status, reason }) => probot.log.warn({ status }, `proofgate: refused a webhook request: ${reason}`),
  });
}

const DEFAULT_WEBHOOKS_PATH = '/api/github/webhooks';
