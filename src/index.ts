/**
 * proofgate's library API: load a routing policy, attribute commits, evaluate a
 * pull request's snapshot against the policy and turn the verdict into a
 * verifiable receipt. Everything here is pure (no I/O, no clock, no
 * environment): the caller gathers the snapshot (see `Snapshot`) and passes
 * the time. The GitHub App is a separate entry point, `proofgate/app`, which
 * needs `probot` installed next to proofgate.
 *
 * @example
 * ```ts
 * import { attributeCommit, buildReceipt, emptySnapshot, evaluate, loadPolicy } from 'proofgate';
 *
 * const loaded = loadPolicy(yamlText, { path: '.github/proofgate.yml', origin: 'file', ref: null });
 * if (!loaded.ok) throw new Error(loaded.errors.map(formatPolicyError).join('\n'));
 * const verdict = evaluate(loaded.policy, snapshot, { now: new Date() });
 * const receipt = buildReceipt(verdict, snapshot);
 * ```
 *
 * @packageDocumentation
 */
import { attributeCommit as attributeCommitImpl, type CommitAttributionDetail, type CommitInput } from './attribution/attribute.js';
import { evaluate as evaluateImpl, type EvaluateOptions } from './engine/evaluate.js';
import type { Verdict } from './engine/verdict.js';
import { loadPolicy as loadPolicyImpl } from './policy/load.js';
import type { SemanticOptions } from './policy/semantic.js';
import type { Policy, PolicyLoadResult, PolicySource } from './policy/types.js';
import { buildReceipt as buildReceiptImpl, type Receipt, type ReceiptMeta } from './receipt/json.js';
import type { Snapshot } from './snapshot.js';

/** Where a policy's text came from: recorded in the verdict and the receipt. */
export type PolicyLocation = Omit<PolicySource, 'digest'>;

/**
 * Parses and validates a policy (`.github/proofgate.yml`): YAML, the schema
 * (strict: an unknown key is an error) and references between its parts.
 *
 * @param text - the policy file's text.
 * @param location - where it came from (`origin: 'file'` for a local file).
 * @param options - `agentIds`: the agent ids `agents:` entries may name (default: the attribution catalog).
 * @returns `{ ok: true, policy }`, or `{ ok: false, errors }` with every problem at `file:line:column`, with a hint.
 */
export function loadPolicy(text: string, location: PolicyLocation, options: SemanticOptions = {}): PolicyLoadResult {
  return loadPolicyImpl(text, location, options);
}

/**
 * Attributes one commit to an agent and a model from its message (trailers,
 * footers) and its author and committer identities alone.
 *
 * @returns the agent and model (null when none), every model named, the evidence and the trailers read.
 */
export function attributeCommit(input: CommitInput): CommitAttributionDetail {
  return attributeCommitImpl(input);
}

/**
 * Evaluates a pull request's snapshot against a policy: attribution, routes,
 * required proofs, budgets. Pure: the same inputs give the same verdict.
 *
 * @param options - `now`: the evaluation time written into the verdict.
 * @returns a verdict whose `conclusion` is `success`, `failure`, `pending` or `neutral`, with the reason for each.
 */
export function evaluate(policy: Policy, snapshot: Snapshot, options: EvaluateOptions): Verdict {
  return evaluateImpl(policy, snapshot, options);
}

/**
 * The receipt of a verdict: canonical JSON with a sha256 `digest` over its
 * body, which `verifyReceipt` checks.
 */
export function buildReceipt(verdict: Verdict, snapshot: Snapshot, meta: ReceiptMeta = {}): Receipt {
  return buildReceiptImpl(verdict, snapshot, meta);
}

export { verifyReceipt, receiptJson, type ReceiptVerification } from './receipt/json.js';
export { renderCheckRunOutput, renderMarkdown } from './receipt/markdown.js';
export { renderText } from './receipt/text.js';
export { defaultPolicy, DEFAULT_POLICY_PATH } from './policy/default.js';
export { formatPolicyError } from './policy/types.js';
export { emptySnapshot } from './snapshot.js';
export { PROOF_KINDS } from './proofs/registry.js';
export type {
  CommitAttributionDetail,
  CommitInput,
  EvaluateOptions,
  Policy,
  PolicyLoadResult,
  PolicySource,
  Receipt,
  ReceiptMeta,
  SemanticOptions,
  Snapshot,
  Verdict,
};
export type { PolicyError } from './policy/types.js';
export type { Proof, ProofKind } from './proofs/registry.js';
export type { Conclusion, ProofResult, RouteResult, Violation } from './engine/verdict.js';
export type { AttributionResult } from './attribution/types.js';
