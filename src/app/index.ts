/**
 * proofgate's GitHub App (`proofgate/app`). The default export is the Probot
 * app function with settings from the environment:
 *
 *   import { run } from 'probot';
 *   import proofgateApp from 'proofgate/app';
 *   await run(proofgateApp);
 *
 * `createProofgateMiddleware()` is the same App as a Node request handler for
 * serverless platforms; `src/app/server.ts` is the `npm start` server.
 */
import { proofgateApp } from './app.js';

export default proofgateApp;
export { createProofgateApp, proofgateApp, type ProofgateAppOptions } from './app.js';
export { createProofgateMiddleware, type ProofgateMiddleware } from './middleware.js';
export { DEFAULT_SETTINGS, settingsFromEnv, type AppSettings } from './settings.js';
export { recoverFailedDeliveries, type RecoveryOptions, type RecoveryReport } from './redelivery.js';
