/**
 * What the last evaluation of each pull request learned about its policy's
 * check proofs, so that a finished CI job whose name no proof can match is
 * skipped without any API call.
 *
 * Loading the policy costs the same GraphQL query as loading the whole PR, so
 * without this every check_run event would spend one call to find out it does
 * not matter. The hint is only an optimisation: it expires after a short TTL
 * (the base branch's policy may change), a miss means "evaluate", and it is
 * only recorded once proofgate's own check run exists on the PR head, so a
 * skipped event never leaves a PR without a check. Each process keeps its own
 * hints; replicas need no shared state.
 */
import type { CheckPattern } from './relevance.js';

export interface PullRequestHint {
  /** The head the hint was recorded for; a newer head is evaluated on its own events. */
  headSha: string;
  /** Check proofs of the policy in force; empty when the policy is missing or invalid. */
  patterns: CheckPattern[];
  expiresAt: number;
}

export class PolicyHints {
  private readonly entries = new Map<string, PullRequestHint>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, headSha: string): CheckPattern[] | null {
    const hint = this.entries.get(key);
    if (!hint) return null;
    if (hint.expiresAt <= this.clock() || hint.headSha !== headSha) {
      this.entries.delete(key);
      return null;
    }
    return hint.patterns;
  }

  set(key: string, headSha: string, patterns: CheckPattern[]): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    // Map iteration order is insertion order: the first key is the oldest.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { headSha, patterns, expiresAt: this.clock() + this.ttlMs });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
