/**
 * The logger handed to @octokit/webhooks' middleware. It logs a failed
 * delivery's error as it comes, and @octokit/webhooks attaches the whole
 * event (the payload, or for a bad signature the raw body) to it: here an
 * error is reduced to its name, message and status, so no body reaches the log.
 */
import type { Logger } from 'probot';

export function withoutPayloads(log: Logger): Logger {
  const reduce = (value: unknown): unknown => {
    if (!(value instanceof Error)) return value;
    const status = (value as { status?: unknown }).status;
    const inner =
      value instanceof AggregateError ? [...(value.errors as unknown[])].map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))) : undefined;
    return {
      err: { type: value.name, message: value.message.split('\n')[0], ...(typeof status === 'number' ? { status } : {}), ...(inner ? { errors: inner } : {}) },
    };
  };
  const wrap =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (first: unknown, ...rest: unknown[]): void => {
      Reflect.apply(log[level], log, [reduce(first), ...rest]);
    };
  return Object.assign(Object.create(log) as Logger, {
    error: wrap('error'),
    warn: wrap('warn'),
    info: wrap('info'),
    debug: wrap('debug'),
  });
}
