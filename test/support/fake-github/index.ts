import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeGraphQL } from './graphql.js';
import { handleRest } from './rest.js';
import { FakeGitHubState } from './state.js';
import { GITHUB_ACTIONS_APP, type FakeApp } from './types.js';

export * from './types.js';
export type { CheckRunInput, CommitInput, PullRequestInput, ReviewInput } from './state.js';
export { githubGraphQLSchema } from './schema.js';
export { COMMITS_LIMIT, FILES_LIMIT } from './graphql.js';
export { blobSha } from './git-objects.js';

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
}

export type CallMatcher =
  | { method?: string; path?: string | RegExp }
  | ((call: { method: string; path: string; body: unknown }) => boolean);

interface Failure {
  matches: (call: { method: string; path: string; body: unknown }) => boolean;
  status: number;
  body: unknown;
  remaining: number;
}

/**
 * A stateful GitHub API on 127.0.0.1: GraphQL executed against GitHub's real
 * schema, the REST routes proofgate uses, every call recorded, failures
 * injectable. Point Octokit's `baseUrl` at `url` (GraphQL goes to `${url}/graphql`).
 */
export class FakeGitHub extends FakeGitHubState {
  readonly calls: FakeCall[] = [];
  url = '';
  graphqlUrl = '';
  /** Added to every response, to model network time in benchmarks. */
  latencyMs = 0;
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
    this.failures.push({ matches: toPredicate(matcher), status, body: body ?? defaultErrorBody(status), remaining: times });
  }

  /** Every request fails with `status` until `clearFailures()`: an outage. */
  failAll(status: number, body?: unknown): void {
    this.failures.push({ matches: () => true, status, body: body ?? defaultErrorBody(status), remaining: Number.POSITIVE_INFINITY });
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
    const { app, installation } = this.actorOf(req);
    const call: FakeCall = { method, path, query: url.search, body, status: 0, actor: app?.slug ?? null, at, responseBytes: 0 };
    this.calls.push(call);

    const respond = async (status: number, payload: unknown, headers: Record<string, string> = {}): Promise<void> => {
      call.status = status;
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'x-github-request-id': `FAKE:${this.calls.length}` });
      const text = JSON.stringify(payload);
      call.responseBytes = Buffer.byteLength(text, 'utf8');
      res.end(text);
    };

    const failure = this.failures.find((f) => f.remaining > 0 && f.matches(call));
    if (failure) {
      failure.remaining--;
      return respond(failure.status, failure.body);
    }
    const isTokenExchange = method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path);
    if (!app && !isTokenExchange) {
      return respond(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
    }
    if (method === 'POST' && path === '/graphql') {
      return respond(200, await executeGraphQL(this, (body ?? {}) as Record<string, unknown>));
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
    401: 'Bad credentials', 403: 'Resource not accessible by integration', 404: 'Not Found',
    500: 'Internal Server Error', 502: 'Server Error', 503: 'Service Unavailable',
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
