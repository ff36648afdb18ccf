/** `proofgate statement RECEIPT`: the receipt as an in-toto Statement v1, for a signer. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { receiptStatement, RECEIPT_PREDICATE_TYPE, statementProblems } from '../receipt/in-toto.js';
import { verifyReceipt, type Receipt } from '../receipt/json.js';
import { parseCommandArgs } from './args.js';
import { parseReceiptBytes } from './verify-receipt.js';
import { CliError, EXIT, println, type CliIo } from './io.js';

export const STATEMENT_HELP = `Usage: proofgate statement RECEIPT [--name NAME]

Prints the receipt as an in-toto Statement v1: subjects are the head commit
(digest gitCommit) and the receipt file (digest sha256 of its bytes as they
are on disk), the predicate is the receipt, the predicateType is
${RECEIPT_PREDICATE_TYPE}
Sign it with a tool that takes a statement; GitHub's actions/attest takes the
receipt file as subject-path and as predicate-path instead (see the README).

  RECEIPT       the receipt JSON (its digest must verify)
  --name NAME   the receipt subject's name (default: the file's base name)
  -h, --help    show this help
`;

export async function statementCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('statement', argv, { name: { type: 'string' } }, 1);
  if (values.help) {
    io.stdout.write(STATEMENT_HELP);
    return EXIT.success;
  }
  const file = positionals[0];
  if (!file) throw new CliError('statement needs a RECEIPT file', 'run `proofgate statement --help` for usage');
  let bytes: Buffer;
  try {
    bytes = await readFile(path.resolve(io.cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const receipt = parseReceiptBytes(bytes, file);
  // A statement vouches for the receipt: never for one whose digest does not hold.
  const verified = verifyReceipt(receipt);
  if (!verified.ok) throw new CliError(`${file}: ${verified.reason ?? 'not a valid receipt'}`, 'a statement is made only for an intact receipt', EXIT.failure);
  const statement = receiptStatement(receipt as Receipt, bytes, values.name ?? path.basename(file));
  const problems = statementProblems(statement);
  if (problems.length > 0) throw new CliError(`the statement would not be a valid in-toto Statement v1: ${problems.join('; ')}`);
  println(io.stdout, JSON.stringify(statement, null, 2));
  return EXIT.success;
}
