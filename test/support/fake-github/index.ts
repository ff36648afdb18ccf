import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeGraphQL } from './graphql.js';
import { FakeHook } from './hooks.js';
import { handleRest } from './rest.js';
import { FakeGitHubState } from './state.js';
import { GITHUB_ACTIONS_APP, type FakeApp } from './types.js';

export * from './types.js';
export type { CheckRunInput, CommitInput, PullRequestInput, ReviewInput } from './state.js';
export { githubGraphQLSchema } from './schema.js';
export { COMMITS_LIMIT, FILES_LIMIT } from './graphql.js';
export { blobSha } from './git-objects.js';
export type { FakeDelivery } from './hooks.js';

/** One request the fake received. */
export interface FakeCall {
  method: string;
  /** Path without the query string, e.g. `/graphql` or `/repos/acme/widgets/check-runs`. */
  path: string;
  query: string;
  body: unknown;
  /** The HTTP status the fake answered with. */
  status: number;
  /** The app the request's token acted as (`proofgate`, `github-actions`), or null without a token. */
  actor: string | null;
  /** Date.now() when the request arrived. */
  at: number;
  /** Bytes of the response body sent (0 until answered). */
  responseBytes: number;
  /** The response body sent, when `keepResponseText` is on (benchmarks time parsing it). */
  responseText?: string;
}

export type CallMatcher = { method?: string; path?: string | RegExp } | ((call: { method: string; path: string; body: unknown }) => boolean);

/**
 * How an injected fault answers: a status with GitHub's body, a 200 whose
 * body is cut short, a connection reset before any answer, or a request held
 * (not processed) until the test releases it.
 */
type FaultKind = 'status' | 'truncate' | 'reset' | 'hold';

interface Failure {
  matches: (call: { method: string; path: string; body: unknown }) => boolean;
  kind: FaultKind;
  status: number;
  body: unknown;
  remaining: number;
  hold?: Hold;
}

/** A held request: `arrived` resolves when it came in; `release()` lets GitHub process and answer it. */
export interface Hold {
  arrived: Promise<FakeCall>;
  release(): void;
}

/**
 * A stateful GitHub API on 127.0.0.1: GraphQL executed against GitHub's real
 * schema, the REST routes proofgate uses, every call recorded, failures
 * injectable. Point Octokit's `baseUrl` at `url` (GraphQL goes to `${url}/graphql`).
 */
export class FakeGitHub extends FakeGitHubState {
  readonly calls: FakeCall[] = [];
  /** Called with each request as it arrives, before it is answered (tests change the world between requests). */
  onRequest: ((call: FakeCall) => void) | null = null;
  /** The App's webhook: deliveries, their attempts, redelivery. */
  readonly hook = new FakeHook();
  /**
   * A fault rate for chaos runs: each request (other than the token exchange
   * and the hook API) fails this often, with a random one of: 502, 503, a
   * body cut short, a connection reset, a secondary rate limit (403).
   */
  chaos = 0;
  /** Random numbers for `chaos` (tests pass a seeded one). */
  random: () => number = Math.random;
  /** Faults `chaos` injected so far. */
  faultsInjected = 0;
  url = '';
  graphqlUrl = '';
  /** Added to every response, to model network time in benchmarks. */
  latencyMs = 0;
  /** Keep each response's body on its call (`responseText`). */
  keepResponseText = false;
  private failures: Failure[] = [];
  private readonly tokens = new Map<string, FakeApp>();
  private server: Server | null = null;

