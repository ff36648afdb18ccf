/**
 * Errors the Action reports as one `::error` line, without a stack trace:
 * the message names the cause and the fix.
 */
export class ActionError extends Error {
  override name = 'ActionError';
}
