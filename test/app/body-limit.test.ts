/** The webhook body cap in front of Probot's webhook middleware, on a plain node:http server. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteBudget, limitWebhookBodies, MAX_WEBHOOK_BODY_BYTES } from '../../src/app/body-limit.js';
import { rawPost } from './support/raw-post.js';

const LIMIT = 1024 * 1024;
let server: Server;
let url: string;
const seen: Array<{ url: string; body: unknown }> = [];
const rejected: Array<{ bytes: number; declared: boolean }> = [];

beforeAll(async () => {
  const handler = limitWebhookBodies(
    async (req: IncomingMessage, res) => {
      const body = (req as IncomingMessage & { body?: unknown }).body;
      seen.push({ url: req.url ?? '', body });
      res.writeHead(200).end(typeof body === 'string' ? `read ${body.length}` : 'unread');
      return true;
    },
    { path: '/api/github/webhooks', maxBytes: LIMIT, onReject: (r) => rejected.push(r) },
  );
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('limitWebhookBodies', () => {
  it("is GitHub's 25 MB webhook payload cap by default", () => {
    expect(MAX_WEBHOOK_BODY_BYTES).toBe(25 * 1024 * 1024);
  });

  it('hands a body under the cap to the handler as a string', async () => {
    seen.length = 0;
    const body = JSON.stringify({ action: 'opened', text: 'é'.repeat(1000) });
    const res = await fetch(`${url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ url: '/api/github/webhooks', body }]);
  });

  it('answers 413 to a declared Content-Length over the cap without reading or calling the handler', async () => {
    seen.length = 0;
    rejected.length = 0;
    const res = await rawPost(`${url}/api/github/webhooks`, { declared: 30 * 1024 * 1024 });
    expect(res.status).toBe(413);
    expect(res.elapsedMs).toBeLessThan(1000);
    expect(seen).toEqual([]);
    expect(rejected).toEqual([{ bytes: 30 * 1024 * 1024, declared: true }]);
  });

  it('cuts off a chunked body as soon as it passes the cap', async () => {
    seen.length = 0;
    rejected.length = 0;
    const res = await rawPost(`${url}/api/github/webhooks`, { chunkedMiB: 64 });
    // The answer is 413, unless the connection was reset before the client read it.
    expect([413, null]).toContain(res.status);
    expect(res.bytesSent).toBeLessThan(16 * 1024 * 1024);
    expect(seen).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ declared: false });
    expect(rejected[0]!.bytes).toBeGreaterThan(LIMIT);
    expect(rejected[0]!.bytes).toBeLessThanOrEqual(LIMIT + 64 * 1024);
  });

  it('leaves other paths and methods unread', async () => {
    seen.length = 0;
    const other = await fetch(`${url}/elsewhere`, { method: 'POST', body: 'x'.repeat(2 * LIMIT) });
    expect(await other.text()).toBe('unread');
    const get = await fetch(`${url}/api/github/webhooks`);
    expect(await get.text()).toBe('unread');
    expect(seen.map((s) => s.body)).toEqual([undefined, undefined]);
  });

  it('checks a body a host framework already read', async () => {
    rejected.length = 0;
    const handler = limitWebhookBodies(async (_req: IncomingMessage, _res: ServerResponse) => true, {
      path: '/hook',
      maxBytes: 10,
      onReject: (r) => rejected.push(r),
    });
    let status = 0;
    const res = {
      headersSent: false,
      destroyed: false,
      writeHead(code: number) {
        status = code;
        return this;
      },
      end(_m: string, cb: () => void) {
        cb();
        return this;
      },
    };
    const req = { method: 'POST', url: '/hook', headers: {}, body: 'x'.repeat(11), destroy() {} };
    await handler(req as never, res as never);
    expect(status).toBe(413);
    expect(rejected).toEqual([{ bytes: 11, declared: false }]);
  });
});

describe('a body a host framework already read, with the webhook secret', () => {
  const SECRET = 'pre-read-secret';

  /** Runs the guard on a request whose body a framework read before it: the status answered and whether the handler ran. */
  async function guardPreRead(body: unknown, signature: string | undefined): Promise<{ status: number; handled: boolean }> {
    let handled = false;
    const handler = limitWebhookBodies(
      async (_req: IncomingMessage, _res: ServerResponse) => {
        handled = true;
        return true;
      },
      { path: '/hook', secret: SECRET },
    );
    let status = 200;
    const res = {
      headersSent: false,
      destroyed: false,
      writeHead(code: number) {
        status = code;
        return this;
      },
      end(_m: string, cb?: () => void) {
        cb?.();
        return this;
      },
    };
    const headers = signature === undefined ? {} : { 'x-hub-signature-256': signature };
    await handler({ method: 'POST', url: '/hook', headers, body, destroy() {} } as never, res as never);
    return { status, handled };
  }

  const text = JSON.stringify({ action: 'opened', number: 1 });
  const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('hands the text on only when its signature matches', async () => {
    expect(await guardPreRead(text, sign(text))).toEqual({ status: 200, handled: true });
    expect(await guardPreRead(text, sign(text, 'not-the-secret'))).toEqual({ status: 401, handled: false });
    expect(await guardPreRead(text.replace('1', '2'), sign(text))).toEqual({ status: 401, handled: false });
    expect(await guardPreRead(text, undefined)).toEqual({ status: 400, handled: false });
  });

  it('refuses a body already parsed, whose signature cannot be checked', async () => {
    expect(await guardPreRead({ action: 'opened' }, sign(text))).toEqual({ status: 400, handled: false });
  });
});

