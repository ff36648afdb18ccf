/**
 * Annotations without duplicates. GitHub appends a check run's annotations on
 * every update and offers no way to replace them, while proofgate updates the
 * same run on each review or check event. So the run's `external_id` carries,
 * after the receipt digest, a short fingerprint of the annotations it already
 * holds; an update whose annotations have the same fingerprint sends none.
 *
 *   external_id = "sha256:<receipt digest>"                (no annotations)
 *               | "sha256:<receipt digest> annotations:<16 hex>"
 */
import { createHash } from 'node:crypto';
import { buildAnnotations, type Annotation } from '../receipt/annotations.js';
import type { Receipt } from '../receipt/json.js';

const MARK = ' annotations:';

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

/** The receipt digest an external_id names (the part before the fingerprint). */
export function receiptDigestOf(externalId: string | null): string | null {
  if (!externalId) return null;
  const at = externalId.indexOf(MARK);
  return at === -1 ? externalId : externalId.slice(0, at);
}

function fingerprintOf(externalId: string | null): string | null {
  if (!externalId) return null;
  const at = externalId.indexOf(MARK);
  return at === -1 ? null : externalId.slice(at + MARK.length);
}

export function planAnnotations(receipt: Receipt, existing: { externalId: string | null } | null): AnnotationPlan {
  const annotations = buildAnnotations(receipt);
  if (annotations.length === 0) {
    // Annotations already on the run stay there; keep saying so.
    const kept = fingerprintOf(existing?.externalId ?? null);
    return { annotations: [], externalId: kept ? `${receipt.digest}${MARK}${kept}` : receipt.digest };
  }
  const fingerprint = annotationFingerprint(annotations);
  const externalId = `${receipt.digest}${MARK}${fingerprint}`;
  const already = existing !== null && fingerprintOf(existing.externalId) === fingerprint;
  return { annotations: already ? [] : annotations, externalId };
}
