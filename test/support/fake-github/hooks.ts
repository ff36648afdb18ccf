/**
 * The App's webhook as GitHub keeps it: deliveries sent to a URL with an
 * HMAC-SHA256 signature, each attempt recorded (`GET /app/hook/deliveries`),
 * and redelivery on request (`POST /app/hook/deliveries/{id}/attempts`),
 * which sends the same payload again under the same delivery id (guid).
 * GitHub never redelivers by itself; neither does this.
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface FakeDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  throttled_at: null;
}

interface Sent {
  event: string;
  payload: unknown;
}

export class FakeHook {
  url: string | null = null;
  secret = '';
  readonly deliveries: FakeDelivery[] = [];
  private readonly sent = new Map<string, Sent>();
  private nextId = 1;
  /** Redeliveries in flight (tests await them with `settled()`). */
  private readonly inFlight = new Set<Promise<unknown>>();

  configure(url: string, secret: string): void {
    this.url = url;
    this.secret = secret;
  }

  reset(): void {
    this.deliveries.length = 0;
    this.sent.clear();
  }

  /** Sends a delivery as GitHub does and records the attempt; status 0 when the App could not be reached. */
  async deliver(event: string, payload: unknown, guid: string = randomUUID(), redelivery = false): Promise<{ guid: string; status: number; body: string }> {
    if (!this.url) throw new Error('fake GitHub: configure the hook URL first');
    this.sent.set(guid, { event, payload });
    const body = JSON.stringify(payload);
    const started = Date.now();
    let status = 0;
    let text = '';
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/fake',
          'x-github-event': event,
          'x-github-delivery': guid,
          'x-hub-signature-256': `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      text = await res.text();
    } catch {
      status = 0;
    }
    const p = payload as { action?: unknown; installation?: { id?: unknown }; repository?: { id?: unknown } } | null;
    this.deliveries.push({
      id: this.nextId++,
      guid,
      delivered_at: new Date().toISOString(),
      redelivery,
      duration: (Date.now() - started) / 1000,
      status: status === 0 ? 'failed to connect' : status >= 200 && status < 300 ? 'OK' : `Invalid HTTP Response: ${status}`,
      status_code: status,
      event,
      action: typeof p?.action === 'string' ? p.action : null,
      installation_id: typeof p?.installation?.id === 'number' ? p.installation.id : null,
      repository_id: typeof p?.repository?.id === 'number' ? p.repository.id : null,
      throttled_at: null,
    });
    return { guid, status, body: text };
  }

  /** `POST /app/hook/deliveries/{id}/attempts`: sends that delivery again, in the background. */
  redeliver(id: number): boolean {
    const delivery = this.deliveries.find((d) => d.id === id);
    const sent = delivery ? this.sent.get(delivery.guid) : undefined;
    if (!delivery || !sent) return false;
    const p = this.deliver(sent.event, sent.payload, delivery.guid, true);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return true;
  }

  /** Resolves when every requested redelivery has been answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** `GET /app/hook/deliveries`: newest first, `per_page` (≤ 100) and a `cursor` in the `Link` header. */
  list(query: URLSearchParams, baseUrl: string): { body: FakeDelivery[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const start = Number(query.get('cursor') ?? 0) || 0;
    const newestFirst = [...this.deliveries].reverse();
    const page = newestFirst.slice(start, start + perPage);
    const headers: Record<string, string> = {};
    if (start + perPage < newestFirst.length) headers.link = `<${baseUrl}/app/hook/deliveries?per_page=${perPage}&cursor=${start + perPage}>; rel="next"`;
    return { body: page, headers };
  }
}