  async listen(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fake GitHub crashed: ${String(error)}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.graphqlUrl = `${this.url}/graphql`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  /** Makes a token act as `app` (any unknown token acts as GitHub Actions' GITHUB_TOKEN). */
  registerToken(token: string, app: FakeApp): void {
    this.tokens.set(token, app);
  }

  /** The next `times` matching requests fail with `status` (default body: GitHub's message for it). */
  failNext(matcher: CallMatcher, status: number, times = 1, body?: unknown): void {
    this.failures.push({ matches: toPredicate(matcher), kind: 'status', status, body: body ?? defaultErrorBody(status), remaining: times });
  }

  /** Every request fails with `status` until `clearFailures()`: an outage. */
  failAll(status: number, body?: unknown): void {
    this.failures.push({ matches: () => true, kind: 'status', status, body: body ?? defaultErrorBody(status), remaining: Number.POSITIVE_INFINITY });
  }

  /** The next `times` matching requests are processed, but their answer's body is cut in half (a 200 that does not parse). */
  truncateNext(matcher: CallMatcher, times = 1): void {
    this.failures.push({ matches: toPredicate(matcher), kind: 'truncate', status: 0, body: null, remaining: times });
  }

  /** The next `times` matching requests get their connection reset, unprocessed and unanswered. */
  resetNext(matcher: CallMatcher, times = 1): void {
    this.failures.push({ matches: toPredicate(matcher), kind: 'reset', status: 0, body: null, remaining: times });
  }

  /** The next matching request is held, unprocessed, until `release()`: a slow request that lands late. */
  holdNext(matcher: CallMatcher): Hold {
    let arrive!: (call: FakeCall) => void;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold: Hold & { released: Promise<void>; arrive: (call: FakeCall) => void } = {
      arrived: new Promise<FakeCall>((resolve) => (arrive = resolve)),
      release,
      released,
      arrive: (call) => arrive(call),
    };
    this.failures.push({ matches: toPredicate(matcher), kind: 'hold', status: 0, body: null, remaining: 1, hold });
    return hold;
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** Recorded calls matching `matcher` (all calls without one). */
  callsTo(matcher?: CallMatcher): FakeCall[] {
    if (!matcher) return [...this.calls];
    const matches = toPredicate(matcher);
    return this.calls.filter((c) => matches(c));
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** A fresh world on the same server: no state, calls, failures, latency or registered tokens. */
  reset(): void {
    this.resetState();
    this.resetCalls();
    this.clearFailures();
    this.tokens.clear();
    this.latencyMs = 0;
    this.keepResponseText = false;
    this.onRequest = null;
    this.chaos = 0;
    this.hook.reset();
  }

  private actorOf(req: IncomingMessage): { app: FakeApp | null; installation: boolean } {
    const header = req.headers.authorization ?? '';
    const token = header.replace(/^(token|bearer)\s+/i, '');
    if (!token) return { app: null, installation: false };
    const registered = this.tokens.get(token);
    if (registered) return { app: registered, installation: registered.id === this.app.id };
    if (token.startsWith('ghs_fake_installation_')) return { app: this.app, installation: true };
    // A JWT (the App authenticating as itself) or any other token: GITHUB_TOKEN in the Action.
    if (/^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { app: this.app, installation: false };
    return { app: GITHUB_ACTIONS_APP, installation: false };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown = null;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
    const { app } = this.actorOf(req);
    const call: FakeCall = { method, path, query: url.search, body, status: 0, actor: app?.slug ?? null, at, responseBytes: 0 };
    this.calls.push(call);
    this.onRequest?.(call);

    const respond = async (status: number, payload: unknown, headers: Record<string, string> = {}): Promise<void> => {
      call.status = status;
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'x-github-request-id': `FAKE:${this.calls.length}` });
      const text = JSON.stringify(payload);
      call.responseBytes = Buffer.byteLength(text, 'utf8');
      if (this.keepResponseText) call.responseText = text;
      res.end(text);
    };

    const isHookApi = path.startsWith('/app/hook/');
    let truncate = false;
    const failure = this.failures.find((f) => f.remaining > 0 && f.matches(call));
    if (failure) {
      failure.remaining--;
      if (failure.kind === 'status') return respond(failure.status, failure.body);
      if (failure.kind === 'reset') {
        call.status = 0;
        req.socket.destroy();
        return;
      }
      if (failure.kind === 'hold') {
        const hold = failure.hold as Hold & { released: Promise<void>; arrive: (call: FakeCall) => void };
        hold.arrive(call);
        await hold.released;
      }
      truncate = failure.kind === 'truncate';
    } else if (this.chaos > 0 && !isHookApi && this.random() < this.chaos) {
      this.faultsInjected++;
      const pick = Math.floor(this.random() * 5);
      if (pick === 0) return respond(502, defaultErrorBody(502));
      if (pick === 1) return respond(503, defaultErrorBody(503));
      if (pick === 2)
        return respond(
          403,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          { 'retry-after': '1' },
        );
      if (pick === 3) {
        call.status = 0;
        req.socket.destroy();
        return;
      }
      truncate = true;
    }
    if (truncate) {
      const cut = async (status: number, payload: unknown, headers: Record<string, string> = {}): Promise<void> => {
        call.status = status;
        const text = JSON.stringify(payload);
        res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
        res.end(text.slice(0, Math.floor(text.length / 2)));
      };
      return this.answer(req, call, method, path, url, body, cut);
    }
    return this.answer(req, call, method, path, url, body, respond);
  }

  private async answer(
    req: IncomingMessage,
    _call: FakeCall,
    method: string,
    path: string,
    url: URL,
    body: unknown,
    respond: (status: number, payload: unknown, headers?: Record<string, string>) => Promise<void>,
  ): Promise<void> {
    const { app, installation } = this.actorOf(req);
    const isTokenExchange = method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path);
    if (path.startsWith('/app/hook/')) {
      // The App's own webhook settings: a JWT only.
      if (!app || installation || app.id !== this.app.id)
        return respond(401, { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest' });
      if (method === 'GET' && path === '/app/hook/deliveries') {
        const { body: page, headers } = this.hook.list(url.searchParams, this.url);
        return respond(200, page, headers);
      }
      const attempt = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path);
      if (method === 'POST' && attempt) {
        return this.hook.redeliver(Number(attempt[1])) ? respond(202, {}) : respond(404, defaultErrorBody(404));
      }
      return respond(404, defaultErrorBody(404));
    }
    if (!app && !isTokenExchange) {
      return respond(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
    }
    if (method === 'POST' && path === '/graphql') {
      return respond(200, await executeGraphQL(this, body ?? {}, { canReadTeams: app?.slug !== GITHUB_ACTIONS_APP.slug }));
    }
    const out = handleRest(this, { method, path, query: url.searchParams, body, actor: app, installation, baseUrl: this.url });
    return respond(out.status, out.body, out.headers);
  }
}

/** Starts a fake GitHub on 127.0.0.1 (a free port). Call `close()` when done. */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  return new FakeGitHub().listen();
}

function toPredicate(matcher: CallMatcher): (call: { method: string; path: string; body: unknown }) => boolean {
  if (typeof matcher === 'function') return matcher;
  return (call) =>
    (!matcher.method || matcher.method.toUpperCase() === call.method) &&
    (matcher.path === undefined || (typeof matcher.path === 'string' ? matcher.path === call.path : matcher.path.test(call.path)));
}

function defaultErrorBody(status: number): unknown {
  const messages: Record<number, string> = {
    401: 'Bad credentials',
    403: 'Resource not accessible by integration',
    404: 'Not Found',
    500: 'Internal Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
  };
  return { message: messages[status] ?? `HTTP ${status}`, documentation_url: 'https://docs.github.com/rest' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
