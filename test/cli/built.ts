/**
 * Builds what bin/proofgate.js runs, as `npm run build` does: the command line
 * bundled into build/cli/proofgate.js (scripts/bundle-cli.mjs). Tests that
 * spawn the installed entry point call this first, so they run today's sources.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/proofgate.js');

export interface BuiltCli {
  file: string;
  /** What the bundle imports from outside itself. */
  external: string[];
}

export async function buildCli(): Promise<BuiltCli> {
  const { bundleCli } = (await import(path.join(ROOT, 'scripts/bundle-cli.mjs'))) as { bundleCli: () => Promise<BuiltCli> };
  const built = await bundleCli();
  if (!existsSync(built.file)) throw new Error(`scripts/bundle-cli.mjs did not produce ${built.file}`);
  return built;
}
