/**
 * What a proof kind is: the contract every module under src/proofs/ fulfils.
 * The registry (registry.ts) lists the kinds; everything else about proofs —
 * the policy schema, verdict kinds, the semantic pass, which events matter,
 * what the gate loads — is derived from these declarations.
 */
import type { z } from 'zod';
import type { SessionSummary } from '../attribution/types.js';
import type { Snapshot } from '../snapshot.js';

export type ProofStatus = 'pass' | 'fail' | 'pending';

/** One thing a proof looked at: a check run, a status, a review, a ledger validation. */
export interface ProofEvidence {
  kind: 'check-run' | 'status' | 'review' | 'ledger-validation' | 'assertion';
  /** Check or status name, reviewer login, validation name. */
  name: string;
  /** What it said: `success`, `APPROVED`, `pass` … */
  state: string;
  /** Whether it counted, and if not, why. */
  counted: boolean;
  note: string | null;
  url: string | null;
}

/** What every proof may look at besides its own definition. */
export interface ProofContext {
  snapshot: Snapshot;
  headSha: string;
  /** Lower-case login of the PR author, when known. */
  prAuthor: string | null;
  /** Lower-case logins of humans who co-authored or drove agent commits. */
  agentCoauthors: ReadonlySet<string>;
  /** Lower-case logins of the people who authored or committed any commit of the pull request. */
  committers: ReadonlySet<string>;
  /** Lower-case logins of the accounts of the agents that wrote agent commits, to the agent's id. */
  agentAccounts: ReadonlyMap<string, string>;
  sessions: readonly SessionSummary[];
  /** Paths of the session ledgers that speak for this pull request (`ledgersOfThisChange`). */
  ledgersOfThisChange: ReadonlySet<string>;
}

export interface ProofOutcome {
  status: ProofStatus;
  reason: string;
  evidence: ProofEvidence[];
  next: string | null;
}

/**
 * A signal from CI that reached proofgate: a finished check run or check suite,
 * or a commit status. Pushes, reviews and re-run requests can change any
 * verdict; these only change proofs that could count them.
 */
export type CiSignal =
  { kind: 'check-run'; name: string; app: string | null } | { kind: 'check-suite'; app: string | null } | { kind: 'status'; context: string };

/** A path below one proof's entry in the policy (`['users', 0]`). */
export type ProofPath = Array<string | number>;

/** Reports a problem with a proof's values that its schema cannot express. */
export type ReportPolicyProblem = (path: ProofPath, message: string, hint: string | null, anchor?: 'key' | 'value') => void;

/** A proof kind's schema: a strict zod object whose `kind` is a literal. */
export type ProofSchema = z.ZodObject<{ kind: z.ZodLiteral<string> } & z.ZodRawShape>;

export interface ProofKindModule<S extends ProofSchema = ProofSchema> extends ProofBehaviour<z.output<S>> {
  /** The `kind:` a policy writes; the registry key. */
  kind: z.output<S>['kind'];
  /** One sentence for the JSON Schema (editors show it) and the docs. */
  summary: string;
  /** The proof's policy entry. */
  schema: S;
}

/** What a kind does with one proof P of its own. */
export interface ProofBehaviour<P> {
  /** Pure: the same proof and context give the same outcome. */
  evaluate(name: string, proof: P, ctx: ProofContext): ProofOutcome;
  /** A short phrase naming one proof of this kind (`check \`ci\``). */
  describe(proof: P): string;
  /** Snapshot data beyond the pull request itself that the evaluation reads. */
  needs?: {
    /** Org teams (`org/slug`) whose members the gate must look up. */
    teams?(proof: P): readonly string[];
    /** Session ledgers: when one could not be read, the proof cannot be trusted. */
    sessions?: boolean;
  };
  /**
   * Whether this CI signal could change the proof's result. Absent: no CI
   * signal can (only pushes, reviews and re-runs, which always re-evaluate).
   * Kinds that declare it are also the ones worth waiting for in a running job.
   */
  changedBy?(proof: P, signal: CiSignal): boolean;
  /** Value checks the schema cannot express, reported against the proof's entry. */
  checkPolicy?(proof: P, report: ReportPolicyProblem): void;
}

export { shortSha } from '../text.js';
