/**
 * Retries without a scheduler per request.
 *
 * Octokit's retry plugin (@octokit/plugin-retry, in Probot's Octokit) and the
 * throttling plugin's retry hook both run each request as a job of a
 * Bottleneck limiter made for it (the retry plugin: one per request; the
 * throttling plugin: one per client, and Probot makes a client per webhook).
 * Neither limiter paces anything: they exist to re-run a failed job after a
 * wait. Each job costs several event-loop turns and timers, which on the
 * App's one-read evaluations was about as much CPU as the evaluation itself.
 *
 * `retryRequests` is the retry plugin's rule as a loop (Probot's own plugin is
 * turned off in src/app/octokit.ts), in the plugin's place among the hooks.
 * There the body is not parsed yet (src/github/native-json.ts parses it
 * outside), so the plugin's rule for GitHub's 200 "Something went wrong while
 * executing your query" never applied in the App and is not copied: such an
 * answer fails the load ("could not evaluate", never green) and the next event
 * evaluates again. `RetryLimiter` is what the
 * throttling plugin asks of its `retryLimiter`: `schedule` and the `failed`
 * event, whose listeners return the wait before the next try.
 */
import type { Octokit } from '@octokit/core';

/** The retry plugin's options (Probot's `retry`), with its defaults. */
export interface RequestRetryOptions {
  enabled?: boolean;
  /** Statuses never retried. */
  doNotRetry?: number[];
  /** Retries after the first try. */
  retries?: number;
  /** Milliseconds in a "second" of the waits (tests shorten it). */
  retryAfterBaseValue?: number;
}

const DEFAULTS: Required<RequestRetryOptions> = {
  enabled: true,
  doNotRetry: [400, 401, 403, 404, 410, 422, 451],
  retries: 3,
  retryAfterBaseValue: 1000,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Hookable = Pick<Octokit, 'hook'>;

/**
 * @octokit/plugin-retry's rule: a request that fails with a status of 400 or
 * more outside `doNotRetry` (a network failure is a 500) is tried again up to
 * `retries` times, after 1, 4, 9 … "seconds"; reads options from `proofgateRetry`.
 */
export function retryRequests(octokit: Hookable, octokitOptions: { proofgateRetry?: RequestRetryOptions }): void {
  const state = { ...DEFAULTS, ...octokitOptions.proofgateRetry };
  if (!state.enabled) return;
  octokit.hook.wrap('request', async (request, options) => {
    // The request's own settings: `retries` may be set per request; `retryCount` is written back, as the plugin does.
    const settings = (options.request ?? {}) as { retries?: number; retryCount?: number };
    for (let tries = 0; ; tries++) {
      try {
        return await request(options);
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        // As the plugin: only errors of a request Octokit made (they carry its options).
        const isRequestError = Boolean((error as { request?: { request?: unknown } }).request?.request);
        const retries = settings.retries ?? state.retries;
        if (!isRequestError || typeof status !== 'number' || status < 400 || state.doNotRetry.includes(status) || tries >= retries) throw error;
        const wait = ((settings.retryCount ?? 0) + 1) ** 2 * state.retryAfterBaseValue;
        settings.retryCount = tries + 1;
        await sleep(wait);
      }
    }
  });
}

type FailedListener = (error: unknown, info: { args: unknown[]; retryCount: number }) => unknown;

/**
 * What the throttling plugin asks of its `retryLimiter` (a Bottleneck without
 * limits): `schedule(fn, ...args)` runs `fn`; when it throws, the `failed`
 * listeners are asked, and the first number one returns is the wait in ms
 * before `fn` runs again (none: the error stands).
 */
export class RetryLimiter {
  private readonly failed: FailedListener[] = [];

  on(event: string, listener: FailedListener): this {
    if (event === 'failed') this.failed.push(listener);
    return this;
  }

  async schedule(...given: unknown[]): Promise<unknown> {
    // Bottleneck's forms: schedule(fn, ...args) and schedule(jobOptions, fn, ...args).
    const [fn, ...args] = (typeof given[0] === 'function' ? given : given.slice(1)) as [(...a: unknown[]) => Promise<unknown>, ...unknown[]];
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await fn(...args);
      } catch (error) {
        const answers = await Promise.all(this.failed.map((listener) => listener(error, { args, retryCount })));
        const wait = answers.find((a) => a !== null && a !== undefined);
        if (wait === undefined) throw error;
        await sleep(~~(wait as number));
      }
    }
  }
}
