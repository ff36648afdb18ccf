/** What attribution concludes about commits, files and agent sessions. */

/** How much a piece of evidence can be trusted to name the agent. */
export type EvidenceStrength = 'strong' | 'medium' | 'weak';

/**
 * Where evidence was found: a trailer in git's trailer block, the author or
 * committer identity, an agent's footer or session link, a line elsewhere in
 * the message that names an agent identity (`message-line`, weaker than a
 * trailer), a ledger, or the pull request (its author or description), which
 * counts only for commits with no evidence of their own.
 */
export type EvidenceSource = 'trailer' | 'identity' | 'footer' | 'message-line' | 'ledger' | 'pull-request';

export interface AttributionEvidence {
  source: EvidenceSource;
  /** What was seen, verbatim enough for a reviewer to find it (e.g. the trailer line). */
  detail: string;
  strength: EvidenceStrength;
  /** Canonical agent id this evidence names, `unknown`, or null when it names only a model. */
  agent: string | null;
  /** Normalised model id this evidence names, or null. */
  model: string | null;
}

export interface CommitAttribution {
  sha: string;
  /** Canonical lower-kebab agent id; `unknown` when AI help is declared but no agent named; null for human. */
  agent: string | null;
  /** The normalised model id, or null when none is named. */
  model: string | null;
  /** Every model any evidence names for this commit (ledgers may name several). */
  models: string[];
  evidence: AttributionEvidence[];
}

/** A ledger's claim that an agent/model wrote (part of) a file. */
export interface FileClaim {
  path: string;
  agent: string | null;
  model: string | null;
  /** The commit the claim is attached to, when the ledger says. */
  commitSha: string | null;
  /** Ledger kind and location, for the receipt. */
  source: string;
}

export interface ValidationRecord {
  name: string;
  result: 'pass' | 'fail';
  command: string | null;
  at: string | null;
  /** The command's exit status, when the ledger gives it (session/2). */
  exitCode?: number;
  /** test, typecheck, lint, build or other, when the ledger gives it (session/2). */
  kind?: 'test' | 'typecheck' | 'lint' | 'build' | 'other';
}

/** One agent session, from a proofgate session ledger. */
export interface SessionSummary {
  id: string;
  /** Where the ledger came from. */
  source: string;
  agent: string | null;
  /** Models used, per role (plan, execute, review, …). */
  steps: Array<{ role: string; model: string | null }>;
  /** Tokens summed over steps; cache reads and writes are prompt tokens served from or written to the provider's cache. */
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /**
   * USD: priced steps at the prices in `cost.prices`, plus the stated `costUsd`
   * of steps whose model has no price. Steps in `cost.unpriced` add nothing.
   */
  costUsd: number;
  cost: {
    /** The dated price tables the priced steps used. */
    prices: Array<{ date: string; source: string }>;
    /** Of `costUsd`, what the ledger stated for models without a price. */
    statedUsd: number;
    /** Models whose steps have tokens but neither a price nor a stated cost. */
    unpriced: Array<{ model: string; steps: number; tokens: number }>;
  };
  retries: number;
  validations: ValidationRecord[];
  files: string[];
  /** Set when the ledger was read only in part, and why: what budgets and ledger proofs count may be missing. */
  unread?: string;
}

/** A ledger that could not be read completely; reported, never trusted silently. */
export interface LedgerProblem {
  source: string;
  line: number | null;
  message: string;
}

export interface AttributionResult {
  commits: CommitAttribution[];
  fileClaims: FileClaim[];
  sessions: SessionSummary[];
  problems: LedgerProblem[];
  /**
   * The agent whose bot account opened the pull request (GitHub names the
   * author, the gated party cannot). Every commit of the pull request touches
   * its files as this agent too, whatever agent the commit's own claims name.
   */
  pullRequestAgent?: string | null;
  /** Session ledgers none of which could be read (a header proofgate cannot read), and why: budgets and ledger proofs cannot see their session. */
  unreadLedgers?: Array<{ source: string; why: string }>;
}
