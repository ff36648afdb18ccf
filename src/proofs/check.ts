/**
 * A check proof: check runs or commit statuses on the head commit. Only a
 * completed run with an allowed conclusion counts; a pin to an app or status
 * creator makes same-named checks from anyone else not count.
 */
import { z } from 'zod';
import { nameGlob } from '../glob.js';
import type { CheckRunSnapshot, StatusSnapshot } from '../snapshot.js';
import { shortSha, type CiSignal, type ProofEvidence, type ProofKindModule, type ProofOutcome } from './types.js';

const schema = z
  .object({
    kind: z.literal('check'),
    name: z.string().min(1).describe('Check-run or status name; a glob where `*` matches any text and every other character is literal.'),
    source: z.enum(['any', 'check-run', 'status']).default('any').describe('Which kind of signal may satisfy it.'),
    conclusions: z
      .array(z.enum(['success', 'neutral', 'skipped']))
      .min(1)
      .default(['success'])
      .describe('Conclusions that count as proof. Neutral and skipped are not proof unless listed.'),
    app: z.string().min(1).optional().describe('Pin: the GitHub App slug that must have produced the check run.'),
    creator: z.string().min(1).optional().describe('Pin: the login that must have created the commit status.'),
    description: z.string().optional(),
  })
  .strict();

export type CheckProof = z.output<typeof schema>;

type Outcome = 'pass' | 'fail' | 'pending';

const RUNNING = new Set(['queued', 'in_progress', 'waiting', 'requested', 'pending', 'expected']);

export const checkProof: ProofKindModule<typeof schema> = {
  kind: 'check',
  summary: 'A check run or commit status on the head commit, optionally pinned to the app or account that produced it.',
  schema,
  describe,
  changedBy,
  checkPolicy(proof, report) {
    if (proof.app !== undefined && proof.source === 'status') {
      report(
        ['app'],
        '`app` pins the GitHub App behind a check run, but this proof accepts only statuses',
        'use `creator` to pin who created a status, or set `source: check-run`',
        'key',
      );
    }
    if (proof.creator !== undefined && proof.source === 'check-run') {
      report(
        ['creator'],
        '`creator` pins who created a commit status, but this proof accepts only check runs',
        'use `app` to pin the GitHub App behind a check run, or set `source: status`',
        'key',
      );
    }
  },
  evaluate(_name, proof, ctx): ProofOutcome {
    const matches = nameGlob(proof.name);
    const pinned = proof.app !== undefined || proof.creator !== undefined;
    const evidence: ProofEvidence[] = [];
    const counted: Outcome[] = [];

    if (proof.source !== 'status') {
      for (const run of ctx.snapshot.checkRuns) {
        if (!matches(run.name)) continue;
        const refusal = pinned ? refuseRun(run, proof) : null;
        const outcome = runOutcome(run, proof);
        evidence.push({
          kind: 'check-run',
          name: run.name,
          state: run.conclusion ?? run.status,
          counted: refusal === null,
          note: refusal ?? (run.app ? `from app ${run.app.slug}` : null),
          url: run.url,
        });
        if (refusal === null) counted.push(outcome);
      }
    }
    if (proof.source !== 'check-run') {
      for (const status of ctx.snapshot.statuses) {
        if (!matches(status.context)) continue;
        const refusal = pinned ? refuseStatus(status, proof) : null;
        evidence.push({
          kind: 'status',
          name: status.context,
          state: status.state,
          counted: refusal === null,
          note: refusal ?? (status.creator ? `created by ${status.creator.login}` : null),
          url: status.url,
        });
        if (refusal === null) counted.push(statusOutcome(status, proof));
      }
    }

    const what = describe(proof);
    const head = shortSha(ctx.headSha);
    const ignored = evidence.filter((e) => !e.counted).length;
    const ignoredNote = ignored > 0 ? ` (${ignored} of that name ignored: not from the pinned source)` : '';
    if (counted.includes('fail')) {
      const bad = evidence.filter((e) => e.counted && !isAllowedState(e.state, proof) && !RUNNING.has(e.state)).map((e) => `${e.name}: ${e.state}`);
      return {
        status: 'fail',
        reason: `${what} did not pass on ${head} (${bad.join(', ')})`,
        evidence,
        next: `Fix the failure and re-run ${what} on the head commit; accepted conclusions: ${proof.conclusions.join(', ')}.`,
      };
    }
    if (counted.length === 0) {
      return {
        status: 'pending',
        reason: `${what} has not reported on ${head}${ignoredNote}`,
        evidence,
        next: `Run ${what} on the head commit ${head}${pinText(proof)}.`,
      };
    }
    // Green only when every counted signal passed: anything else is still running.
    if (!counted.every((o) => o === 'pass')) {
      return { status: 'pending', reason: `${what} is still running on ${head}`, evidence, next: `Wait for ${what} to finish.` };
    }
    return { status: 'pass', reason: `${what} passed on ${head}${ignoredNote}`, evidence, next: null };
  },
};

