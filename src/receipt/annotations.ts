/**
 * Check-run annotations: one per file with a violation, and one per policy error
 * on the policy file, in the shape GitHub's checks API takes.
 */
import { ANNOTATIONS_PER_REQUEST, type Annotation } from '../checks-api.js';
import { clip, visible } from './escape.js';
import type { Receipt } from './json.js';

export { ANNOTATIONS_PER_REQUEST, type Annotation, type AnnotationLevel } from '../checks-api.js';

/**
 * Default cap: every batch is one more API call, and a 3,000-file PR must stay
 * within its call budget. The summary and the receipt still list every violation.
 */
export const DEFAULT_MAX_ANNOTATIONS = 200;

const TITLE_MAX = 255;
const MESSAGE_MAX = 4000;

export function buildAnnotations(receipt: Receipt, opts: { max?: number } = {}): Annotation[] {
  const max = opts.max ?? DEFAULT_MAX_ANNOTATIONS;
  const out: Annotation[] = [];

  for (const e of receipt.policyErrors) {
    const line = positive(e.line);
    const column = positive(e.column);
    out.push({
      path: e.file,
      start_line: line,
      end_line: line,
      start_column: column,
      end_column: column,
      annotation_level: 'failure',
      title: clip(`proofgate policy error${e.path ? ` at ${visible(e.path)}` : ''}`, TITLE_MAX),
      message: clip(e.hint ? `${visible(e.message)}\n${visible(e.hint)}` : visible(e.message), MESSAGE_MAX),
    });
  }

  // Group violations by file, keeping the order in which files first appear.
  const byFile = new Map<string, string[]>();
  for (const v of receipt.violations) {
    // Plain text on GitHub, but a claim's newlines and invisible characters would still mislead.
    const text = `${visible(v.message)}${v.route ? ` (route ${visible(v.route)})` : ''}\nNext: ${visible(v.next)}`;
    for (const path of new Set(v.files)) {
      if (path === '') continue;
      const list = byFile.get(path) ?? [];
      if (!list.includes(text)) list.push(text);
      byFile.set(path, list);
    }
  }
  for (const [path, messages] of byFile) {
    out.push({
      path,
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: messages.length === 1 ? 'proofgate violation' : `proofgate: ${messages.length} violations`,
      message: clip(messages.join('\n\n'), MESSAGE_MAX),
    });
  }
  return out.slice(0, Math.max(0, max));
}

function positive(n: number): number {
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** Split items into batches of `size` (GitHub: 50 annotations per request). */
export function chunk<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
