/**
 * GraphQL queries off the write lane.
 *
 * Probot's throttling (@octokit/plugin-throttling) paces every request that is
 * not a GET or HEAD, and every `POST /graphql` as well, through one `write`
 * lane per throttle id: one request a second. That matches GitHub's secondary
 * limit on content-creating requests (about 80 a minute), but a GraphQL query
 * creates nothing: GitHub counts it against the installation's points, not
 * against the content-creation limit. Paced as a write, each evaluation's load
 * waited behind every check-run write of its installation.
 *
 * The plugin takes its lanes from its options (`write`, `global`). Here the
 * `write` lane it consults is a pass-through, and the `global` lane (which
 * every REST and GraphQL request goes through, 10 at once per id) first waits
 * on a real write lane for content writes: REST writes and GraphQL documents
 * that hold a mutation. The write lane is a Bottleneck group with the
 * plugin's own id and settings, on the same Bottleneck and Redis connection
 * when Probot clusters through Redis, so replicas still share their pacing;
 * the global lane is too when clustering, and an in-process counter otherwise.
 */
import Bottleneck from 'bottleneck';

interface RequestShape {
  method?: string;
  url?: string;
  query?: unknown;
  data?: unknown;
}

/** Block strings, strings and comments: text in which a keyword is not a keyword. */
const NOT_CODE = /"""(?:\\"""|[\s\S])*?"""|"(?:\\.|[^"\\\n\r])*"|#[^\n\r]*/g;
/** Operations GitHub may count as content-creating; the word anywhere else only errs toward pacing. */
const WRITE_OPERATION = /\b(?:mutation|subscription)\b/;
const GRAPHQL_PATH = /^(?:\/api)?\/graphql\/?$/;

/**
 * Whether GitHub counts the request as content-creating: any REST method but
 * GET and HEAD, and any GraphQL document that may hold a mutation. A document
 * proofgate cannot read (no `query` string) counts as a write.
 */
export function isContentWrite(options: RequestShape): boolean {
  const method = (options.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  const { pathname } = new URL(options.url ?? '/', 'http://github.test');
  // github.com: `/graphql`; GitHub Enterprise Server: `https://HOST/api/graphql`.
  if (!GRAPHQL_PATH.test(pathname)) return true;
  const query = typeof options.query === 'string' ? options.query : graphqlDocumentIn(options.data);
  if (query === null) return true;
  // Strings and comments may hold anything, `#` included: scanned left to right, each is dropped whole.
  return WRITE_OPERATION.test(query.replace(NOT_CODE, ' '));
}

function graphqlDocumentIn(data: unknown): string | null {
  if (typeof data === 'string') {
    try {
      return graphqlDocumentIn(JSON.parse(data) as unknown);
    } catch {
      return null;
    }
  }
  const query = (data as { query?: unknown } | null)?.query;
  return typeof query === 'string' ? query : null;
}

type Schedule = (jobOptions: object, fn: (...args: unknown[]) => Promise<unknown>, ...args: unknown[]) => Promise<unknown>;
interface Lane {
  key(id: string): { schedule: Schedule };
}

interface ThrottleOptions {
  Bottleneck?: typeof Bottleneck;
  connection?: Bottleneck.IORedisConnection | Bottleneck.RedisConnection;
  timeout?: number;
}

const made = new Map<unknown, { write: Bottleneck.Group; global: Lane }>();

/** The global lane's limit: requests at once per id (the plugin's own `octokit-global` setting). */
const GLOBAL_MAX_CONCURRENT = 10;

/**
 * The write group, and the global lane: the plugin's own groups when replicas
 * share pacing through Redis (`connection`); in one process, the global lane
 * (which paces nothing, only caps requests at once per id) is a counter rather
 * than a Bottleneck job per request, which cost several event-loop turns each.
 */
function groupsFor(options: ThrottleOptions): { write: Bottleneck.Group; global: Lane } {
  const key = options.connection ?? options.Bottleneck ?? Bottleneck;
  let groups = made.get(key);
  if (!groups) {
    const B = options.Bottleneck ?? Bottleneck;
    const common = { timeout: options.timeout ?? 2 * 60 * 1000, ...(options.connection ? { connection: options.connection } : {}) };
    groups = {
      write: new B.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: 1000, ...common }),
      global: options.connection
        ? new B.Group({ id: 'octokit-global', maxConcurrent: GLOBAL_MAX_CONCURRENT, ...common })
        : new ConcurrencyLane(GLOBAL_MAX_CONCURRENT),
    };
    made.set(key, groups);
  }
  return groups;
}

/**
 * At most `max` jobs at once per id, the others waiting in arrival order; a
 * job of weight 0 (the plugin's retries) does not wait, as in Bottleneck.
 * An id's entry goes when its last job ends.
 */
export class ConcurrencyLane implements Lane {
  private readonly lanes = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(private readonly max: number) {}

  key(id: string): { schedule: Schedule } {
    return { schedule: (jobOptions, fn, ...args) => this.run(id, jobOptions, () => fn(...args)) };
  }

  /** Jobs running or waiting for `id` (tests). */
  size(id: string): { running: number; waiting: number } {
    const lane = this.lanes.get(id);
    return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
  }

  private async run(id: string, jobOptions: object, job: () => Promise<unknown>): Promise<unknown> {
    if ((jobOptions as { weight?: unknown }).weight === 0) return job();
    let lane = this.lanes.get(id);
    if (!lane) this.lanes.set(id, (lane = { running: 0, waiting: [] }));
    if (lane.running < this.max) lane.running++;
    // A slot is handed over by the job that ends (running stays counted).
    else await new Promise<void>((resolve) => lane.waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = lane.waiting.shift();
      if (next) next();
      else if (--lane.running === 0) this.lanes.delete(id);
    }
  }
}

const noop = (): Promise<void> => Promise.resolve();
const passThrough: Lane = { key: () => ({ schedule: () => Promise.resolve() }) };

/** Throttle options that pace content writes one a second per id and let GraphQL queries through. */
export function readsOffTheWriteLane(options: ThrottleOptions | undefined): { write: Lane; global: Lane } {
  const { write, global } = groupsFor(options ?? {});
  return {
    write: passThrough,
    global: {
      key: (id) => ({
        schedule: async (jobOptions, fn, ...args) => {
          if (isContentWrite(args[0] ?? {})) await write.key(id).schedule(jobOptions, noop);
          return global.key(id).schedule(jobOptions, fn, ...args);
        },
      }),
    },
  };
}