/**
 * Whether this check proof could count the signal: its name matches and, when
 * the proof is pinned, it could come from the pinned source.
 */
function changedBy(proof: CheckProof, signal: CiSignal): boolean {
  switch (signal.kind) {
    case 'check-run':
      return acceptsRunsFrom(proof, signal.app) && nameGlob(proof.name)(signal.name);
    case 'check-suite':
      // A suite names no runs; it matters when the proof accepts runs from its app.
      return acceptsRunsFrom(proof, signal.app);
    case 'status':
      // The status payload does not say who created it, so a creator pin cannot rule it out.
      return proof.source !== 'check-run' && (proof.creator !== undefined || proof.app === undefined) && nameGlob(proof.name)(signal.context);
  }
}

/** Mirrors the evaluation's pins: an app pin admits that app's runs; a creator-only pin admits no runs. */
function acceptsRunsFrom(proof: CheckProof, app: string | null): boolean {
  if (proof.source === 'status') return false;
  return proof.app !== undefined ? proof.app === app : proof.creator === undefined;
}

function describe(proof: CheckProof): string {
  return `check \`${proof.name}\``;
}

function pinText(proof: CheckProof): string {
  const pins = [proof.app && `reported by the GitHub App \`${proof.app}\``, proof.creator && `created by \`${proof.creator}\``];
  const text = pins.filter(Boolean).join(' or ');
  return text ? `; it must be ${text}` : '';
}

function refuseRun(run: CheckRunSnapshot, proof: CheckProof): string | null {
  if (proof.app === undefined) return 'policy pins a status creator; check runs do not count';
  if (!run.app) return `producing app unknown; policy pins app ${proof.app}`;
  return run.app.slug === proof.app ? null : `from app ${run.app.slug}; policy pins app ${proof.app}`;
}

function refuseStatus(status: StatusSnapshot, proof: CheckProof): string | null {
  if (proof.creator === undefined) return `policy pins app ${proof.app}; statuses do not count`;
  if (!status.creator) return `creator unknown; policy pins creator ${proof.creator}`;
  return sameAccount(status.creator.login, proof.creator) ? null : `created by ${status.creator.login}; policy pins creator ${proof.creator}`;
}

function runOutcome(run: CheckRunSnapshot, proof: CheckProof): Outcome {
  if (run.status !== 'completed' || run.conclusion === null) return 'pending';
  return isAllowedState(run.conclusion, proof) ? 'pass' : 'fail';
}

function statusOutcome(status: StatusSnapshot, proof: CheckProof): Outcome {
  if (status.state === 'pending' || status.state === 'expected') return 'pending';
  return isAllowedState(status.state, proof) ? 'pass' : 'fail';
}

function isAllowedState(state: string, proof: CheckProof): boolean {
  return (proof.conclusions as string[]).includes(state);
}

/**
 * Logins compare case-insensitively. A pin written without `[bot]` also matches
 * that App's bot account (GitHub shows App-created statuses as `slug[bot]`); a
 * pin written with it matches only the bot.
 */
function sameAccount(login: string, pinned: string): boolean {
  const [actual, pin] = [login.toLowerCase(), pinned.toLowerCase()];
  return actual === pin || actual === `${pin}[bot]`;
}
