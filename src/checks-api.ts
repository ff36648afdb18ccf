/**
 * What GitHub's checks API accepts: the annotation shape and the limits a
 * check run's text and annotations must stay within. Receipts are rendered to
 * fit them and the GitHub layer writes within them.
 */

/** Bytes of a check run's `summary` or `text`. */
export const GITHUB_TEXT_LIMIT = 65_535;

/** GitHub takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only allowed by GitHub when start_line equals end_line. */
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  message: string;
  title: string;
}
