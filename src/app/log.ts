/**
 * The App's logger for `npm start`: Probot's (pino, its lines formatted by
 * @probot/pino from LOG_LEVEL, LOG_FORMAT, LOG_LEVEL_IN_STRING,
 * LOG_MESSAGE_KEY and SENTRY_DSN, as Probot's `run` builds it), handed to
 * `run` so that one thing differs: Probot's HTTP server logs each request
 * (pino-http) at `info`, a line per webhook whose formatting cost the App
 * more CPU than any other step of an event that re-confirms a verdict. Here
 * a request answered below 400 within a second goes to `debug`; a failed,
 * refused or slow one stays at `info`. Evaluations log their own writes and
 * failures.
 */
import { getTransformStream } from '@probot/pino';
import { pino, type Logger as PinoLogger } from 'pino';
import type { Logger } from 'probot';

type LogMethod = (this: PinoLogger, line: unknown, ...rest: unknown[]) => void;
type ChildMethod = (this: PinoLogger, bindings: Record<string, unknown>, options?: object) => PinoLogger;

/** Where a pino logger keeps its bindings as JSON. */
const CHINDINGS = pino.symbols.chindingsSym;

/** A request answered in this long or longer keeps its `info` line. */
export const SLOW_REQUEST_MS = 1000;

/** The line pino-http writes when a response ends: its first argument carries the response and its time. */
interface RequestLine {
  res?: { statusCode?: unknown };
  responseTime?: unknown;
  err?: unknown;
}

/** Whether a request's line is routine: answered below 400, within SLOW_REQUEST_MS, without an error. */
export function routineRequest(line: unknown): boolean {
  if (!line || typeof line !== 'object') return false;
  const { res, responseTime, err } = line as RequestLine;
  const status = res?.statusCode;
  return err === undefined && typeof status === 'number' && status < 400 && typeof responseTime === 'number' && responseTime < SLOW_REQUEST_MS;
}

/**
 * Routine lines of the `http` child (Probot's request log) at `debug`. The
 * child's own `info` is replaced, and the per-request loggers pino-http makes
 * from it inherit it (a pino child is an object whose prototype is its parent).
 * pino-http also makes a logger per request bound to the request, and pino
 * writes a child's bindings as JSON when it makes it: for a routine request
 * that JSON was never used, so the request's logger writes it when it first
 * logs instead.
 */
export function quietRequestLog<L extends PinoLogger>(log: L): L {
  // pino's own `child`, called on each parent below.
  const pinoChild = Reflect.get(log, 'child') as unknown as ChildMethod;
  /** The `http` child and the loggers made from it. */
  const requestLoggers = new WeakSet<PinoLogger>();
  // Children of children come here too (they inherit `child` from `log`): each is made from its own parent.
  const child: ChildMethod = function (bindings, options) {
    if (requestLoggers.has(this)) {
      const made = options === undefined && 'req' in bindings ? boundLater(this, bindings) : pinoChild.call(this, bindings, options);
      requestLoggers.add(made);
      return made;
    }
    const made = pinoChild.call(this, bindings, options);
    if (bindings.name !== 'http') return made;
    requestLoggers.add(made);
    const levels = (logger: PinoLogger) => logger as unknown as { info: LogMethod; debug: LogMethod };
    const { info } = levels(made);
    levels(made).info = function (line, ...rest) {
      (routineRequest(line) ? levels(this).debug : info).call(this, line, ...rest);
    };
    return made;
  };
  /** A child of `parent` whose bindings are written as JSON (pino's chindings) only when first read. */
  const boundLater = (parent: PinoLogger, bindings: Record<string, unknown>): PinoLogger => {
    const made = pinoChild.call(parent, {});
    let json: unknown;
    Object.defineProperty(made, CHINDINGS, {
      configurable: true,
      get: (): unknown => (json ??= Reflect.get(pinoChild.call(parent, bindings), CHINDINGS) as unknown),
      set: (value: unknown) => (json = value),
    });
    return made;
  };
  Reflect.set(log, 'child', child);
  return log;
}

/** Probot's logger as `run` would build it from the environment, with routine request lines at `debug`. */
export async function appLog(env: NodeJS.ProcessEnv): Promise<Logger> {
  const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json') : env.NODE_ENV === 'production' ? 'json' : 'pretty';
  const transform = await getTransformStream({
    logFormat,
    logLevelInString: env.LOG_LEVEL_IN_STRING === 'true',
    ...(env.SENTRY_DSN ? { sentryDsn: env.SENTRY_DSN } : {}),
  });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  const log = pino({ level: env.LOG_LEVEL || 'info', name: 'probot', messageKey: env.LOG_MESSAGE_KEY || 'msg' }, transform);
  return quietRequestLog(log);
}
