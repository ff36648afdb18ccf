/**
 * Errors the Action reports as one `::error` line, without a stack trace:
 * the message names the cause and the fix.
 */
export class ActionError extends Error {
  override name = 'ActionError';
  /** Where the problem is, for an annotation (`::error file=…,line=…,col=…`). */
  readonly location: { file: string; line: number; column: number } | null;

  constructor(message: string, options: { cause?: unknown; location?: { file: string; line: number; column: number } } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.location = options.location ?? null;
  }
}
