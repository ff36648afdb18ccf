/**
 * The App in-process (Probot, real Octokit with its retry plugin) against the
 * loopback fake GitHub: installation tokens, GraphQL and check-run writes all
 * go over HTTP to the fake, which records every call.
 */
import { generateKeyPairSync } from 'node:crypto';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createProofgateApp, type ProofgateAppOptions } from '../../../src/app/app.js';
import type { PullRequestTarget } from '../../../src/app/gate-service.js';
import type { GateResult } from '../../../src/gate/run-gate.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github/index.js';

let key: string | null = null;

/** An RSA private key in the PEM form GitHub hands out (generated once per process). */
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return key;
}

/**
 * Probot's Octokit with its retry plugin on (backoff shortened from seconds to
 * milliseconds) and its throttling off: the throttle paces requests per
 * installation at one write-class request per second, which is GitHub's time,
 * not the App's. The defaults are a function because Probot passes its own
 * throttle options per instance, which would override a plain object.
 */
export function testOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
    ...instance,
    retry: { ...(instance.retry as object | undefined), retryAfterBaseValue: 1 },
    throttle: { ...(instance.throttle as object | undefined), enabled: false },
  }));
}

export interface Harness {
  fake: FakeGitHub;
  probot: Probot;
  /** Every log line the App wrote (JSON). */
  logs: string[];
  results: Array<{ target: PullRequestTarget; result: GateResult }>;
  deliver(name: string, payload: Record<string, unknown>): Promise<void>;
  /** Calls after the installation token exchange (which Probot caches per installation). */
  apiCalls(): Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

export const NOW = new Date('2026-11-20T12:00:00Z');

/** `replicaOf`: another replica of the App against that harness's fake GitHub (closing it leaves the fake running). */
export async function startHarness(options: ProofgateAppOptions = {}, replicaOf: Harness | null = null): Promise<Harness> {
  const fake = replicaOf?.fake ?? (await startFakeGitHub());
  const logs: string[] = [];
  const results: Harness['results'] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const probot = new Probot({
    appId: fake.app.id,
    privateKey: privateKey(),
    secret: 'test-secret',
    baseUrl: fake.url,
    log,
    Octokit: testOctokit(),
  });
  await probot.load(
    createProofgateApp({
      appId: fake.app.id,
      appSlug: fake.app.slug,
      now: () => NOW,
      onResult: (target, result) => results.push({ target, result }),
      retry: { attempts: 3, baseMs: 5 },
      ...options,
    }),
  );
  let delivery = 0;
  return {
    fake,
    probot,
    logs,
    results,
    deliver: (name, payload) => probot.receive({ id: `delivery-${++delivery}`, name, payload } as Parameters<Probot['receive']>[0]),
    apiCalls: () => fake.calls.filter((c) => !/\/access_tokens$/.test(c.path)).map((c) => ({ method: c.method, path: c.path, status: c.status })),
    close: () => (replicaOf ? Promise.resolve() : fake.close()),
  };
}
