/**
 * Refuses to serve webhooks without a secret. Probot falls back to the
 * well-known secret "development", which would let anyone who can reach the
 * server forge events; with credentials configured that must be an error.
 */
type Env = Record<string, string | undefined>;

export function requireWebhookSecret(env: Env): void {
  const configured = Boolean(env.APP_ID || env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);
  if (configured && !env.WEBHOOK_SECRET) {
    throw new Error(
      "WEBHOOK_SECRET is not set: set it to the webhook secret from the App's settings page (see .env.example); " +
        'proofgate does not accept unsigned or default-signed webhooks.',
    );
  }
}
