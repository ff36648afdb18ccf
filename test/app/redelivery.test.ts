/** Recovering failed deliveries with GitHub's redelivery API, against the fake GitHub's hook. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailedDeliveries } from '../../src/app/deliveries.js';
import { recoverFailedDeliveries, type AppClient } from '../../src/app/redelivery.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';

let fake: FakeGitHub;
let receiver: Server;
/** What the receiver answers for each payload `name`; it counts what it receives. */
const answers = new Map<string, number>();
const received: string[] = [];

beforeAll(async () => {
  fake = await startFakeGitHub();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const name = (JSON.parse(body) as { name: string }).name;
      received.push(name);
      res.writeHead(answers.get(name) ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  fake.hook.configure(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, 'secret');
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await fake.close();
});

/** The App authenticated as itself (a JWT). */
function appClient(): AppClient {
  return new Octokit({ baseUrl: fake.url, auth: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjEwMDF9.c2lnbmF0dXJlLW9mLXRoZS1hcHA' });
}

describe('recoverFailedDeliveries', () => {
  it('asks again for failures worth repeating, leaves 4xx and successes, and stops after the attempts', async () => {
    answers.set('busy', 503).set('unusable', 400).set('fine', 200).set('down', 503);
    const sent = {
      busy: await fake.hook.deliver('status', { name: 'busy' }),
      unusable: await fake.hook.deliver('status', { name: 'unusable' }),
      fine: await fake.hook.deliver('status', { name: 'fine' }),
      down: await fake.hook.deliver('status', { name: 'down' }),
    };
    expect(Object.values(sent).map((s) => s.status)).toEqual([503, 400, 200, 503]);

    answers.set('busy', 200);
    const options = { lookbackMs: 3600_000, maxAttempts: 2, failed: new FailedDeliveries() };
    const first = await recoverFailedDeliveries(appClient(), options);
    await fake.hook.settled();
    expect(first.redelivered.sort()).toEqual([sent.busy.guid, sent.down.guid].sort());
    expect(first.abandoned).toEqual([sent.unusable.guid]);
    // The redelivery keeps the delivery id (guid), as GitHub's does.
    expect(fake.hook.deliveries.filter((d) => d.redelivery).map((d) => [d.guid, d.status_code])).toEqual(
      expect.arrayContaining([
        [sent.busy.guid, 200],
        [sent.down.guid, 503],
      ]),
    );

    // The recovered one is left alone; the one still failing has spent its two attempts.
    const second = await recoverFailedDeliveries(appClient(), options);
    expect(second.redelivered).toEqual([]);
    expect(second.abandoned.sort()).toEqual([sent.unusable.guid, sent.down.guid].sort());
    expect(fake.callsTo({ method: 'POST', path: /\/attempts$/ })).toHaveLength(2);
  });

  it('asks again for a delivery this process failed after answering it (202), whatever GitHub recorded', async () => {
    answers.set('late', 202);
    const late = await fake.hook.deliver('status', { name: 'late' });
    expect(late.status).toBe(202);
    const failed = new FailedDeliveries();
    const options = { lookbackMs: 3600_000, maxAttempts: 2, failed };
    expect((await recoverFailedDeliveries(appClient(), options)).redelivered).not.toContain(late.guid);

    failed.add(late.guid);
    expect((await recoverFailedDeliveries(appClient(), options)).redelivered).toEqual([late.guid]);
    await fake.hook.settled();
    // Asked once: the wish is spent.
    expect((await recoverFailedDeliveries(appClient(), options)).redelivered).toEqual([]);
  });
});
