/**
 * The part of `fetch` Octokit uses, on node:http and node:https, for the
 * Action and the App. Node's global fetch is undici, whose first use in a
 * fresh process (loading it, web streams, Response) cost a whole Action gate
 * run about half its CPU in this repository's bench (Node 20: 0.235 → 0.12 s
 * with this instead), for the two or three requests the Action makes; in the
 * App, which keeps running, its per-request machinery (Request, Headers, a
 * web stream per body) was the largest share of the CPU spent on each
 * GitHub request.
 *
 * Like fetch: redirects are followed (at most 20; a 303, or a 301/302 after a
 * POST, continues as a GET without body; the Authorization header is dropped
 * when a redirect leaves the origin), gzip, deflate and brotli bodies are
 * decoded, and a failure to connect rejects. Unlike fetch: the body is read
 * whole before the promise resolves (GitHub's answers are bounded, and
 * proofgate reads every one), and a connection silent for five minutes fails.
 */
import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const MAX_REDIRECTS = 20;
const IDLE_TIMEOUT_MS = 5 * 60_000;

export interface HttpFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  redirect?: 'follow' | 'error' | 'manual';
  signal?: AbortSignal | null;
}

/** Response headers as fetch's Headers shows them: lower-case names, repeated values joined with ", ". */
export class BufferedHeaders implements Iterable<[string, string]> {
  readonly #map: Map<string, string>;

  constructor(raw: http.IncomingHttpHeaders) {
    this.#map = new Map(
      Object.entries(raw)
        .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
        .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value] as [string, string])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#map.entries();
  }
}

/** A response whose body has been read whole; `body` is its bytes (null when empty). */
export class BufferedResponse {
  readonly ok: boolean;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly headers: BufferedHeaders,
    readonly body: Uint8Array | null,
    readonly redirected: boolean,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body ? Buffer.from(this.body.buffer, this.body.byteOffset, this.body.byteLength).toString('utf8') : '');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.body ?? new Uint8Array(0);
    return Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  }
}

const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

export async function httpFetch(input: string | URL, init: HttpFetchInit = {}): Promise<BufferedResponse> {
  let url = new URL(input);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? null;
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...lowerCaseKeys(init.headers ?? {}) };
  for (let redirects = 0; ; redirects++) {
    const answer = await send(url, method, headers, body, init.signal ?? null);
    const location = answer.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(answer.status) || location === null || init.redirect === 'manual') {
      return new BufferedResponse(answer.status, answer.statusText, url.href, answer.headers, answer.body, redirects > 0);
    }
    if (init.redirect === 'error') throw new TypeError(`redirect to ${location} refused (redirect: "error")`);
    if (redirects >= MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects from ${String(input)}`);
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new TypeError(`redirect to a ${next.protocol} URL refused`);
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = null;
      delete headers['content-type'];
      delete headers['content-length'];
    }
    // A token is for the origin it was sent to, as fetch does it.
    if (next.origin !== url.origin) delete headers['authorization'];
    url = next;
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

interface RawAnswer {
  status: number;
  statusText: string;
  headers: BufferedHeaders;
  body: Uint8Array | null;
}

function send(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | null, signal: AbortSignal | null): Promise<RawAnswer> {
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!transport) return Promise.reject(new TypeError(`cannot fetch a ${url.protocol} URL`));
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    // Node's global agents: they keep connections alive (Node 19+) and, on Node 24 with
    // NODE_USE_ENV_PROXY set, go through HTTP(S)_PROXY as Node's fetch does there.
    const request = transport.request(url, { method, headers, signal: signal ?? undefined });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`no answer from ${url.origin} for ${IDLE_TIMEOUT_MS / 60_000} minutes`)));
    request.on('error', (error) => reject(signal?.aborted ? abortError(signal) : error));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
        const decode = method === 'HEAD' || raw.length === 0 ? undefined : decoders[encoding];
        (decode ? decode(raw) : Promise.resolve(raw)).then(
          (bytes) =>
            resolve({
              status: response.statusCode ?? 0,
              statusText: response.statusMessage ?? '',
              headers: new BufferedHeaders(response.headers),
              body: bytes.length > 0 ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null,
            }),
          reject,
        );
      });
    });
    request.end(body ?? undefined);
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}
