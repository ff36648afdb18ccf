/**
 * Oversized webhook requests over a raw socket: fetch cannot send a
 * Content-Length it does not mean to honour, and it hides when the server
 * answers before the body is sent.
 */
import { connect } from 'node:net';

export interface RawPostResult {
  /** The response's status code, or null when the connection closed without one. */
  status: number | null;
  /** Body bytes written before the server answered or closed the connection. */
  bytesSent: number;
  elapsedMs: number;
}

const MiB = 1024 * 1024;

/**
 * POSTs to `url` with webhook-shaped headers. `declared` sends that
 * Content-Length and no body at all; otherwise the body is sent chunked, 1 MiB
 * at a time, up to `chunkedMiB` MiB or until the server answers.
 */
export function rawPost(url: string, options: { declared: number; holdMs?: number } | { chunkedMiB: number }): Promise<RawPostResult> {
  const { hostname, port, pathname } = new URL(url);
  const started = Date.now();
  return new Promise<RawPostResult>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let bytesSent = 0;
    let answered = false;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
      socket.destroy();
      resolve({ status: match ? Number(match[1]) : null, bytesSent, elapsedMs: Date.now() - started });
    };
    socket.on('data', (d: Buffer) => {
      response += d.toString('latin1');
      if (/\r\n\r\n/.test(response)) {
        answered = true;
        finish();
      }
    });
    socket.on('close', finish);
    socket.on('error', () => finish());
    socket.setTimeout(30_000, () => reject(new Error('the server neither answered nor closed within 30 s')));
    socket.once(
      'connect',
      () =>
        void (async () => {
          const framing = 'declared' in options ? `content-length: ${options.declared}` : 'transfer-encoding: chunked';
          socket.write(
            `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n` +
              `x-github-event: pull_request\r\nx-github-delivery: raw-1\r\nx-hub-signature-256: sha256=${'0'.repeat(64)}\r\n${framing}\r\n\r\n`,
          );
          if ('declared' in options) {
            // Optionally hold the connection open, then send the declared body (a body the server waits for).
            if (options.holdMs !== undefined) {
              await new Promise((r) => setTimeout(r, options.holdMs));
              if (!answered && !socket.destroyed) socket.write(Buffer.alloc(options.declared, 0x20));
            }
            return;
          }
          const chunk = Buffer.alloc(MiB, 0x20);
          for (let i = 0; i < options.chunkedMiB && !answered && !socket.destroyed; i++) {
            socket.write(`${chunk.length.toString(16)}\r\n`);
            socket.write(chunk);
            const ok = socket.write('\r\n');
            bytesSent += chunk.length;
            if (!ok)
              await new Promise<void>((r) => {
                socket.once('drain', r);
                socket.once('close', r);
              });
          }
          if (!answered && !socket.destroyed) socket.write('0\r\n\r\n');
        })(),
    );
  });
}
