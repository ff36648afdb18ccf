/** `proofgate verify-receipt FILE`: recompute a receipt's digest and compare. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyReceipt } from '../receipt/json.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';

export const VERIFY_RECEIPT_HELP = `Usage: proofgate verify-receipt FILE

Recomputes the sha256 digest of a receipt (written by \`proofgate check
--format json\`, the App or the Action) and compares it with the one it states.
The digest shows the receipt is intact, not who wrote it: compare it with the
\`external_id\` of the proofgate check run on the head commit to know that
proofgate produced it.

  FILE          the receipt JSON
  -h, --help    show this help

Exit codes: 0 the digest matches, 1 it does not (the receipt was edited), 2 FILE unreadable or not a receipt.
`;

export async function verifyReceiptCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('verify-receipt', argv, {}, 1);
  if (values.help) {
    io.stdout.write(VERIFY_RECEIPT_HELP);
    return EXIT.success;
  }
  const file = positionals[0];
  if (!file) throw new CliError('verify-receipt needs a FILE', 'run `proofgate verify-receipt --help` for usage');

  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`cannot read ${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`cannot read ${file}: it is a directory`, 'pass the receipt JSON file, e.g. proofgate-receipt-12.json');
    throw new CliError(`cannot read ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  let receipt: unknown;
  try {
    receipt = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not JSON: ${(err as Error).message}`);
  }

  const result = verifyReceipt(receipt);
  if (result.ok) {
    println(io.stdout, `ok ${result.expected}`);
    return EXIT.success;
  }
  if (result.reason?.startsWith('digest mismatch')) {
    println(io.stderr, `digest mismatch: expected ${result.expected} got ${result.actual} (${file} was changed after it was written)`);
    return EXIT.failure;
  }
  throw new CliError(`${file}: ${result.reason ?? 'not a valid receipt'}`);
}
