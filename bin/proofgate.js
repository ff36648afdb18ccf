#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps the compiled code of proofgate's modules between runs (in
// the OS temporary directory); older Node has no such cache and skips this.
module.enableCompileCache?.();

// Imported after the cache is on, so that these modules use it. build/cli is
// the command line bundled by `npm run build` (scripts/bundle-cli.mjs).
const { main, quietOnClosedPipe } = await import('../build/cli/proofgate.js');

// A closed pipe (`proofgate check | head`) ends quietly with the verdict's exit code.
let outputFailed = false;
quietOnClosedPipe(process.stdout, (error) => {
  outputFailed = true;
  process.stderr.write(`proofgate: cannot write the output: ${error.code ?? error.message}\n`);
});
quietOnClosedPipe(process.stderr, () => {
  outputFailed = true;
});

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = outputFailed ? 2 : code;
