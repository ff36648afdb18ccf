/** The CLI's window on the world, passed in so tests can run commands in-process. */

export interface CliWriter {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdin: AsyncIterable<string | Buffer> & { isTTY?: boolean };
  stdout: CliWriter;
  stderr: CliWriter;
  /** The directory relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Exit codes: the conclusion's, or 2 for anything that stopped the command. */
export const EXIT = { success: 0, failure: 1, usage: 2, pending: 3 } as const;

/**
 * An error the user can fix (bad flag, missing file, unknown ref, invalid
 * policy). Printed as one line, with a hint, without a stack trace; exit 2.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly hint: string | null = null,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

export async function readAll(stream: AsyncIterable<string | Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function println(writer: CliWriter, text = ''): void {
  writer.write(text.endsWith('\n') ? text : `${text}\n`);
}
