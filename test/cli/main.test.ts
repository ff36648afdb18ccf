import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/version.js';
import { runCli } from './run.js';

describe('proofgate (dispatch, help, errors)', () => {
  it('prints the overall help and each command help', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: proofgate <command>/);
    for (const command of ['check', 'validate', 'attribute', 'report', 'backtest', 'verify-receipt', 'ledger', 'statement']) {
      expect(help.stdout).toContain(command);
      const own = await runCli([command, '-h']);
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: proofgate ${command}`));
      expect(own.stderr).toBe('');
    }
    expect((await runCli(['help', 'check'])).stdout).toMatch(/^Usage: proofgate check/);
  });

  it('prints the version', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${TOOL_VERSION}\n`, stderr: '' });
  });

  it('exits 2 with usage when run without a command', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Usage: proofgate/);
  });

  it('rejects an unknown command with one line and a hint, no stack trace', async () => {
    const run = await runCli(['chekc']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'proofgate: unknown command "chekc" (commands: check, validate, attribute, report, backtest, verify-receipt, ledger, statement; run `proofgate --help`)\n',
    });
  });

  it('takes no inherited property of the command table for a command', async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const run = await runCli([name]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `proofgate: unknown command ${JSON.stringify(name)} (commands: check, validate, attribute, report, backtest, verify-receipt, ledger, statement; run \`proofgate --help\`)\n`,
      );
      const help = await runCli(['help', name]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: proofgate <command>/);
    }
  });

  it('rejects unknown flags, missing values and stray arguments with one line each', async () => {
    const cases: Array<[string[], string]> = [
      [['check', '--nope'], 'proofgate: unknown option --nope for `proofgate check` (run `proofgate check --help` for usage)\n'],
      [['check', '--base'], 'proofgate: --base needs a value (run `proofgate check --help` for usage)\n'],
      [['check', 'extra'], 'proofgate: unexpected argument "extra" for `proofgate check` (run `proofgate check --help` for usage)\n'],
      [['check', '--format', 'html'], 'proofgate: --format must be one of text, json, markdown, got "html"\n'],
      [['check', '--proof', 'tests'], 'proofgate: --proof must look like NAME=pass or NAME=fail, got "tests"\n'],
      [['validate', 'a.yml', 'b.yml'], 'proofgate: unexpected argument "b.yml" for `proofgate validate` (run `proofgate validate --help` for usage)\n'],
      [
        ['--frobnicate'],
        'proofgate: unknown option --frobnicate (commands: check, validate, attribute, report, backtest, verify-receipt, ledger, statement; run `proofgate --help`)\n',
      ],
      [['attribute', '--author', 'no email'], 'proofgate: --author must look like "Name <email>", got "no email"\n'],
      [['verify-receipt'], 'proofgate: verify-receipt needs a FILE (run `proofgate verify-receipt --help` for usage)\n'],
    ];
    for (const [argv, stderr] of cases) {
      expect(await runCli(argv), argv.join(' ')).toEqual({ code: 2, stdout: '', stderr });
    }
  });

  it('prints a stack trace only with --debug', async () => {
    const plain = await runCli(['check', '--repo', '/no/such/dir']);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).toMatch(/^proofgate: no such directory: \/no\/such\/dir/);
    const debug = await runCli(['check', '--repo', '/no/such/dir', '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
