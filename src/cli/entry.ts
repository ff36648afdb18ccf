/**
 * What bin/proofgate.js needs from the CLI, in one module: `npm run build`
 * bundles it (scripts/bundle-cli.mjs) with its dependencies into build/cli, so
 * a fresh process loads a few files instead of hundreds.
 */
export { main } from './main.js';
export { quietOnClosedPipe } from './stdio.js';
