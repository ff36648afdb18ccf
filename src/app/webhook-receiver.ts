/**
 * The App's webhook endpoint, in place of @octokit/webhooks' Node middleware.
 *
 * It answers as that middleware does (404 for another method on the webhook
 * path, 415 for a body that is not JSON, 400 for a missing GitHub header or a
 * body that does not parse, 202 "still processing" past 9 s, the handlers'
 * status on failure, 200 "ok" once they are done) and hands the event to the
 * same `webhooks.receive`, with its name and delivery id, so Probot's handlers
 * and error logging see what they always did. What differs is memory: that
 * middleware holds the body's text until the answer, next to the payload
 * parsed from it, and a delivery can wait seconds for its evaluation under
 * load; here the text is parsed and let go before the event is received, and
 * the signature is checked once, as the body streams in (src/app/body-limit.ts),
 * instead of twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'probot';
import { limitWebhookBodies, pathnameOf, trimSlashes, type LimitOptions } from './body-limit.js';

/** How long GitHub's delivery waits before the receiver answers 202 (GitHub gives up at 10 s). */
export const WEBHOOK_ANSWER_TIMEOUT_MS = 9_000;

const JSON_CONTENT_TYPE = /^\s*(application\/json)\s*(?:;|$)/u;
const REQUIRED_HEADERS = ['x-github-event', 'x-hub-signature-256', 'x-github-delivery'] as const;

export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

export interface ReceiverOptions extends Omit<LimitOptions, 'path' | 'secret'> {
  path: string;
  /** The webhook secret: every body's signature is checked against it before it is parsed. */
  secret: string;
  log: Pick<Logger, 'debug' | 'error'>;
  timeoutMs?: number;
}

type RequestWithBody = IncomingMessage & { body?: unknown };

export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<boolean>;

/**
 * A request handler for `webhooks` (Probot's `app.webhooks`): only signed JSON
 * bodies under the limits reach it. Another path is left to `next` (false).
 */
export function createWebhookReceiver(webhooks: { receive(event: WebhookEvent): Promise<void> }, options: ReceiverOptions): WebhookHandler {
  if (!options.secret) throw new Error('the webhook receiver needs the webhook secret');
  const path = trimSlashes(options.path);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_ANSWER_TIMEOUT_MS;
  const { log } = options;

  // Runs only once the guard has read the body and checked its signature.
  const receiveSigned = limitWebhookBodies(
    async (req: IncomingMessage, res: ServerResponse, _next?: () => void): Promise<boolean> => {
      const name = req.headers['x-github-event'] as string;
      const id = req.headers['x-github-delivery'] as string;
      log.debug(`${name} event received (id: ${id})`);
      const parsed = takePayload(req);
      if (!parsed.ok) {
        const error = Object.assign(new SyntaxError('Invalid JSON'), { status: 400 });
        log.error(new AggregateError([error], error.message));
        return respondJson(res, 400, { error: `${error.name}: ${error.message}` });
      }
      return await deliver(webhooks, { id, name, payload: parsed.payload }, res, timeoutMs, log);
    },
    { ...options, path, secret: options.secret },
  );

  return async (req, res, next) => {
    if (trimSlashes(pathnameOf(req.url)) !== path) {
      next?.();
      return false;
    }
    if (req.method !== 'POST') return respondJson(res, 404, { error: `Unknown route: ${req.method} ${pathnameOf(req.url)}` });
    const contentType = req.headers['content-type'];
    if (typeof contentType !== 'string' || !JSON_CONTENT_TYPE.test(contentType)) {
      return respondJson(res, 415, { error: 'Unsupported "Content-Type" header value. Must be "application/json"' }, { accept: 'application/json' });
    }
    const missing = REQUIRED_HEADERS.filter((h) => req.headers[h] === undefined);
    if (missing.length > 0) return respondJson(res, 400, { error: `Required headers missing: ${missing.join(', ')}` }, { accept: 'application/json' });
    try {
      return await receiveSigned(req, res, next);
    } catch (error) {
      // Not the handlers' failure (deliver answers those): the request itself broke.
      log.error(error);
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
      return true;
    }
  };
}

/** The parsed body; the text goes with the request, so nothing holds it while the event is handled. */
function takePayload(req: RequestWithBody): { ok: true; payload: unknown } | { ok: false } {
  const text = req.body;
  req.body = undefined;
  if (typeof text !== 'string') return { ok: false };
  try {
    return { ok: true, payload: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

async function deliver(
  webhooks: { receive(event: WebhookEvent): Promise<void> },
  event: WebhookEvent,
  res: ServerResponse,
  timeoutMs: number,
  log: Pick<Logger, 'error'>,
): Promise<boolean> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (!res.headersSent) res.writeHead(202, { 'content-type': 'text/plain', accept: 'application/json' }).end('still processing\n');
  }, timeoutMs);
  try {
    await webhooks.receive(event);
    clearTimeout(timer);
    if (!timedOut) respond(res, 200, 'ok\n', { 'content-type': 'text/plain', accept: 'application/json' });
  } catch (error) {
    clearTimeout(timer);
    if (timedOut) return true;
    // `receive` rejects with an AggregateError of the handlers' errors; the first one's status is the answer.
    const first = (error instanceof AggregateError ? [...(error.errors as unknown[])][0] : error) as
      { name?: string; message?: string; status?: unknown } | undefined;
    const message = first?.message ? `${first.name}: ${first.message}` : 'Error: An Unspecified error occurred';
    const status = typeof first?.status === 'number' ? first.status : 500;
    log.error(error);
    respondJson(res, status, { error: message }, { accept: 'application/json' });
  }
  return true;
}

function respondJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  return respond(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

function respond(res: ServerResponse, status: number, body: string, headers: Record<string, string>): true {
  if (!res.headersSent && !res.destroyed) res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) }).end(body);
  return true;
}
