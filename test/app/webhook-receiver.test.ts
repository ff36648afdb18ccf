/**
 * The webhook receiver (src/app/webhook-receiver.ts) on a real node:http
 * server over loopback, with a recording stand-in for Probot's webhooks: what
 * reaches `receive`, what GitHub is answered, and that a forged or altered
 * body never reaches it.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver, type WebhookEvent } from '../../src/app/webhook-receiver.js';

const SECRET = 'receiver-secret';
const PATH = '/api/github/webhooks';

const received: WebhookEvent[] = [];
const logged: unknown[] = [];
/** What `req.body` held while `receive` ran, per delivery. */
const bodyDuringReceive: unknown[] = [];
let behaviour: (event: WebhookEvent) => Promise<void> = async () => {};
let current: IncomingMessage | null = null;
let server: Server;
let url: string;

beforeAll(async () => {
  const receiver = createWebhookReceiver(
    {
      receive: async (event) => {
        received.push(event);
        bodyDuringReceive.push((current as IncomingMessage & { body?: unknown }).body);
        await behaviour(event);
      },
    },
    { path: PATH, secret: SECRET, timeoutMs: 300, log: { debug: () => {}, error: (e: unknown) => void logged.push(e) } },
  );
  server = createServer((req, res) => {
    current = req;
    void receiver(req, res, () => res.writeHead(404).end('not a webhook'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  logged.length = 0;
  bodyDuringReceive.length = 0;
  behaviour = async () => {};
});

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function post(body: string, headers: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-github-event': 'pull_request',
    'x-github-delivery': 'delivery-1',
    'x-hub-signature-256': sign(body),
    ...headers,
  };
  const res = await fetch(`${url}${PATH}`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined)),
    body,
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

const payload = { action: 'opened', number: 7, installation: { id: 1 }, note: 'é, and a line\nbreak' };

describe('the webhook receiver', () => {
  it('hands a signed event to receive with its name, delivery id and parsed payload, then answers 200 ok', async () => {
    const res = await post(JSON.stringify(payload), { 'x-github-event': 'pull_request_review', 'x-github-delivery': 'abc-123' });
    expect(res).toEqual({ status: 200, text: 'ok\n', type: 'text/plain' });
    expect(received).toEqual([{ id: 'abc-123', name: 'pull_request_review', payload }]);
  });

  it('does not keep the body text on the request while the event is handled', async () => {
    await post(JSON.stringify(payload));
    expect(received).toHaveLength(1);
    expect(bodyDuringReceive).toEqual([undefined]);
  });

  it('refuses a body signed with another secret (401) without receiving it', async () => {
    const body = JSON.stringify(payload);
    const res = await post(body, { 'x-hub-signature-256': sign(body, 'not-the-secret') });
    expect(res.status).toBe(401);
    expect(received).toEqual([]);
  });

  it('refuses a body changed after it was signed (401), even by one character of the same length', async () => {
    const body = JSON.stringify(payload);
    const altered = body.replace('"number":7', '"number":8');
    expect(altered).not.toBe(body);
    const res = await post(altered, { 'x-hub-signature-256': sign(body) });
    expect(res.status).toBe(401);
    expect(received).toEqual([]);
  });

  it('refuses a missing, SHA-1 or malformed signature (400) without receiving it', async () => {
    const body = JSON.stringify(payload);
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`;
    for (const signature of [undefined, sha1, 'sha256=', `${sign(body)}00`, sign(body).replace('sha256=', 'sha512=')]) {
      const res = await post(body, { 'x-hub-signature-256': signature });
      expect(res.status).toBe(400);
    }
    expect(received).toEqual([]);
  });

  it('answers as @octokit/webhooks does to a request that is not a GitHub JSON webhook', async () => {
    const body = JSON.stringify(payload);
    expect(await post(body, { 'content-type': 'text/plain' })).toMatchObject({
      status: 415,
      text: JSON.stringify({ error: 'Unsupported "Content-Type" header value. Must be "application/json"' }),
    });
    expect(await post(body, { 'x-github-event': undefined })).toMatchObject({
      status: 400,
      text: JSON.stringify({ error: 'Required headers missing: x-github-event' }),
    });
    const get = await fetch(`${url}${PATH}`);
    expect(get.status).toBe(404);
    expect(await get.text()).toBe(JSON.stringify({ error: `Unknown route: GET ${PATH}` }));
    expect(received).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON, and logs it', async () => {
    const res = await post('{"action": "opened",');
    expect(res).toMatchObject({ status: 400, text: JSON.stringify({ error: 'SyntaxError: Invalid JSON' }) });
    expect(received).toEqual([]);
    expect(logged).toHaveLength(1);
  });

  it("answers a handler's failure with its status (500 without one), and logs it", async () => {
    behaviour = async () => {
      throw new AggregateError([Object.assign(new Error('try again later'), { status: 503 })], 'try again later');
    };
    expect(await post(JSON.stringify(payload))).toMatchObject({ status: 503, text: JSON.stringify({ error: 'Error: try again later' }) });
    behaviour = async () => {
      throw new AggregateError([new TypeError('broken')], 'broken');
    };
    expect(await post(JSON.stringify(payload))).toMatchObject({ status: 500, text: JSON.stringify({ error: 'TypeError: broken' }) });
    expect(logged).toHaveLength(2);
  });

  it('answers 202 "still processing" when handling outlasts the timeout, and finishes handling', async () => {
    let finished = false;
    behaviour = async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      finished = true;
    };
    const res = await post(JSON.stringify(payload));
    expect(res).toMatchObject({ status: 202, text: 'still processing\n' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(finished).toBe(true);
  });

  it('leaves other paths to the host', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('not a webhook');
  });

  it('refuses to be built without a secret', () => {
    expect(() => createWebhookReceiver({ receive: async () => {} }, { path: PATH, secret: '', log: { debug: () => {}, error: () => {} } })).toThrow(/secret/);
  });
});
