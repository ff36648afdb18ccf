/**
 * Annotations without duplicates. GitHub appends a check run's annotations on
 * every update and offers no way to replace them, while proofgate updates the
 * same run on each review or check event. So the run's `external_id` carries,
 * after the receipt digest, a short fingerprint of the annotations it already
 * holds; an update whose annotations have the same fingerprint sends none.
 * It also carries the verdict's fingerprint (the receipt without its time and
 * digests), so an evaluation can tell that the run already shows what it would
 * write (src/gate/run-gate.ts, `probe` mode).
 *
 *   external_id = "sha256:<receipt digest>[ annotations:<16 hex>][ verdict:<32 hex>]"
 */
import { createHash, type Hash } from 'node:crypto';
import { buildAnnotations, type Annotation } from '../receipt/annotations.js';
import type { Verdict } from '../engine/verdict.js';
import { receiptVerdictJson, writeVerdictJson, type Receipt } from '../receipt/json.js';
import type { Snapshot } from '../snapshot.js';

const ANNOTATIONS = 'annotations:';
const VERDICT = 'verdict:';

export interface AnnotationPlan {
  /** What to send with this write. */
  annotations: Annotation[];
  externalId: string;
}

export function annotationFingerprint(annotations: readonly Annotation[]): string {
  const hash = createHash('sha256');
  for (const a of annotations) hash.update(JSON.stringify([a.path, a.start_line, a.end_line, a.annotation_level, a.title, a.message])).update('\n');
  return hash.digest('hex').slice(0, 16);
}

/** The receipt digest an external_id names (its first word). */
export function receiptDigestOf(externalId: string | null): string | null {
  if (!externalId) return null;
  return externalId.split(' ')[0]!;
}

/** The value of `name:` among an external_id's words after the digest. */
function wordOf(externalId: string | null, name: string): string | null {
  if (!externalId) return null;
  const word = externalId
    .split(' ')
    .slice(1)
    .find((w) => w.startsWith(name));
  return word ? word.slice(name.length) : null;
}

function fingerprintOf(externalId: string | null): string | null {
  return wordOf(externalId, ANNOTATIONS);
}

/**
 * What a check run shows, apart from when and from which exact snapshot it
 * was evaluated: the receipt without its time, its snapshot digest and its own
 * digest (the output, the conclusion and the annotations are rendered from the
 * rest: head, base, policy, attribution, routes, every proof with its evidence,
 * violations). A change GitHub reports that moves none of these (a review or a
 * check no proof counts) leaves the same fingerprint. 128 bits of sha256.
 */
export function verdictFingerprint(receipt: Receipt): string {
  return fingerprintOfJson(receiptVerdictJson(receipt));
}

/**
 * The fingerprint of the receipt `buildReceipt(verdict, snapshot)` would give,
 * without building it (no snapshot digest): the App's probe of whether the
 * check already shows a verdict.
 */
export function verdictFingerprintFor(verdict: Verdict, snapshot: Snapshot): string {
  const hash = createHash('sha256');
  writeVerdictJson(verdict, snapshot, (piece) => hash.update(piece));
  return verdictDigest(hash);
}

function fingerprintOfJson(json: string): string {
  return verdictDigest(createHash('sha256').update(json));
}

/** 128 bits of the hash of a verdict's JSON. */
const verdictDigest = (hash: Hash) => hash.digest('hex').slice(0, 32);

/** The verdict fingerprint an external_id records, or null (a mark, an older run). */
export function verdictFingerprintOf(externalId: string | null): string | null {
  return wordOf(externalId, VERDICT);
}

export function planAnnotations(receipt: Receipt, existing: { externalId: string | null } | null): AnnotationPlan {
  const annotations = buildAnnotations(receipt);
  const verdict = ` ${VERDICT}${verdictFingerprint(receipt)}`;
  if (annotations.length === 0) {
    // Annotations already on the run stay there; keep saying so.
    const kept = fingerprintOf(existing?.externalId ?? null);
    return { annotations: [], externalId: `${receipt.digest}${kept ? ` ${ANNOTATIONS}${kept}` : ''}${verdict}` };
  }
  const fingerprint = annotationFingerprint(annotations);
  const externalId = `${receipt.digest} ${ANNOTATIONS}${fingerprint}${verdict}`;
  const already = existing !== null && fingerprintOf(existing.externalId) === fingerprint;
  return { annotations: already ? [] : annotations, externalId };
}
