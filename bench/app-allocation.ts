/**
 * What the App allocates per evaluation: a figure this machine's speed does
 * not move (its CPU per evaluation varied by half between runs of the same
 * code), and what the garbage collector's share of that CPU follows.
 *
 * The App (Probot with the shipped Octokit and settings) and the loopback fake
 * GitHub run in this process; V8's sampling heap profiler records every
 * allocation with its stack, collected or not, and what the fake and
 * graphql-js allocate to answer is left out by its stack. Webhooks are handed
 * to Probot directly (`receive`): the HTTP server and the signature check are
 * not in the figure.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { pino } from 'pino';
import { Probot } from 'probot';
import { createProofgateApp } from '../src/app/app.js';
import { ProofgateOctokit } from '../src/app/octokit.js';
import { reviewEvent } from '../test/app/support/payloads.js';
import { addAgentPullRequest } from '../test/support/fake-github/builders.js';
import { startFakeGitHub } from '../test/support/fake-github/index.js';
import { POLICY } from './app.js';

const REPO = 'acme/allocation';
const PRS = 20;
const WARM_ROUNDS = 5;
const ROUNDS = 10;
/** Bytes between samples: V8's default is 32 KB; finer, so small sites show. */
const SAMPLING_INTERVAL = 2048;
/** Frames of the fake GitHub answering, not of the App. */
const NOT_THE_APP = /fake-github|\/node_modules\/graphql\/|app-allocation/;

/** Garbage made on purpose during sampling, to check that collected objects are counted. */
const CALIBRATION_BYTES = 16 * 2 ** 20;

/** Allocates about CALIBRATION_BYTES on V8's heap in arrays of 1,024 small numbers (8 KB each), kept nowhere. */
function calibrationGarbage(): void {
  let sink = 0;
  for (let made = 0; made < CALIBRATION_BYTES; made += 8192) sink += new Array<number>(1024).fill(1).length;
  if (sink < 0) console.log(sink);
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

export async function run(): Promise<void> {
  const fake = await startFakeGitHub();
  try {
    fake.setTeam('acme', 'core', ['bob']);
    const numbers: number[] = [];
    for (let i = 0; i < PRS; i++) {
      const { pr } = addAgentPullRequest(fake, { repo: REPO, files: 100, commits: 100, policy: POLICY });
      fake.addReview(REPO, pr.number, { author: { login: 'bob', type: 'User' }, state: 'APPROVED' });
      numbers.push(pr.number);
    }
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const probot = new Probot({ appId: fake.app.id, privateKey, secret: 'bench', baseUrl: fake.url, log: pino({ level: 'warn' }), Octokit: ProofgateOctokit });
    await probot.load(createProofgateApp({ appId: fake.app.id, appSlug: fake.app.slug }));
    const events = numbers.map((n) => reviewEvent(fake, REPO, n));
    let delivery = 0;
    const deliverAll = async () => {
      for (const payload of events)
        await probot.receive({ id: `allocation-${++delivery}`, name: 'pull_request_review', payload } as Parameters<Probot['receive']>[0]);
    };
    // The first round writes each check; the rest re-confirm it (one read, no write), as the App bench's probes.
    for (let r = 0; r < WARM_ROUNDS; r++) await deliverAll();

    const callsBefore = fake.calls.length;
    const session = new Session();
    session.connect();
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let r = 0; r < ROUNDS; r++) await deliverAll();
    calibrationGarbage();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    const evaluations = ROUNDS * events.length;
    const writes = fake.calls.slice(callsBefore).filter((c) => c.path !== '/graphql').length;

    const bySite = new Map<string, number>();
    let app = 0;
    let calibration = 0;
    const walk = (node: SamplingNode, stack: SamplingNode['callFrame'][]) => {
      stack.push(node.callFrame);
      if (stack.some((f) => f.functionName === calibrationGarbage.name)) calibration += node.selfSize;
      if (node.selfSize > 0 && !stack.some((f) => NOT_THE_APP.test(f.url))) {
        app += node.selfSize;
        // The nearest proofgate frame names the site; Octokit's, Probot's and Node's own work is "outside proofgate".
        const own = stack.findLast((f) => f.url.includes('/src/') && !f.url.includes('node_modules'));
        const site = own
          ? `${own.functionName || '(anonymous)'} (${own.url.slice(own.url.lastIndexOf('/src/') + 1)})`
          : 'outside proofgate (Probot, Octokit, node:http)';
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      }
      for (const child of node.children) walk(child, stack);
      stack.pop();
    };
    walk(profile.head, []);

    const kb = (bytes: number) => `${(bytes / evaluations / 1024).toFixed(0)} KB`;
    console.log(
      `App allocation per evaluation, 100 files × 100 commits, re-confirming (${evaluations} evaluations, ${writes} writes; in this process, sampled every ${SAMPLING_INTERVAL} bytes, collected objects counted; the HTTP server and the signature check not included):`,
    );
    console.log(`  ${kb(app)} per evaluation (JSON.parse of GitHub's answer is src/github/native-json's decode; its bytes to text, native-json's text)`);
    const top = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(`  by site: ${top.map(([site, bytes]) => `${site} ${kb(bytes)}`).join('; ')}`);
    // A profiler that leaves collected objects out would print a flattering figure: the garbage made on purpose shows whether it counts them.
    const seen = calibration / CALIBRATION_BYTES;
    console.log(
      seen > 0.7 && seen < 1.3
        ? `  check: ${(CALIBRATION_BYTES / 2 ** 20).toFixed(0)} MB of garbage made on purpose while sampling was counted as ${(calibration / 2 ** 20).toFixed(1)} MB`
        : `  NOT COMPARABLE: of ${(CALIBRATION_BYTES / 2 ** 20).toFixed(0)} MB of garbage made on purpose the profiler counted ${(calibration / 2 ** 20).toFixed(1)} MB; this Node does not count collected objects, and the figure above leaves them out`,
    );
  } finally {
    await fake.close();
  }
}
