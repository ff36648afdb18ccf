/**
 * Which shell commands are validations (tests, type checks, lints, builds),
 * and the part of a command a ledger may keep. A transcript's command line can
 * carry secrets (`GITHUB_TOKEN=… npm test`); a ledger keeps only the segment
 * that ran the validation, without environment assignments or secret-looking
 * words.
 */
export type ValidationKind = 'test' | 'typecheck' | 'lint' | 'build';

export interface ValidationCommand {
  kind: ValidationKind;
  /** The validating segment of the command, redacted. */
  command: string;
  /**
   * Whether the command's exit status is the validation's: a failing validation
   * makes the command fail, and a passing command means it ran and passed. Not
   * so when something after it has the last word (`npm test | tail`,
   * `npm test || true`, `npm test; echo done`), when it may not run at all
   * (`true || npm test`, a quoted or commented-out `npm test`), or when the
   * line holds shell syntax this reading does not follow (subshells, command
   * substitution, here-documents).
   */
  statusIsItsOwn: boolean;
}

/** Script names a package manager runs (`npm run test:unit`) → kind. */
const SCRIPT_KINDS: Array<[RegExp, ValidationKind]> = [
  [/^(test|tests|spec|e2e|unit|integration|check:test|ci:test)(:.*)?$/, 'test'],
  [/^(typecheck|type-check|types|tsc|check-types|check:types)(:.*)?$/, 'typecheck'],
  [/^(lint|eslint|stylelint|format:check|check:lint|prettier:check)(:.*)?$/, 'lint'],
  [/^(build|compile|bundle|dist)(:.*)?$/, 'build'],
];

/** Tools, by the words a segment starts with (after `npx`, `pnpm exec`, … are dropped). */
const TOOL_KINDS: Array<[RegExp, ValidationKind]> = [
  [/^(vitest|jest|mocha|ava|tap|playwright test|cypress run|pytest|py\.test|tox|nox|rspec|phpunit|ctest|karma|jasmine)\b/, 'test'],
  [/^(python3? -m (pytest|unittest))\b/, 'test'],
  [
    /^(go test|cargo test|cargo nextest|dotnet test|swift test|deno test|bun test|node --test|mix test|gradle test|\.\/gradlew test|mvn (-\S+ )*test|make (test|check)|bundle exec (rspec|rake test))\b/,
    'test',
  ],
  [/^(tsc|vue-tsc|mypy|pyright|cargo check|flow check)\b/, 'typecheck'],
  [
    /^(eslint|biome (lint|check)|prettier (--check|-c)|ruff( check)?|flake8|pylint|golangci-lint|cargo clippy|rubocop|go vet|shellcheck|stylelint|markdownlint|hadolint|ktlint|swiftlint)\b/,
    'lint',
  ],
  [
    /^(cargo build|go build|dotnet build|swift build|gradle (build|assemble)|\.\/gradlew (build|assemble)|mvn (-\S+ )*(package|compile|install|verify)|vite build|next build|webpack|esbuild|rollup -c|make( (build|all))?$|bazel build)\b/,
    'build',
  ],
];

const RUNNERS = /^(npx|bunx|pnpx|pnpm (exec|dlx)|yarn (exec|dlx)|npm exec( --)?|uv run|poetry run|pipenv run|bundle exec(?= (rspec|rake)))\s+/;

/** What joins one simple command to the next: `&&`, `||`, `|` (or `|&`), `;`, a newline or `&`; null after the last. */
type Operator = '&&' | '||' | '|' | ';' | '&' | null;

interface Segment {
  text: string;
  /** The operator after it. */
  next: Operator;
}

/**
 * Splits a shell command into its simple commands and the operators between
 * them (`a && b | c; d`), reading quotes, backslashes and comments as the shell
 * does, so an operator or a command inside quotes or after `#` is text. null
 * when the line holds what this reading does not follow: an unclosed quote,
 * parentheses (subshells, `$(…)`, process substitution), backquotes or a
 * here-document.
 */
