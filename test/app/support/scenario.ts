/** Policies and assertions shared by the App tests. */
import { expect } from 'vitest';
import type { Receipt } from '../../../src/receipt/json.js';
import { verifyReceipt } from '../../../src/receipt/json.js';
import { receiptFromCheckRunText } from '../../../src/receipt/markdown.js';
import type { FakeCheckRun, FakeGitHub } from '../../support/fake-github/index.js';

/**
 * Agent changes to src/auth need a strong model, the `tests` check from GitHub
 * Actions and a human review; everything else an agent touches needs `tests`.
 */
export const POLICY = `version: 1
tiers:
  strong: ["**/claude-opus-*"]
proofs:
  tests:
    kind: check
    name: tests
    app: github-actions
  review:
    kind: review
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [strong]
    require: [tests, review]
default:
  require: [tests]
`;

export const BOB = { login: 'bob', type: 'User' as const };

/** proofgate's check runs on a commit, oldest first (each accepted event adds one, src/app/marks.ts). */
export function proofgateRuns(fake: FakeGitHub, repo: string, sha: string): FakeCheckRun[] {
  return fake.checkRunsFor(repo, sha).filter((r) => r.app.slug === fake.app.slug && r.name === 'proofgate');
}

/**
 * The proofgate check run GitHub shows on `sha` (and branch protection uses):
 * the newest run of the name. No run is left in progress without a verdict
 * except superseded ones, which GitHub does not show.
 */
export function shownRun(fake: FakeGitHub, repo: string, sha: string): FakeCheckRun | null {
  return proofgateRuns(fake, repo, sha).reduce<FakeCheckRun | null>((a, b) => (a === null || b.id > a.id ? b : a), null);
}

/** The proofgate check run GitHub shows on `sha`, with its receipt parsed from `text` and verified. */
export function theCheckRun(fake: FakeGitHub, repo: string, sha: string): { run: FakeCheckRun; receipt: Receipt } {
  const run = shownRun(fake, repo, sha);
  expect(run, 'a proofgate check run on the head').not.toBeNull();
  const receipt = receiptFromCheckRunText(run!.output.text ?? '') as Receipt | null;
  expect(receipt, 'the receipt JSON is in the check run text').not.toBeNull();
  expect(verifyReceipt(receipt).ok).toBe(true);
  expect(run!.externalId?.startsWith(receipt!.digest)).toBe(true);
  return { run: run!, receipt: receipt! };
}

/** The calls after the token exchange, as "METHOD path" lines. */
export function callLines(calls: Array<{ method: string; path: string; status: number }>): string[] {
  return calls.map((c) => `${c.method} ${c.path.replace(/\/check-runs\/\d+$/, '/check-runs/:id')} ${c.status}`);
}
