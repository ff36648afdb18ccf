/**
 * Replays a merged change through the engine: the change becomes the Snapshot
 * its pull request would have had (its own commits, its diff against the
 * base, its ledgers), judged by a policy. History holds no check runs and no
 * reviews, so proofs that need them come out pending: "needs CI/review
 * evidence", never guessed.
 */
import { evaluate, policyErrorVerdict, type AttributionMemo } from '../engine/evaluate.js';
import type { Verdict } from '../engine/verdict.js';
import { defaultPolicy, DEFAULT_POLICY_PATH } from '../policy/default.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy, PolicyError, PolicySource } from '../policy/types.js';
import { emptySnapshot, type Snapshot } from '../snapshot.js';
import type { MergedChange } from './load.js';

export type PolicyChoice =
  { kind: 'policy'; policy: Policy; origin: 'base' | 'default' | 'file' } | { kind: 'errors'; source: PolicySource; errors: PolicyError[] };

export function changeSnapshot(change: MergedChange): Snapshot {
  const snapshot = emptySnapshot(change.baseSha ?? '', change.sha);
  snapshot.pullRequest = change.number === null ? null : { number: change.number, title: change.subject, author: null, labels: [], draft: false, url: null };
  snapshot.files = change.files.map((f) => ({ path: f.path, status: 'modified', previousPath: null, additions: f.additions, deletions: f.deletions }));
  snapshot.commits = change.commits.map((c) => ({
    sha: c.sha,
    message: c.message,
    author: c.author,
    committer: c.committer,
    parents: c.parents,
    authoredAt: c.authoredAt,
    files: c.files,
    signature: null,
  }));
  snapshot.ledgers = change.ledgers;
  return snapshot;
}

/** Parses each distinct policy text once: a long history has few policy versions. */
export class BasePolicies {
  private readonly cache = new Map<string, PolicyChoice>();

  forChange(change: MergedChange): PolicyChoice {
    const text = change.policyText;
    if (text === null) return { kind: 'policy', policy: defaultPolicy(), origin: 'default' };
    let choice = this.cache.get(text);
    if (!choice) {
      const result = loadPolicy(text, { path: DEFAULT_POLICY_PATH, origin: 'base-branch', ref: change.baseSha });
      choice = result.ok
        ? { kind: 'policy', policy: result.policy, origin: 'base' }
        : { kind: 'errors', source: { path: DEFAULT_POLICY_PATH, origin: 'base-branch', ref: change.baseSha, digest: '' }, errors: result.errors };
      this.cache.set(text, choice);
    }
    return choice;
  }
}

/** The verdict the gate gives the change under `choice`, as of its merge time. */
export function replayChange(change: MergedChange, choice: PolicyChoice, snapshot = changeSnapshot(change), attributions?: AttributionMemo): Verdict {
  const now = new Date(change.mergedAt);
  const opts = { now: Number.isNaN(now.getTime()) ? new Date(0) : now, attributions };
  if (choice.kind === 'errors') return policyErrorVerdict(choice.source, choice.errors, opts);
  return evaluate(choice.policy, snapshot, opts);
}

/** Proofs the history cannot show: checks and reviews left pending. */
export function needsEvidence(verdict: Verdict): string[] {
  return verdict.proofs.filter((p) => p.status === 'pending' && (p.kind === 'check' || p.kind === 'review')).map((p) => `${p.name} (${p.kind})`);
}
