#!/usr/bin/env node
import { main } from '../build/src/cli/main.js';
import { quietOnClosedPipe } from '../build/src/cli/stdio.js';

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
