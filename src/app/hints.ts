/**
 * What the last evaluation of each pull request learned about its policy's
 * CI-dependent proofs, so that a finished CI job whose name no proof can match is
 * skipped without any API call.
 *
 * Loading the policy costs the same GraphQL query as loading the whole PR, so
 * without this every check_run event would spend one call to find out it does
 * not matter. The hint is only an optimisation: it expires after a short TTL
 * (the base branch's policy may change), a miss means "evaluate", and it is
 * only recorded once proofgate's own check run exists on the PR head, so a
 * skipped event never leaves a PR without a check. A push that changes the
 * policy on a branch forgets the hints of the PRs into it at once, and a pull
 * request moved to another base branch forgets its own. Each
 * process keeps its own hints; replicas need no shared state.
 */
import type { Proof } from '../proofs/registry.js';

export interface PullRequestHint {
  /** The head the hint was recorded for; a newer head is evaluated on its own events. */
  headSha: string;
  /** Proofs of the policy in force that CI signals can change; empty when the policy is missing or invalid. */
  patterns: Proof[];
  expiresAt: number;
}

export class PolicyHints {
  private readonly entries = new Map<string, PullRequestHint>();
  /** How many times forget() has run; `mark()` reads it. */
  private forgets = 0;
  /** key → the forget count when it was last forgotten (bounded like the entries). */
  private readonly forgottenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string, headSha: string): Proof[] | null {
    const hint = this.entries.get(key);
    if (!hint) return null;
    if (hint.expiresAt <= this.clock() || hint.headSha !== headSha) {
      this.entries.delete(key);
      return null;
    }
    return hint.patterns;
  }

  /**
   * Taken before loading a pull request and passed to `set`: an evaluation
   * that loaded the old policy and finishes after `forget` must not put the
   * old policy's check names back.
   */
  mark(): number {
    return this.forgets;
  }

  /** Records a hint; dropped when `since` (from `mark()`) is older than the key's last `forget`. */
  set(key: string, headSha: string, patterns: Proof[], since?: number): void {
    if (this.ttlMs <= 0) return;
    if (since !== undefined && (this.forgottenAt.get(key) ?? -1) > since) return;
    insertBounded(this.entries, key, { headSha, patterns, expiresAt: this.clock() + this.ttlMs }, this.maxEntries);
  }

  /** Drops the key's hint, and any hint an evaluation already under way would record. */
  forget(key: string): void {
    this.entries.delete(key);
    insertBounded(this.forgottenAt, key, ++this.forgets, this.maxEntries);
  }
}

function insertBounded<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  // Map iteration order is insertion order: the first key is the oldest.
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
