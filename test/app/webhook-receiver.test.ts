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

describe('behind a host framework that already read and parsed the body (Cloud Functions and others)', () => {
  /**
   * A host that reads the whole body itself, keeps its exact bytes as
   * `req.rawBody` (a Buffer) and the object it parsed as `req.body`, as Google
   * Cloud Functions' framework does, then calls the receiver. `keepRaw: false`
   * is a host that keeps only the parsed object. The object it parses is marked,
   * so a test can tell whether the receiver used it or the bytes.
   */
  async function host(keepRaw: boolean, maxBytes?: number) {
    const seen: WebhookEvent[] = [];
    const receiver = createWebhookReceiver(
      { receive: async (event) => void seen.push(event) },
      { path: PATH, secret: SECRET, maxBytes, log: { debug: () => {}, error: () => {} } },
    );
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const framed = req as IncomingMessage & { body?: unknown; rawBody?: Buffer };
        framed.body = { ...(JSON.parse(raw.toString('utf8')) as object), parsedByHost: true };
        if (keepRaw) framed.rawBody = raw;
        void receiver(req, res, () => res.writeHead(404).end());
      });
    });
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const send = async (body: string, signature = sign(body)) => {
      const res = await fetch(`${base}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-raw', 'x-hub-signature-256': signature },
        body,
      });
      return { status: res.status, text: await res.text() };
    };
    const close = async () => {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    };
    return { seen, send, close };
  }

  it("checks the signature on the host's rawBody bytes and hands on the payload parsed from them", async () => {
    const h = await host(true);
    try {
      const res = await h.send(JSON.stringify(payload));
      expect(res).toEqual({ status: 200, text: 'ok\n' });
      // Parsed from the signed bytes: the host's object (marked) is not what is received.
      expect(h.seen).toEqual([{ id: 'd-raw', name: 'pull_request', payload }]);
    } finally {
      await h.close();
    }
  });

  it('refuses a rawBody whose signature does not match (401) without receiving it', async () => {
    const h = await host(true);
    try {
      const body = JSON.stringify(payload);
      expect((await h.send(body, sign(body, 'not-the-secret'))).status).toBe(401);
      expect((await h.send(body.replace('"number":7', '"number":8'), sign(body))).status).toBe(401);
      expect((await h.send(body, 'sha256=')).status).toBe(400);
      expect(h.seen).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('refuses a rawBody over the size limit (413) without receiving it', async () => {
    const h = await host(true, 64);
    try {
      const body = JSON.stringify({ ...payload, pad: 'x'.repeat(100) });
      const res = await h.send(body);
      expect(res.status).toBe(413);
      expect(res.text).toMatch(/over 64 bytes/);
      expect(h.seen).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('refuses a body the host parsed without keeping its bytes (400): there is nothing to check the signature on', async () => {
    const h = await host(false);
    try {
      const res = await h.send(JSON.stringify(payload));
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/signature cannot be checked/);
      expect(h.seen).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
