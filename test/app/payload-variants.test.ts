/**
 * No handler throws on a payload shape GitHub can send: every example in
 * @octokit/webhooks-examples for the events the App subscribes to (app.yml),
 * as is and with each top-level field missing or null, with GitHub answering
 * and with GitHub failing. A delivery either succeeds or fails with the App's
 * own DeliveryError (a status and a reason), never a TypeError.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startHarness, type Harness } from './support/harness.js';

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
const subscribed = (parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as { default_events: string[] }).default_events;

interface Variant {
  event: string;
  label: string;
  payload: Record<string, unknown>;
}

function variants(): Variant[] {
  const out: Variant[] = [];
  for (const event of subscribed) {
    const definition = definitions.find((d) => d.name === event);
    for (const [i, example] of (definition?.examples ?? []).entries()) {
      const label = `${event}#${i}${typeof example.action === 'string' ? `.${example.action}` : ''}`;
      out.push({ event, label, payload: structuredClone(example) });
      for (const key of Object.keys(example)) {
        if (key === 'action') continue;
        const without = structuredClone(example);
        delete without[key];
        out.push({ event, label: `${label} without ${key}`, payload: without });
        out.push({ event, label: `${label} with ${key}: null`, payload: { ...structuredClone(example), [key]: null } });
      }
    }
  }
  return out;
}

function isProgrammingError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

function describeCrash(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

let h: Harness;
beforeAll(async () => {
  // One try for the App's own steps: GitHub failing on purpose would otherwise be retried for every variant.
  h = await startHarness({ retry: { attempts: 1, baseMs: 1 } });
});
afterAll(async () => h.close());

/** What a delivery did: 'ok', or the status of the App's DeliveryError; anything else is a crash. */
async function outcome(v: Variant, id: string): Promise<string> {
  try {
    await h.probot.receive({ id, name: v.event, payload: v.payload } as Parameters<Harness['probot']['receive']>[0]);
    return 'ok';
  } catch (error) {
    const errors = error instanceof AggregateError ? [...error.errors] : [error];
    // The App turns any failure into a DeliveryError; one caused by a programming error is a crash.
    const crashes = errors.filter((e) => !(e instanceof Error && e.name === 'DeliveryError') || isProgrammingError(e.cause));
    if (crashes.length > 0) return `crash: ${crashes.map((e) => describeCrash((e as Error).cause ?? e)).join('; ')}`;
    return errors.map((e) => String((e as { status?: number }).status)).join(',');
  }
}

describe('every webhook example the App subscribes to', () => {
  const all = variants();

  it('covers each subscribed event', () => {
    for (const event of subscribed)
      expect(
        all.some((v) => v.event === event),
        event,
      ).toBe(true);
    expect(all.length).toBeGreaterThan(300);
  });

  it('is handled or refused with a reason, with GitHub answering', { timeout: 300_000 }, async () => {
    const crashes: string[] = [];
    for (const [i, v] of all.entries()) {
      const result = await outcome(v, `ok-${i}`);
      if (result.startsWith('crash')) crashes.push(`${v.label}: ${result}`);
    }
    expect(crashes).toEqual([]);
  });

  it('is handled or refused with a reason, with GitHub failing every request', { timeout: 600_000 }, async () => {
    h.fake.failAll(502);
    const crashes: string[] = [];
    const statuses = new Set<string>();
    // The examples as they are and without their repository (the null variants take the same paths).
    const some = all.filter((v) => !v.label.includes(' with ') && (!v.label.includes(' without ') || v.label.endsWith('without repository')));
    for (const [i, v] of some.entries()) {
      const result = await outcome(v, `fail-${i}`);
      if (result.startsWith('crash')) crashes.push(`${v.label}: ${result}`);
      statuses.add(result);
    }
    h.fake.clearFailures();
    expect(crashes).toEqual([]);
    // Events that could change a verdict were not taken: a failed delivery, for GitHub to send again.
    expect(statuses).toContain('503');
  });
});
