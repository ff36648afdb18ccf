/** How the App ships: the node options of `npm start`, which the App benchmarks run it with. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../test/app/support/server-process.js';

/** The options `npm start` gives node before the App's script (package.json's `start`: `node [options] build/src/app/server.js`). */
export function shippedNodeArgs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'build/src/app/server.js') {
    throw new Error(`package.json's start script is not "node [options] build/src/app/server.js": ${pkg.scripts?.start ?? '(none)'}`);
  }
  return words.slice(1, -1);
}

/**
 * Starts the App as `npm start` does (its node options, then `extra`), as an
 * App with a fresh key against the fake GitHub at `url`.
 */
export function startShippedApp(
  root: string,
  github: { url: string; appId: number },
  options: { secret: string; logLevel: string; extra?: string[] },
): Promise<ServerProcess> {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return startServerProcess(
    path.join(root, 'build/src/app/server.js'),
    {
      APP_ID: String(github.appId),
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: options.secret,
      GHE_HOST: new URL(github.url).host,
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: options.logLevel,
    },
    undefined,
    [...shippedNodeArgs(root), ...(options.extra ?? [])],
  );
}
