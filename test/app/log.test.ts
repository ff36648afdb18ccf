/**
 * The App's request log (src/app/log.ts): Probot's pino-http line per request
 * at `debug` when the request was answered below 400 within a second, at
 * `info` otherwise. Real pino and pino-http (as Probot's server uses them) on a
 * real HTTP server over loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import { quietRequestLog, routineRequest, SLOW_REQUEST_MS } from '../../src/app/log.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server logging each request as Probot's does (a child named `http` of the App's logger), at `level`. */
interface Line {
  level: number;
  msg: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
}

async function loggedServer(level: string, serialized: string[] = []): Promise<{ origin: string; lines: Line[] }> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  const log = quietRequestLog(pino({ level }, sink));
  const logRequest = pinoHttp({
    logger: log.child({ name: 'http' }),
    customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    serializers: {
      req: (req: { method: string; url: string }) => {
        serialized.push(req.url);
        return { method: req.method, url: req.url };
      },
    },
  });
  const server = http.createServer((req, res) => {
    logRequest(req, res);
    const status = Number(req.url!.slice(1).split('?')[0]);
    const wait = req.url!.includes('slow') ? SLOW_REQUEST_MS + 50 : 0;
    setTimeout(() => res.writeHead(status).end(), wait);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

async function settle(lines: unknown[], count: number): Promise<void> {
  for (let waited = 0; lines.length < count && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
}

describe('the request log', () => {
  it('keeps failed, refused and slow requests at info, and leaves out the routine ones', async () => {
    const { origin, lines } = await loggedServer('info');
    for (const path of ['/200', '/204', '/302', '/400', '/401', '/500', '/200?slow']) await fetch(`${origin}${path}`, { redirect: 'manual' });
    await settle(lines, 4);
    // pino-http's own message for an error status; customSuccessMessage for the others.
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'GET /400 400'],
      [30, 'GET /401 401'],
      [30, 'request errored'],
      [30, 'GET /200?slow 200'],
    ]);
    // Each with its request and response, as pino-http binds them.
    expect(lines.map((l) => [l.req?.method, l.req?.url, l.res?.statusCode])).toEqual([
      ['GET', '/400', 400],
      ['GET', '/401', 401],
      ['GET', '/500', 500],
      ['GET', '/200?slow', 200],
    ]);
  });

  it('logs the routine requests at debug', async () => {
    const { origin, lines } = await loggedServer('debug');
    for (const path of ['/200', '/500']) await fetch(`${origin}${path}`);
    await settle(lines, 2);
    expect(lines.map((l) => [l.level, l.msg, l.req?.url])).toEqual([
      [20, 'GET /200 200', '/200'],
      [30, 'request errored', '/500'],
    ]);
  });

  it('writes the request into a line only for the lines it logs', async () => {
    const serialized: string[] = [];
    const { origin, lines } = await loggedServer('info', serialized);
    for (const path of ['/200', '/204', '/404']) await fetch(`${origin}${path}`);
    await settle(lines, 1);
    expect(serialized).toEqual(['/404']);
  });

  it('leaves the other loggers as they are', () => {
    const lines: string[] = [];
    const log = quietRequestLog(pino({ level: 'info' }, { write: (line: string) => lines.push(line) }));
    log.child({ name: 'probot' }).info({ res: { statusCode: 200 }, responseTime: 1 }, 'an evaluation');
    log.info('started');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['an evaluation', 'started']);
  });

  it('counts as routine only a line with a status below 400, a time under a second and no error', () => {
    expect(routineRequest({ res: { statusCode: 399 }, responseTime: SLOW_REQUEST_MS - 1 })).toBe(true);
    expect(routineRequest({ res: { statusCode: 400 }, responseTime: 0 })).toBe(false);
    expect(routineRequest({ res: { statusCode: 200 }, responseTime: SLOW_REQUEST_MS })).toBe(false);
    expect(routineRequest({ res: { statusCode: 200 }, responseTime: 1, err: new Error('x') })).toBe(false);
    expect(routineRequest({ res: {}, responseTime: 1 })).toBe(false);
    expect(routineRequest('GET / 200')).toBe(false);
  });
});
