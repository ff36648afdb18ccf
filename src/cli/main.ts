/** The `proofgate` command line: dispatches to one module per command. */
import { GitError } from '../local/run-git.js';
import { logLine } from '../receipt/escape.js';
import { TOOL_VERSION } from '../version.js';
import { CliError, EXIT, println, type CliIo } from './io.js';

export type { CliIo } from './io.js';

export const MAIN_HELP = `Usage: proofgate <command> [options]

Proof gates for pull requests written by AI coding agents.

Commands:
  check            evaluate a local git range against the routing policy
  validate [FILE]  check a policy file (default: .github/proofgate.yml)
  attribute        show how a commit message (on stdin) is attributed
  report           who did the merged work, at what cost, with what rework
  backtest         replay merged changes under a proposed policy
  ledger           import, record, validate session ledgers (tokens, cost, validations)
  verify-receipt FILE
                   recompute a receipt's digest; replay it (--snapshot, --repo)
  statement FILE   the receipt as an in-toto Statement v1, for signing

Options:
  -h, --help       show help (also after a command: proofgate check --help)
  --version        print the version
  --debug          print stack traces for errors

Exit codes: 0 success or nothing to gate, 1 failure, 3 pending, 2 usage or policy error.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Each command's module is loaded only when it runs: `check` does not pay for the report's or the ledger's imports. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).checkCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  attribute: async () => (await import('./attribute.js')).attributeCommand,
  report: async () => (await import('./report.js')).reportCommand,
  backtest: async () => (await import('./backtest.js')).backtestCommand,
  'verify-receipt': async () => (await import('./verify-receipt.js')).verifyReceiptCommand,
  ledger: async () => (await import('./ledger.js')).ledgerCommand,
  statement: async () => (await import('./statement.js')).statementCommand,
};

/** Runs one command; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // --debug is accepted anywhere, before or after the command.
  const debug = argv.includes('--debug');
  try {
    const [first, ...rest] = argv.filter((arg) => arg !== '--debug');
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? rest[0] : undefined;
      if (topic !== undefined && Object.hasOwn(COMMANDS, topic)) return await (await COMMANDS[topic]!())(['--help'], io);
      io.stdout.write(MAIN_HELP);
      return first === undefined ? EXIT.usage : EXIT.success;
    }
    if (first === '--version' || first === '-v') {
      println(io.stdout, TOOL_VERSION);
      return EXIT.success;
    }
    const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!load) {
      const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`;
      throw new CliError(what, `commands: ${Object.keys(COMMANDS).join(', ')}; run \`proofgate --help\``);
    }
    return await (
      await load()
    )(rest, io);
  } catch (err) {
    return reportError(err, io, debug);
  }
}

/** Each error is one line, its control characters escaped: it can quote a receipt, a ledger, git's output. */
function reportError(err: unknown, io: CliIo, debug: boolean): number {
  if (err instanceof CliError) {
    println(io.stderr, logLine(`proofgate: ${err.message}${err.hint ? ` (${err.hint})` : ''}`));
    if (debug && err.stack) println(io.stderr, err.stack);
    return err.exitCode;
  }
  if (err instanceof GitError) {
    println(io.stderr, logLine(`proofgate: ${err.message}`));
    if (debug && err.stack) println(io.stderr, err.stack);
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  println(io.stderr, logLine(`proofgate: internal error: ${message}${debug ? '' : ' (run again with --debug for a stack trace)'}`));
  if (debug && err instanceof Error && err.stack) println(io.stderr, err.stack);
  return EXIT.usage;
}
