/** How the App ships: the node options of `npm start`, which the App benchmarks run it with. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The options `npm start` gives node before the App's script (package.json's `start`: `node [options] build/src/app/server.js`). */
export function shippedNodeArgs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'build/src/app/server.js') {
    throw new Error(`package.json's start script is not "node [options] build/src/app/server.js": ${pkg.scripts?.start ?? '(none)'}`);
  }
  return words.slice(1, -1);
}
