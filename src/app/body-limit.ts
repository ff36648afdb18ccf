/**
 * A size cap on webhook request bodies, in front of Probot's webhook
 * middleware. @octokit/webhooks reads the whole body before it checks the
 * signature, so without a cap anyone who can reach the server could make it
 * buffer hundreds of megabytes of unsigned data. GitHub caps webhook payloads
 * at 25 MB; anything larger cannot be from GitHub.
 *
 * The guard reads the body itself (counting bytes as they arrive, for chunked
 * bodies without a Content-Length) and hands it on as `req.body`, a string,
 * which @octokit/webhooks uses instead of reading the stream again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatBytes } from '../text.js';

/** GitHub's cap on webhook payloads. */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<boolean> | boolean;

interface LimitOptions {
  /** The webhook path; other requests pass through unread. */
  path: string;
  maxBytes?: number;
  /** How long reading a body may take; a slower one is cut off (GitHub sends its whole payload at once). */
  readTimeoutMs?: number;
  /**
   * Told about each refused request, for one log line (no body content):
   * `declared` when the size is the Content-Length header, else the bytes counted.
   */
  onReject?: (info: { bytes: number; declared: boolean }) => void;
}

type RequestWithBody = IncomingMessage & { body?: unknown };

/**
 * Wraps a webhook handler: a POST to `path` whose body is over `maxBytes`
 * gets 413 and never reaches it. A declared Content-Length over the cap is
 * refused without reading the body; a chunked body is cut off (the request
 * destroyed) as soon as it passes the cap.
 */
export function limitWebhookBodies<H extends NodeHandler>(handler: H, options: LimitOptions): H {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const path = trimSlashes(options.path);
  const guarded = async (req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<boolean> => {
    if (req.method !== 'POST' || trimSlashes(pathnameOf(req.url)) !== path) return handler(req, res, next);
    const withBody = req as RequestWithBody;
    // A host framework may already have read the body (serverless platforms often do).
    if (typeof withBody.body === 'string') {
      const bytes = Buffer.byteLength(withBody.body, 'utf8');
      if (bytes > maxBytes) return refuse(req, res, maxBytes, bytes, false, options);
      return handler(req, res, next);
    }
    if (withBody.body !== undefined || req.readableEnded) return handler(req, res, next);

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(req, res, maxBytes, declared, true, options);

    const body = await readCapped(req, maxBytes, options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
    if (body.kind === 'too-large') return refuse(req, res, maxBytes, body.bytes, false, options);
    if (body.kind === 'too-slow') {
      if (!res.headersSent && !res.destroyed) res.writeHead(408, { 'content-type': 'text/plain', connection: 'close' }).end('the request body took too long\n', () => req.destroy());
      else req.destroy();
      return true;
    }
    if (body.kind === 'failed') {
      // The client went away or the stream broke; there is no one to answer.
      if (!res.headersSent && !res.destroyed) res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('could not read the request body\n');
      return true;
    }
    withBody.body = new TextDecoder('utf-8', { fatal: false }).decode(body.data);
    return handler(req, res, next);
  };
  return guarded as H;
}

/** A held-open connection trickling a body cannot keep up to 25 MiB buffered for long. */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;

type Read = { kind: 'ok'; data: Buffer } | { kind: 'too-large'; bytes: number } | { kind: 'too-slow' } | { kind: 'failed' };

function readCapped(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Read> {
  return new Promise<Read>((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const timer = setTimeout(() => {
      chunks.length = 0;
      req.pause();
      done({ kind: 'too-slow' });
    }, timeoutMs);
    const done = (result: Read): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        chunks.length = 0;
        // Stop reading now: nothing past the cap is buffered.
        req.pause();
        done({ kind: 'too-large', bytes });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done({ kind: 'ok', data: Buffer.concat(chunks, bytes) });
    const onError = (): void => done({ kind: 'failed' });
    const onClose = (): void => {
      if (!req.complete) done({ kind: 'failed' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, maxBytes: number, bytes: number, declared: boolean, options: LimitOptions): true {
  options.onReject?.({ bytes, declared });
  const message = `webhook body is over ${formatBytes(maxBytes)}, GitHub's limit for webhook payloads\n`;
  if (!res.headersSent && !res.destroyed) {
    // `connection: close`, then drop the connection once the answer is out, so
    // the rest of the body is never read.
    res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
    res.end(message, () => req.destroy());
  } else {
    req.destroy();
  }
  return true;
}


function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function trimSlashes(p: string): string {
  return p.replace(/\/+$/, '') || '/';
}
