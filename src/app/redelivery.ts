/**
 * Recovering failed webhook deliveries. GitHub never resends a delivery by
 * itself: one the App answered with an error (busy, shutting down, GitHub
 * failing during the lookup; src/app/delivery-error.ts) or never answered
 * (a crash, a timeout) stays failed. Here the App lists its recent
 * deliveries (`GET /app/hook/deliveries`, with its JWT) and asks GitHub to
 * send again each one that has no successful attempt
 * (`POST /app/hook/deliveries/{id}/attempts`): at startup and on a timer.
 *
 * Only failures worth repeating are redelivered: no answer, 429, 502, 503
 * or 504 (the App answers 503 for "not taken now"). A 4xx (bad signature,
 * unusable payload, over the size cap) or a 500 (a permission the App lacks)
 * would fail the same way again. Each delivery is asked for at most `maxAttempts` times in
 * all, so a permanent failure does not loop. A redelivery keeps its delivery
 * id; a replica that already took it skips it (src/app/deliveries.ts).
 */
import type { components } from '@octokit/openapi-types';
import { failedDeliveries as processFailures, type FailedDeliveries } from './deliveries.js';
import { describeError } from './errors.js';
import type { GateLogger } from '../gate/run-gate.js';

type DeliveryItem = components['schemas']['hook-delivery-item'];

/** The requests this needs: an Octokit authenticated as the App (JWT). */
export interface AppClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

export interface RecoveryOptions {
  /** Deliveries older than this are not looked at (GitHub keeps them three days). */
  lookbackMs: number;
  /** Attempts per delivery (GitHub's first one included) after which the App stops asking. */
  maxAttempts: number;
  /** Pages of 100 deliveries read per pass, newest first. */
  maxPages?: number;
  now?: () => number;
  /** Deliveries this process failed to handle, whatever GitHub recorded (an answer may have gone out as 202 first). */
  failed?: FailedDeliveries;
}

export const DEFAULT_RECOVERY: RecoveryOptions = { lookbackMs: 6 * 3600_000, maxAttempts: 4, maxPages: 10 };

export interface RecoveryReport {
  /** Deliveries (by id) seen in the window. */
  seen: number;
  /** Deliveries GitHub was asked to send again. */
  redelivered: string[];
  /** Deliveries that failed for good (4xx, or attempts spent). */
  abandoned: string[];
}

/** Worth sending again: no answer (0), 429, or a gateway or "unavailable" answer. */
export function retryableStatus(status: number): boolean {
  return status === 0 || status === 429 || status === 502 || status === 503 || status === 504;
}

/** One pass: lists recent deliveries and asks for each failed one again. */
export async function recoverFailedDeliveries(client: AppClient, options: RecoveryOptions = DEFAULT_RECOVERY): Promise<RecoveryReport> {
  const now = (options.now ?? Date.now)();
  const since = now - options.lookbackMs;
  const byGuid = new Map<string, DeliveryItem[]>();
  let cursor: string | null = null;
  for (let page = 0; page < (options.maxPages ?? 10); page++) {
    const res = await client.request('GET /app/hook/deliveries', { per_page: 100, ...(cursor ? { cursor } : {}) });
    const items = Array.isArray(res.data) ? (res.data as DeliveryItem[]) : [];
    let older = false;
    for (const item of items) {
      if (!item || typeof item.guid !== 'string') continue;
      if (Date.parse(item.delivered_at) < since) {
        older = true;
        continue;
      }
      const attempts = byGuid.get(item.guid) ?? [];
      attempts.push(item);
      byGuid.set(item.guid, attempts);
    }
    cursor = nextCursor(res.headers.link);
    if (older || cursor === null || items.length === 0) break;
  }

  const report: RecoveryReport = { seen: byGuid.size, redelivered: [], abandoned: [] };
  const failed = options.failed ?? processFailures;
  for (const [guid, attempts] of byGuid) {
    const latest = attempts.reduce((a, b) =>
      Date.parse(b.delivered_at) > Date.parse(a.delivered_at) || (b.delivered_at === a.delivered_at && Number(b.id) > Number(a.id)) ? b : a,
    );
    const failedHere = failed.has(guid);
    if (!failedHere && attempts.some((a) => a.status_code >= 200 && a.status_code < 300)) continue;
    if ((!failedHere && !retryableStatus(latest.status_code)) || attempts.length >= options.maxAttempts) {
      failed.delete(guid);
      report.abandoned.push(guid);
      continue;
    }
    await client.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: latest.id });
    failed.delete(guid);
    report.redelivered.push(guid);
  }
  return report;
}

/** The `cursor` of the `rel="next"` link, if any. */
function nextCursor(link: string | number | undefined): string | null {
  if (typeof link !== 'string') return null;
  const next = link.split(',').find((part) => /rel="next"/.test(part));
  const url = next ? /<([^>]+)>/.exec(next)?.[1] : undefined;
  if (!url) return null;
  try {
    return new URL(url).searchParams.get('cursor');
  } catch {
    return null;
  }
}

/**
 * Runs a pass now and every `intervalMs` (the timer does not keep the process
 * alive). Returns a stop function. A failed pass is logged and tried again on
 * the next tick.
 */
export function startDeliveryRecovery(
  client: () => Promise<AppClient>,
  log: GateLogger,
  intervalMs: number,
  options: RecoveryOptions = DEFAULT_RECOVERY,
): () => void {
  let running = false;
  const pass = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const report = await recoverFailedDeliveries(await client(), options);
      if (report.redelivered.length > 0 || report.abandoned.length > 0) {
        log.info(
          { redelivered: report.redelivered, abandoned: report.abandoned.length, seen: report.seen },
          `proofgate: asked GitHub to send ${report.redelivered.length} failed deliveries again`,
        );
      }
    } catch (error) {
      log.warn({ reason: describeError(error) }, 'proofgate: could not check for failed webhook deliveries; trying again later');
    } finally {
      running = false;
    }
  };
  void pass();
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
