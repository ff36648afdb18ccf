/**
 * Replaying a receipt: evaluate again from the snapshot and policy it names,
 * at its own evaluation time, and compare. Pure: the caller loads the inputs.
 */
import { evaluate, policyErrorVerdict } from '../engine/evaluate.js';
import type { PolicyLoadResult } from '../policy/types.js';
import type { Snapshot } from '../snapshot.js';
import { canonicalJson, sha256Tagged } from './canonical.js';
import { buildReceipt, type Receipt } from './json.js';

/** `sha256:<hex>` of a snapshot's canonical JSON, as `snapshotDigest` states it. */
export function snapshotDigest(snapshot: unknown): string {
  return sha256Tagged(canonicalJson(snapshot));
}

/** The receipt proofgate computes now from the same inputs, at the receipt's time, as the receipt's tool version. */
export function replay(receipt: Receipt, snapshot: Snapshot, policy: PolicyLoadResult): Receipt {
  const now = new Date(receipt.evaluatedAt);
  const verdict = policy.ok ? evaluate(policy.policy, snapshot, { now }) : policyErrorVerdict(policy.source, policy.errors, { now });
  return buildReceipt(verdict, snapshot, { toolVersion: receipt.tool.version });
}

/** Top-level fields (other than `digest`) whose canonical JSON differs. */
export function differingFields(stated: Record<string, unknown>, computed: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(stated), ...Object.keys(computed)])].filter((k) => k !== 'digest').sort();
  return keys.filter((key) => {
    const a = stated[key];
    const b = computed[key];
    if (a === undefined || b === undefined) return a !== b;
    return canonicalJson(a) !== canonicalJson(b);
  });
}
