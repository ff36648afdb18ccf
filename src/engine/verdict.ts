/** The engine's output: a verdict that explains itself. */
import type { AttributionResult } from '../attribution/types.js';
import type { PolicyError, PolicySource } from '../policy/types.js';
import type { ProofKind } from '../proofs/registry.js';
import type { ProofEvidence, ProofStatus } from '../proofs/types.js';

/**
 * success: every required proof found, no violation.
 * failure: a violation, a failed proof, or the PR could not be evaluated.
 * pending: proof not available yet (checks running, review not given).
 * neutral: nothing to gate.
 */
export type Conclusion = 'success' | 'failure' | 'pending' | 'neutral';

export type { ProofEvidence, ProofStatus } from '../proofs/types.js';

export interface ProofResult {
  name: string;
  kind: ProofKind;
  status: ProofStatus;
  /** One sentence a reviewer can read. */
  reason: string;
  evidence: ProofEvidence[];
  /** What to do to make it pass; null when it passed. */
  next: string | null;
  /** Routes that require it. */
  requiredBy: string[];
}

export interface ModelTouch {
  agent: string | null;
  model: string | null;
  /** Tiers the model belongs to. */
  tiers: string[];
}

export interface RouteResult {
  name: string;
  /** Whether the route gates this PR (false: no file, or human-only change on an agent route). */
  gated: boolean;
  files: string[];
  /** Agents and models that touched the route's files. */
  touches: ModelTouch[];
  required: string[];
  /** The tiers/agents this route allows (a file on several routes must satisfy each); null means unrestricted. */
  allowedTiers: string[] | null;
  allowedAgents: string[] | null;
}

/** `path`: a changed path holds control or bidirectional characters (src/engine/paths.ts). */
export type ViolationKind = 'tier' | 'agent' | 'unknown-model' | 'budget' | 'proof' | 'limit' | 'policy' | 'ledger' | 'path';

export interface Violation {
  kind: ViolationKind;
  message: string;
  /** What to do next. */
  next: string;
  route: string | null;
  files: string[];
  commit: string | null;
}

export interface Verdict {
  conclusion: Conclusion;
  /** One line for a check-run title. */
  title: string;
  policy: PolicySource;
  /** Set when the policy could not be loaded: the verdict is then a failure listing them. */
  policyErrors: PolicyError[];
  attribution: AttributionResult;
  routes: RouteResult[];
  proofs: ProofResult[];
  violations: Violation[];
  /** Notes that do not change the conclusion (e.g. a ledger problem on an ungated path). */
  notes: string[];
  evaluatedAt: string;
}
