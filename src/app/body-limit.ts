/**
 * Limits on webhook request bodies, for the App's webhook receiver
 * (src/app/webhook-receiver.ts): without them anyone who can reach the server
 * could make it buffer gigabytes of unsigned data before a signature is checked.
 *
 * - Per request: GitHub caps webhook payloads at 25 MB; anything larger
 *   cannot be from GitHub (413).
 * - Across requests: the bytes being read at once share one budget (default
 *   50 MiB, two of GitHub's largest payloads). A request that does not fit is
 *   refused with 503 before it is read (or as soon as a chunked body passes
 *   what is left), so memory stays bounded however many arrive together.
 * - Signature: with the webhook secret, a request without a well-formed
 *   `X-Hub-Signature-256` is refused before it is read, and the HMAC is
 *   computed as the body streams in: a body that does not match (401) is
 *   dropped without ever being decoded or parsed. Bodies are never logged.
 *
 * The guard reads the body itself and hands a signed one on as `req.body`, a
 * string, which the receiver parses without checking the signature again. A
 * body a host framework already read is checked on the `rawBody` bytes or the
 * `body` text it kept; one it only parsed is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatBytes } from '../text.js';

/** GitHub's cap on webhook payloads. */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;
/** Bytes of webhook bodies read at once across all requests, by default. */
export const MAX_WEBHOOK_BYTES_IN_FLIGHT = 50 * 1024 * 1024;

/** The bytes being read across requests: taken as they arrive, given back when a request is done. */
export class ByteBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<boolean> | boolean;

