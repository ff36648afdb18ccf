/**
 * proofgate's fetch (node:http/node:https instead of Node's undici fetch)
 * behaves as fetch does where Octokit and GitHub can tell: redirects,
 * compressed bodies, headers, failures. Real servers on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { Octokit } from '@octokit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { httpFetch } from '../../src/github/http-fetch.js';
import { nativeJson } from '../../src/github/native-json.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handle: (req: Seen, res: http.ServerResponse) => void): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      handle(request, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('httpFetch', () => {
  it('sends the method, headers and body, and answers with status, headers and the body', async () => {
    const { origin, seen } = await serve((_req, res) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('X-RateLimit-Remaining', '4999');
      res.end('{"ok":true}');
    });
    const response = await httpFetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { Authorization: 'token t', 'content-type': 'application/json' },
      body: '{"q":1}',
    });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/graphql', body: '{"q":1}' });
    expect(seen[0]?.headers['authorization']).toBe('token t');
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${origin}/graphql`);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect([...response.headers].find(([name]) => name === 'x-ratelimit-remaining')).toEqual(['x-ratelimit-remaining', '4999']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('decodes gzip, deflate and brotli bodies it asked for', async () => {
    const text = JSON.stringify({ files: Array.from({ length: 200 }, (_, i) => `src/file-${i}.ts`) });
    const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync };
    const { origin, seen } = await serve((req, res) => {
      const encoding = req.url.slice(1);
      res.setHeader('Content-Encoding', encoding);
      res.end(encoders[encoding]!(Buffer.from(text)));
    });
    for (const encoding of Object.keys(encoders)) {
      expect(await (await httpFetch(`${origin}/${encoding}`)).text()).toBe(text);
    }
    expect(seen[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('follows redirects as fetch does: 303 and POST-after-302 become GET, 307 keeps the method and body', async () => {
    const { origin, seen } = await serve((req, res) => {
      if (req.url === '/see-other' || req.url === '/found') res.writeHead(req.url === '/found' ? 302 : 303, { Location: '/landed' }).end();
      else if (req.url === '/temporary') res.writeHead(307, { Location: '/landed' }).end();
      else res.end(`${req.method} ${req.body}`);
    });
    const post = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' };
    expect(await (await httpFetch(`${origin}/see-other`, post)).text()).toBe('GET ');
    expect(await (await httpFetch(`${origin}/found`, post)).text()).toBe('GET ');
    const kept = await httpFetch(`${origin}/temporary`, post);
    expect(await kept.text()).toBe('POST payload');
    expect(kept.url).toBe(`${origin}/landed`);
    expect(kept.redirected).toBe(true);
    expect(seen.filter((r) => r.url === '/landed').map((r) => r.headers['content-type'])).toEqual([undefined, undefined, 'text/plain']);
  });

  it('does not carry the token to another origin on a redirect', async () => {
    const other = await serve((req, res) => res.end(req.headers['authorization'] ?? 'no token'));
    const { origin } = await serve((req, res) => {
      if (req.url === '/away') res.writeHead(302, { Location: `${other.origin}/landed` }).end();
      else if (req.url === '/here') res.writeHead(301, { Location: '/landed' }).end();
      else res.end(req.headers['authorization'] ?? 'no token');
    });
    const headers = { authorization: 'token secret' };
    expect(await (await httpFetch(`${origin}/away`, { headers })).text()).toBe('no token');
    expect(await (await httpFetch(`${origin}/here`, { headers })).text()).toBe('token secret');
  });

  it('stops after 20 redirects, and refuses one to a non-HTTP URL', async () => {
    const { origin, seen } = await serve((req, res) => {
      if (req.url === '/file') res.writeHead(302, { Location: 'file:///etc/passwd' }).end();
      else res.writeHead(302, { Location: `/loop-${seen.length}` }).end();
    });
    await expect(httpFetch(`${origin}/loop`)).rejects.toThrow(/more than 20 redirects/);
    expect(seen.length).toBe(21);
    await expect(httpFetch(`${origin}/file`)).rejects.toThrow(/file: URL refused/);
  });

  it('rejects when nothing listens, and on an aborted signal', async () => {
    const { origin } = await serve((_req, res) => res.end('late'));
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpFetch(`${origin}/`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(httpFetch('http://127.0.0.1:1/', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('serves Octokit with nativeJson: JSON data, error statuses as RequestError with GitHub’s message', async () => {
    const { origin } = await serve((req, res) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      if (req.url === '/repos/o/r') res.end(JSON.stringify({ id: 9007199254740991, full_name: 'o/r' }));
      else res.writeHead(404).end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com' }));
    });
    const octokit = new Octokit({ baseUrl: origin, request: { fetch: httpFetch } });
    nativeJson(octokit);
    expect((await octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).data).toEqual({ id: 9007199254740991, full_name: 'o/r' });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'missing' })).rejects.toMatchObject({
      status: 404,
      message: 'Not Found - https://docs.github.com',
    });
  });
});
