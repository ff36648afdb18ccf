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
 */
export function quietRequestLog<L extends PinoLogger>(log: L): L {
  // pino's own `child`, called on each parent below.
  const pinoChild = Reflect.get(log, 'child') as unknown as ChildMethod;
  // Children of children come here too (they inherit `child` from `log`): each is made from its own parent.
  const child: ChildMethod = function (bindings, options) {
    const made = pinoChild.call(this, bindings, options);
    if (bindings.name !== 'http') return made;
    const levels = (logger: PinoLogger) => logger as unknown as { info: LogMethod; debug: LogMethod };
    const { info } = levels(made);
    levels(made).info = function (line, ...rest) {
      (routineRequest(line) ? levels(this).debug : info).call(this, line, ...rest);
    };
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