export interface LimitOptions {
  /** The webhook path; other requests pass through unread. */
  path: string;
  maxBytes?: number;
  /** How long reading a body may take; a slower one is cut off (GitHub sends its whole payload at once). */
  readTimeoutMs?: number;
  /**
   * Told about each request refused for its size, for one log line (no body
   * content): `declared` when the size is the Content-Length header, else the
   * bytes counted.
   */
  onReject?: (info: { bytes: number; declared: boolean }) => void;
  /** Bytes read at once across requests; over it a request gets 503. */
  maxBytesInFlight?: number;
  /** Shared by several guards (tests pass one to watch it). */
  budget?: ByteBudget;
  /**
   * The webhook secret: signatures are checked as bodies stream in (or, for a
   * body a host framework already read, on the `rawBody` bytes or `body` text it
   * kept, before it is handed on), and no body whose signature was not checked
   * reaches the handler. Without it, they are left to the handler.
   */
  secret?: string | null;
  /** Told about each request refused for the budget or its signature (no body content). */
  onRefuse?: (info: { status: number; reason: string }) => void;
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
const MALFORMED_SIGNATURE = 'missing or malformed X-Hub-Signature-256 header';
const SIGNATURE_MISMATCH = 'signature does not match the body and the webhook secret';

/** The HMAC the request's `X-Hub-Signature-256` claims, or null when it is missing or malformed. */
function signatureOf(req: IncomingMessage): Buffer | null {
  const header = req.headers['x-hub-signature-256'];
  const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
  return match ? Buffer.from(match[1]!, 'hex') : null;
}

type RequestWithBody = IncomingMessage & { body?: unknown; rawBody?: unknown };

/**
 * A body a host framework already read: the exact bytes it kept as `rawBody`
 * (Google Cloud Functions and others, next to the object they parsed), else a
 * `body` it kept as text; null when there is neither.
 */
function heldBody(req: RequestWithBody): Uint8Array | string | null {
  if (req.rawBody instanceof Uint8Array) return req.rawBody;
  if (typeof req.body === 'string') return req.body;
  return null;
}

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/**
 * Wraps a webhook handler: a POST to `path` whose body is over `maxBytes`
 * gets 413 and never reaches it. A declared Content-Length over the cap is
 * refused without reading the body; a chunked body is cut off (the request
 * destroyed) as soon as it passes the cap.
 */
export function limitWebhookBodies<H extends NodeHandler>(handler: H, options: LimitOptions): H {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const budget = options.budget ?? new ByteBudget(options.maxBytesInFlight ?? MAX_WEBHOOK_BYTES_IN_FLIGHT);
  const secret = options.secret || null;
  const path = trimSlashes(options.path);
  const guarded = async (req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<boolean> => {
    if (req.method !== 'POST' || trimSlashes(pathnameOf(req.url)) !== path) return handler(req, res, next);
    const withBody = req as RequestWithBody;
    // A host framework may already have read the body (serverless platforms often do).
    const preRead = heldBody(withBody);
    if (preRead !== null) {
      const bytes = typeof preRead === 'string' ? Buffer.byteLength(preRead, 'utf8') : preRead.byteLength;
      if (bytes > maxBytes) return refuse(req, res, maxBytes, bytes, false, options);
      if (secret) {
        const expected = signatureOf(req);
        if (!expected) return answer(req, res, 400, MALFORMED_SIGNATURE, options);
        const hmac = createHmac('sha256', secret);
        if (typeof preRead === 'string') hmac.update(preRead, 'utf8');
        else hmac.update(preRead);
        if (!signatureMatches(hmac.digest(), expected)) return answer(req, res, 401, SIGNATURE_MISMATCH, options);
      }
      // The exact bytes' text, for the handler to parse: whatever the framework parsed from them is not trusted.
      if (typeof preRead !== 'string') withBody.body = decodeUtf8(preRead);
      return handler(req, res, next);
    }
    if (withBody.body !== undefined || req.readableEnded) {
      // Parsed already without the bytes it came from, or read by someone else: no text to check a signature against.
      if (secret) return answer(req, res, 400, 'the request body was already read, so its signature cannot be checked', options);
      return handler(req, res, next);
    }

    const declaredHeader = req.headers['content-length'];
    const declared = declaredHeader === undefined ? Number.NaN : Number(declaredHeader);
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(req, res, maxBytes, declared, true, options);

    const expected = secret ? signatureOf(req) : null;
    if (secret && !expected) return answer(req, res, 400, MALFORMED_SIGNATURE, options);
    // A declared body takes its whole size from the budget before a byte is read.
    const reserved = Number.isFinite(declared) ? declared : 0;
    if (!budget.take(reserved)) {
      return answer(req, res, 503, 'too many webhook bytes are being read at once; send again later', options);
    }
    const hmac = secret ? createHmac('sha256', secret) : null;
    let body: Read;
    try {
      body = await readCapped(req, maxBytes, options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS, budget, reserved, hmac);
    } catch (error) {
      budget.give(reserved);
      throw error;
    }
    if (body.kind !== 'ok') budget.give(body.held);
    if (body.kind === 'too-large') return refuse(req, res, maxBytes, body.bytes, false, options);
    if (body.kind === 'over-budget') return answer(req, res, 503, 'too many webhook bytes are being read at once; send again later', options);
    if (body.kind === 'too-slow') {
      if (!res.headersSent && !res.destroyed)
        res.writeHead(408, { 'content-type': 'text/plain', connection: 'close' }).end('the request body took too long\n', () => req.destroy());
      else req.destroy();
      return true;
    }
    if (body.kind === 'failed') {
      // The client went away or the stream broke; there is no one to answer.
      if (!res.headersSent && !res.destroyed)
        res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('could not read the request body\n');
      return true;
    }
    const held = body.held;
    try {
      if (hmac && expected) {
        if (!signatureMatches(hmac.digest(), expected)) {
          return answer(req, res, 401, SIGNATURE_MISMATCH, options);
        }
      }
      withBody.body = decodeUtf8(body.data);
      body.data = Buffer.alloc(0);
      return await handler(req, res, next);
    } finally {
      budget.give(held);
    }
  };
  return guarded as H;
}

/** A held-open connection trickling a body cannot keep up to 25 MiB buffered for long. */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;

/** `held`: the bytes taken from the budget, to give back. */
type Read = { held: number } & (
  { kind: 'ok'; data: Buffer } | { kind: 'too-large'; bytes: number } | { kind: 'over-budget' } | { kind: 'too-slow' } | { kind: 'failed' }
);

function readCapped(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
  budget: ByteBudget,
  reserved: number,
  hmac: ReturnType<typeof createHmac> | null,
): Promise<Read> {
  return new Promise<Read>((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let held = reserved;
    const timer = setTimeout(() => {
      chunks.length = 0;
      req.pause();
      done({ kind: 'too-slow', held });
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
        done({ kind: 'too-large', bytes, held });
        return;
      }
      if (bytes > held) {
        // A chunked body (or one longer than declared) takes from the budget as it grows.
        if (!budget.take(bytes - held)) {
          chunks.length = 0;
          req.pause();
          done({ kind: 'over-budget', held });
          return;
        }
        held = bytes;
      }
      hmac?.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const data = Buffer.concat(chunks, bytes);
      chunks.length = 0;
      done({ kind: 'ok', data, held });
    };
    const onError = (): void => done({ kind: 'failed', held });
    const onClose = (): void => {
      if (!req.complete) done({ kind: 'failed', held });
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

/** An early answer that ends the connection, so the rest of the body is never read. */
function answer(req: IncomingMessage, res: ServerResponse, status: number, message: string, options: LimitOptions): true {
  options.onRefuse?.({ status, reason: message });
  if (!res.headersSent && !res.destroyed) {
    const headers: Record<string, string> = { 'content-type': 'text/plain', connection: 'close' };
    if (status === 503) headers['retry-after'] = '5';
    res.writeHead(status, headers);
    res.end(`${message}\n`, () => req.destroy());
  } else {
    req.destroy();
  }
  return true;
}

/** In constant time, so the answer's timing does not tell a forger how much of a signature was right. */
function signatureMatches(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

export function trimSlashes(p: string): string {
  return p.replace(/\/+$/, '') || '/';
}