describe('a body that never finishes', () => {
  it('is cut off with 408 after the read timeout, without reaching the handler', async () => {
    let called = false;
    const handler = limitWebhookBodies(
      async (_req: IncomingMessage, res: ServerResponse) => {
        called = true;
        res.writeHead(200).end();
        return true;
      },
      { path: '/api/github/webhooks', readTimeoutMs: 200 },
    );
    const slow = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { port } = slow.address() as AddressInfo;
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        // Declares 1,000 bytes, sends 10, then waits.
        socket.write('POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":"bcd"');
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(called).toBe(false);
    slow.closeAllConnections();
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });
});

describe('bytes in flight across requests, and signatures checked as bodies stream', () => {
  const SECRET = 'stream-secret';
  const MiB = 1024 * 1024;

  async function serve(options: { budgetBytes: number; secret?: string }) {
    const budget = new ByteBudget(options.budgetBytes);
    const handled: string[] = [];
    const refused: Array<{ status: number; reason: string }> = [];
    const handler = limitWebhookBodies(
      async (req: IncomingMessage, res: ServerResponse) => {
        handled.push((req as IncomingMessage & { body?: string }).body ?? '');
        res.writeHead(200).end('ok');
        return true;
      },
      { path: '/api/github/webhooks', maxBytes: 4 * MiB, budget, secret: options.secret ?? SECRET, onRefuse: (r) => refused.push(r) },
    );
    const s = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    return {
      base,
      budget,
      handled,
      refused,
      close: async () => {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      },
    };
  }

  function signed(body: string, secret = SECRET): Record<string, string> {
    return { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
  }

  it('answers 503 to bodies that do not fit in the shared budget, before reading them, and gives the budget back', async () => {
    const server = await serve({ budgetBytes: 2 * MiB });
    try {
      // Four 1 MiB bodies declared at once, each held open (nothing sent): two fit, two are refused unread.
      const results = await Promise.all([0, 1, 2, 3].map(() => rawPost(`${server.base}/api/github/webhooks`, { declared: MiB, holdMs: 300 })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 503)).toHaveLength(2);
      expect(server.refused.filter((r) => r.status === 503)).toHaveLength(2);
      expect(server.budget.inUse).toBe(0);
      // The budget is free again: a signed body is handled.
      const body = JSON.stringify({ zen: 'ok' });
      const res = await fetch(`${server.base}/api/github/webhooks`, { method: 'POST', headers: signed(body), body });
      expect(res.status).toBe(200);
      expect(server.handled).toEqual([body]);
    } finally {
      await server.close();
    }
  });

  it('cuts off a chunked body once it passes what is left of the budget', async () => {
    const server = await serve({ budgetBytes: 2 * MiB });
    try {
      const res = await rawPost(`${server.base}/api/github/webhooks`, { chunkedMiB: 3 });
      expect([503, null]).toContain(res.status);
      expect(server.refused.map((r) => r.status)).toEqual([503]);
      expect(server.handled).toEqual([]);
      expect(server.budget.inUse).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses a missing signature unread (400) and a wrong one (401) without handing the body on', async () => {
    const server = await serve({ budgetBytes: 8 * MiB });
    try {
      const body = JSON.stringify({ action: 'opened', secret: 'x'.repeat(1000) });
      const unsigned = await fetch(`${server.base}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(unsigned.status).toBe(400);
      const forged = await fetch(`${server.base}/api/github/webhooks`, { method: 'POST', headers: signed(body, 'not-the-secret'), body });
      expect(forged.status).toBe(401);
      expect(server.handled).toEqual([]);
      const good = await fetch(`${server.base}/api/github/webhooks`, { method: 'POST', headers: signed(body), body });
      expect(good.status).toBe(200);
      expect(server.handled).toEqual([body]);
      // Nothing the sender wrote is in what the guard reports.
      expect(JSON.stringify(server.refused)).not.toContain('xxxx');
      expect(server.budget.inUse).toBe(0);
    } finally {
      await server.close();
    }
  });
});