function split(command: string): Segment[] | null {
  const out: Segment[] = [];
  let text = '';
  const end = (next: Operator) => {
    if (text.trim() !== '') out.push({ text: text.trim(), next });
    else if (next !== null && out.length > 0) out[out.length - 1]!.next = next;
    text = '';
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    const wordStart = text === '' || /\s$/.test(text);
    if (c === '\\') {
      // A backslash-newline joins lines; any other escaped character is text.
      if (command[i + 1] === '\n') text += ' ';
      else text += c + (command[i + 1] ?? '');
      i++;
    } else if (c === "'" || c === '"') {
      const close = c === "'" ? command.indexOf("'", i + 1) : closingDoubleQuote(command, i + 1);
      if (close === -1) return null;
      text += command.slice(i, close + 1);
      i = close;
    } else if (c === '#' && wordStart) {
      const newline = command.indexOf('\n', i);
      if (newline === -1) break;
      i = newline - 1;
    } else if (c === '(' || c === ')' || c === '`' || command.startsWith('<<', i)) {
      return null;
    } else if (command.startsWith('&&', i) || command.startsWith('||', i)) {
      end(command.startsWith('&&', i) ? '&&' : '||');
      i++;
    } else if (c === '|') {
      end('|');
      if (command[i + 1] === '&') i++;
    } else if (c === '\n' && text.trim() === '' && ['&&', '||', '|'].includes(out.at(-1)?.next ?? '')) {
      // `npm test &&` at the end of a line goes on with the next line.
      text = '';
    } else if (c === ';' || c === '\n') {
      end(';');
    } else if (c === '&' && !/[<>]$/.test(text) && command[i + 1] !== '>') {
      end('&');
    } else {
      text += c;
    }
  }
  end(null);
  // A trailing `;` or newline ends the last command and runs nothing after it.
  const last = out[out.length - 1];
  if (last?.next === ';') last.next = null;
  return out;
}

/** The index of the `"` that closes a double-quoted string starting at `from`, or -1. */
function closingDoubleQuote(command: string, from: number): number {
  for (let i = from; i < command.length; i++) {
    if (command[i] === '\\') i++;
    else if (command[i] === '"') return i;
  }
  return -1;
}

/**
 * Whether a failure of segment `at` is the command's exit status, and a zero
 * status means it ran. Before it, a `||` may skip it; a `&&` only skips it
 * after a failure, which the status shows. After it, only `&&` keeps its
 * failure: a later `||`, `;`, newline or `&` runs something else last, and a
 * pipe takes the status of its last command (unless `set -o pipefail` came
 * first). A pipe further on, after a `&&`, belongs to a pipeline a failure skips.
 */
function statusIsOwn(segments: readonly Segment[], at: number): boolean {
  const pipefail = segments.slice(0, at).some((s) => /^set\s+(?:-[a-z]*\s+)*-[a-z]*o\s+pipefail\b/.test(s.text));
  for (let i = 0; i < at; i++) if (segments[i]!.next === '||') return false;
  for (let i = at; i < segments.length; i++) {
    const next = segments[i]!.next;
    if (next === null || next === '&&') continue;
    if (next === '|' && (i > at || pipefail)) continue;
    return false;
  }
  return true;
}

/** Drop leading `NAME=value` assignments, `cd`, `time`, `env` and redirections. */
function core(segment: string): string {
  let words = segment.split(/\s+/).filter((w) => !/^\d?>{1,2}(&\d|\S+)?$/.test(w) && !/^2>&1$/.test(w));
  while (words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || ['time', 'env', 'command', 'exec'].includes(words[0]!))) {
    words = words.slice(1);
  }
  return words.join(' ');
}

function scriptKind(script: string): ValidationKind | null {
  for (const [pattern, kind] of SCRIPT_KINDS) if (pattern.test(script)) return kind;
  return null;
}

