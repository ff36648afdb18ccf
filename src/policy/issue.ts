import type { Anchor, PathSegment } from './positions.js';

/** A policy problem before it is given a line and column. */
export interface PolicyIssue {
  path: PathSegment[];
  /** Whether the position is the key of the last path segment or its value. */
  anchor: Anchor;
  message: string;
  hint: string | null;
}
