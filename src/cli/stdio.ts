/**
 * The process's own output streams, for bin/proofgate.js. A reader that stops
 * early (`proofgate check --format json | head`) closes the pipe: the rest of
 * the output has nowhere to go, and that is not a failure of the check, so the
 * command ends quietly with the verdict's exit code instead of an EPIPE trace.
 */

/** Errors that mean the reader went away. */
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

export interface OutputStream {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Swallows a closed pipe on `stream`; any other write error is reported once
 * through `onOtherError` (the process still ends with a non-zero code).
 */
export function quietOnClosedPipe(stream: OutputStream, onOtherError: (error: NodeJS.ErrnoException) => void): void {
  stream.on('error', (error) => {
    if (typeof error?.code === 'string' && CLOSED.has(error.code)) return;
    onOtherError(error);
  });
}
