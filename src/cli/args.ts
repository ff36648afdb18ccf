/** Flag parsing on `node:util` parseArgs, with errors a user can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const satisfies OptionSpec;

type ParsedArgs<O extends OptionSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof COMMON_OPTIONS & O; allowPositionals: true; strict: true }>
>;

/**
 * Parses one command's arguments. Unknown flags, missing values and extra
 * positionals become a CliError that names the command's `--help`.
 */
export function parseCommandArgs<const O extends OptionSpec>(command: string, argv: string[], options: O, maxPositionals: number): ParsedArgs<O> {
  const help = `run \`proofgate ${command} --help\` for usage`;
  let parsed: ParsedArgs<O>;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(describeParseError(err, command), help);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new CliError(`unexpected argument ${JSON.stringify(extra)} for \`proofgate ${command}\``, help);
  }
  return parsed;
}

function describeParseError(err: unknown, command: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  const flag = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag} for \`proofgate ${command}\``;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /Option '([^']*)'/.exec(message)?.[1] ?? flag ?? 'an option';
    const name = option.split(' ')[0];
    if (message.includes('argument missing')) return `${name} needs a value`;
    if (message.includes('does not take')) return `${name} does not take a value`;
    return `invalid value for ${name}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument for \`proofgate ${command}\``;
  return message.split('\n')[0] ?? 'invalid arguments';
}

/** `Name <email>` → parts; the email may be empty (`Name <>`), as git allows. */
export function parseIdentityFlag(flag: string, value: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(value);
  if (!match) throw new CliError(`${flag} must look like "Name <email>", got ${JSON.stringify(value)}`);
  return { name: match[1] ?? '', email: match[2] ?? '' };
}

/** One of a fixed set of values, or a usage error listing them. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}
