/** `proofgate validate [FILE]`: check a policy file and report every problem with its position. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_POLICY_PATH } from '../policy/default.js';
import { loadPolicy } from '../policy/load.js';
import { formatPolicyError } from '../policy/types.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';

export const VALIDATE_HELP = `Usage: proofgate validate [FILE]

Checks a routing policy: YAML syntax, unknown keys, unknown proof or tier
names, globs that do not compile, duplicate routes.

  FILE          the policy file (default: ${DEFAULT_POLICY_PATH})
  -h, --help    show this help

Exit codes: 0 valid, 2 invalid (one "file:line:col: message" line per problem on stderr).
`;

export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv, {}, 1);
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return EXIT.success;
  }
  const file = positionals[0] ?? DEFAULT_POLICY_PATH;
  const text = await readPolicyFile(io.cwd, file);
  const result = loadPolicy(text, { path: file, origin: 'file', ref: null });
  if (!result.ok) {
    for (const error of result.errors) println(io.stderr, formatPolicyError(error));
    return EXIT.usage;
  }
  const doc = result.policy.doc;
  const counts = [
    plural(doc.routes.length, 'route'),
    plural(Object.keys(doc.proofs).length, 'proof'),
    plural(Object.keys(doc.tiers).length, 'tier'),
  ];
  println(io.stdout, `${file}: valid (${counts.join(', ')})`);
  return EXIT.success;
}

/** A policy file from disk; a missing or unreadable file is a one-line usage error. */
export async function readPolicyFile(cwd: string, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CliError(
        `cannot read ${file}: no such file`,
        file === DEFAULT_POLICY_PATH ? 'pass the policy file to check, or run from the repository root' : null,
      );
    }
    if (code === 'EISDIR') throw new CliError(`cannot read ${file}: it is a directory`);
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
