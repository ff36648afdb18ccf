#!/usr/bin/env node
import module from 'node:module';
import v8 from 'node:v8';

// A command runs for a second or a few: with V8's default budget its optimising
// compiler compiles a couple of hundred functions that have run a few hundred
// times, which on Node 20 costs more CPU than the optimised code then saves
// (backtest of 500 changes 0.91 s → 0.63 s, check of 1,400 commits 0.49 → 0.40 s,
// report of 5,000 changes no slower). Eight times the default (67,584) leaves
// it the code that runs long. Newer Node tiers up differently (Maglev) and is
// left as it is until measured there.
if (process.versions.node.split('.')[0] === '20') v8.setFlagsFromString('--interrupt-budget=540672');

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
