import { describe, expect, it } from 'vitest';
import { classifyCommand, commandFromArgv, redactCommand } from '../../src/ledger/commands.js';

describe('classifyCommand', () => {
  it.each([
    ['npm test', 'test', 'npm test'],
    ['npm run test:unit -- --coverage', 'test', 'npm run test:unit -- --coverage'],
    ['cd app && CI=1 pnpm vitest run 2>&1 | tail -40', 'test', 'pnpm vitest run'],
    ['npx vitest run test/engine', 'test', 'npx vitest run test/engine'],
    ['python -m pytest -q tests/', 'test', 'python -m pytest -q tests/'],
    ['go test ./...', 'test', 'go test ./...'],
    ['cargo test --workspace', 'test', 'cargo test --workspace'],
    ['npx tsc -p tsconfig.json --noEmit', 'typecheck', 'npx tsc -p tsconfig.json --noEmit'],
    ['npm run typecheck', 'typecheck', 'npm run typecheck'],
    ['mypy src', 'typecheck', 'mypy src'],
    ['npx eslint src --max-warnings 0', 'lint', 'npx eslint src --max-warnings 0'],
    ['ruff check .', 'lint', 'ruff check .'],
    ['cargo clippy -- -D warnings', 'lint', 'cargo clippy -- -D warnings'],
    ['npm run build', 'build', 'npm run build'],
    ['cargo build --release', 'build', 'cargo build --release'],
    ['make', 'build', 'make'],
  ])('%s is a %s validation', (command, kind, kept) => {
    expect(classifyCommand(command)).toMatchObject({ kind, command: kept });
  });

  it.each(['ls -la', 'git status', 'npm install', 'cat package.json', "sed -n '1,80p' src/cart.ts", 'rg test src', 'echo npm test'])(
    '%s is not a validation',
    (command) => {
      expect(classifyCommand(command)).toBeNull();
    },
  );
});

describe("whether a command's exit status is its validation's", () => {
  // Claude Code's Bash tool and Codex run commands without `pipefail`: a pipe ends with its last command's status.
  it.each([
    ['npm test', 'the command alone'],
    ['cd app && npm test', 'after `&&`: a failing `cd` fails the command too'],
    ['false && npm test', 'a validation that did not run leaves the command failing'],
    ['npm test && echo ok | tail', 'a later pipeline runs only after it passed'],
    ['set -o pipefail; npm test 2>&1 | tail -40', 'a pipe under `pipefail`'],
    ['set -euo pipefail && npx vitest run | tee out.log', 'a pipe under `set -euo pipefail`'],
    ["npx vitest run -t 'a || b; c'", 'operators inside quotes are text'],
    ['npm test 2>&1', 'a redirection is not a background job'],
    ['npm test;', 'a trailing `;` runs nothing after it'],
    ['npm test &&\n  echo ok', 'a line ending in `&&` goes on'],
    ['npm test \\\n  --coverage', 'a continued line'],
  ])('%s: yes (%s)', (command) => {
    expect(classifyCommand(command)).toMatchObject({ kind: 'test', statusIsItsOwn: true });
  });

  it.each([
    ['npm test 2>&1 | tail -20', 'the pipe ends with `tail`, which succeeds whatever the tests did'],
    ['cd app && CI=1 pnpm vitest run 2>&1 | tail -40', 'the same after a `cd`'],
    ['npm test || true', 'a failure runs `true` last'],
    ['npm test || echo "tests failed"', 'a failure runs `echo` last'],
    ['npm test; echo done', '`echo` runs last whatever the tests did'],
    ['npm test\necho done', 'a newline is a `;`'],
    ['npm test ||\n  true', 'a line ending in `||` goes on'],
    ['npm test &', 'a background job: the command does not wait for it'],
    ['true || npm test', 'the tests never run'],
    ['npm test && echo ok || true', 'a later `||` catches the failure'],
    ['echo $(true; npm test)', 'command substitution'],
    ['cat <<EOF\nnpm test\nEOF', 'a here-document'],
    ['echo "unclosed; npm test', 'an unclosed quote'],
  ])('%s: no (%s)', (command) => {
    expect(classifyCommand(command)).toMatchObject({ kind: 'test', statusIsItsOwn: false });
  });

  it.each(['echo "; npm test"', "echo '&& npm test'", 'echo done # && npm test'])('%s runs no validation at all', (command) => {
    expect(classifyCommand(command)).toBeNull();
  });
});

describe('redactCommand', () => {
  it('drops secret-looking words and flag values, keeps the rest', () => {
    expect(redactCommand('npx jest --token=abc123 --ci')).toBe('npx jest --token=… --ci');
    expect(redactCommand('npx jest --api-key abc123 --ci')).toBe('npx jest --api-key … --ci');
    expect(redactCommand('pytest --url https://user:pa55@db.example.com/x')).toBe('pytest --url …');
    expect(redactCommand('go test -run ghp_abcdefghijklmnop1234 ./...')).toBe('go test -run … ./...');
    expect(redactCommand('npm test -- aGVsbG8gd29ybGQgdGhpcyBpcyBhIHNlY3JldCBrZXk=')).toBe('npm test -- …');
  });

  it('is applied to the command a validation keeps', () => {
    expect(classifyCommand('AWS_SECRET_ACCESS_KEY=x npx vitest --password hunter2')).toEqual({
      kind: 'test',
      command: 'npx vitest --password …',
      statusIsItsOwn: true,
    });
  });
});

describe('commandFromArgv', () => {
  it('unwraps a shell -lc script, joins anything else', () => {
    expect(commandFromArgv(['bash', '-lc', 'npm test'])).toBe('npm test');
    expect(commandFromArgv(['/bin/zsh', '-c', 'make'])).toBe('make');
    expect(commandFromArgv(['pytest', '-q'])).toBe('pytest -q');
  });
});