function kindOf(command: string): ValidationKind | null {
  // Package-manager scripts: npm test, npm run lint, pnpm typecheck, yarn build, bun run test.
  const pm = /^(npm|pnpm|yarn|bun)\s+(?:(?:run|run-script)\s+)?(?:--?\S+\s+)*([A-Za-z0-9:_-]+)/.exec(command);
  if (pm) {
    const script = pm[2]!;
    if (/^(t|test)$/.test(script)) return 'test';
    if (pm[1] === 'bun' && script === 'test') return 'test';
    const kind = scriptKind(script);
    if (kind) return kind;
    if (!/^(npm|pnpm|yarn|bun)\s+(run|run-script)\b/.test(command) && /^(install|i|ci|add|exec|dlx|x)$/.test(script)) return null;
  }
  // `pnpm vitest`, `yarn eslint .`: pnpm, yarn and bun run a package's binary by its name.
  const tool = command.replace(RUNNERS, '').replace(/^(pnpm|yarn|bun)\s+(?!run\b)/, '');
  for (const [pattern, kind] of TOOL_KINDS) if (pattern.test(tool)) return kind;
  return null;
}

/** Words that look like credentials: known token prefixes, long opaque strings, `--token=…`. */
const SECRET_WORD = [
  /^(ghp|gho|ghu|ghs|ghr|github_pat|glpat|xox[abprs]|sk|sk-ant|sk-proj|rk_live|sk_live|pk_live|AKIA|ASIA|AIza|ya29|npm_)[-_A-Za-z0-9]{8,}/,
  /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // JWT
  /^[A-Za-z0-9+/_=-]{32,}$/, // long opaque strings: keys, hashes
  /:\/\/[^/\s:@]+:[^/\s@]+@/, // credentials in a URL
];
const SECRET_FLAG = /^(--?[A-Za-z0-9-]*(token|secret|password|passwd|pass|key|auth|credential|cookie)[A-Za-z0-9-]*)[= ]/i;

/** A command segment with secret-looking words replaced by `…`. */
export function redactCommand(segment: string): string {
  const words = segment.split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = SECRET_FLAG.exec(`${word} `);
    if (flag && word.includes('=')) {
      out.push(`${flag[1]}=…`);
      continue;
    }
    if (flag && i + 1 < words.length) {
      out.push(word, '…');
      i += 1;
      continue;
    }
    const bare = word.replace(/^['"]|['"]$/g, '');
    out.push(SECRET_WORD.some((p) => p.test(bare)) ? '…' : word);
  }
  return out.join(' ');
}

/**
 * The validation a shell command runs, if any: the first segment that is a
 * test, type check, lint or build. `cd app && npm test 2>&1 | tail` is
 * `npm test`, kind `test`, though its status is `tail`'s (`statusIsItsOwn` false).
 */
export function classifyCommand(command: string): ValidationCommand | null {
  const segments = split(command);
  // A line this reading cannot follow: its first validation-looking segment, if any, with an unknown outcome.
  const parts = segments ?? command.split(/&&|\|\||[;|\n]/).map((text) => ({ text: text.trim(), next: null }));
  for (const [i, segment] of parts.entries()) {
    const text = core(segment.text);
    if (text === '') continue;
    const kind = kindOf(text);
    if (kind) return { kind, command: redactCommand(text).slice(0, 200), statusIsItsOwn: segments !== null && statusIsOwn(segments, i) };
  }
  return null;
}

/** A shell invocation as an argv (`["bash", "-lc", "npm test"]`) → the command line it runs. */
export function commandFromArgv(argv: readonly string[]): string {
  const [shell, flag, script] = argv;
  if (shell && /(^|\/)(ba|z|da)?sh$/.test(shell) && flag && /^-l?c$/.test(flag) && script !== undefined) return script;
  return argv.join(' ');
}
