/**
 * Changed paths that cannot be shown or reviewed as what they are: a newline,
 * carriage return, other C0/C1 control character, a Unicode line or paragraph
 * separator, or a bidirectional-text control in a file name. Git and GitHub allow
 * them; a reviewer reading a diff, a receipt or a terminal sees a different
 * name (or two lines). Such a path is a finding of its own, whoever changed it.
 */
import { plural } from '../text.js';
import type { Snapshot } from '../snapshot.js';
import type { Violation } from './verdict.js';

/** C0 controls, DEL, C1 controls, ALM, LRM/RLM, LS/PS, LRE..RLO, LRI..PDI. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

export function hasUnsafeCharacters(path: string): boolean {
  return UNSAFE.test(path);
}

/** The path with each unsafe character written as `\u{…}`, so it shows on one line as it is. */
export function showPath(path: string): string {
  return path.replace(UNSAFE_ALL, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}

/**
 * A path segment shaped like an NTFS 8.3 short name (`AUTHEN~1`, `PASSWO~1.TS`; NTFS
 * compares them ignoring case). Windows resolves it to whichever long name owns it, so
 * on a checkout where `src/authentication` is `AUTHEN~1`, git writes
 * `src/AUTHEN~1/login.ts` into `src/authentication/`: no glob can tell which route that
 * is. Git refuses such names only for its own files (`.git`, `.gitmodules`: `core.protectNTFS`).
 */
const SHORT_NAME = /(?:^|\/)[^/~.]{1,6}~[0-9]{1,6}(?:\.[^/.]{1,3})?(?=\/|$)/u;

function hasShortNameSegment(path: string): boolean {
  return SHORT_NAME.test(path);
}

export function unsafePathViolations(snapshot: Snapshot): Violation[] {
  return [...controlCharacterViolations(snapshot), ...shortNameViolations(snapshot)];
}

function shortNameViolations(snapshot: Snapshot): Violation[] {
  return pathViolation(
    snapshot,
    hasShortNameSegment,
    'with a segment shaped like a Windows short name (8.3), which a Windows checkout may resolve to another directory or file',
    'Rename the file or directory so no part of its path looks like NAME~1 or NAME~1.EXT, then push again.',
  );
}

function controlCharacterViolations(snapshot: Snapshot): Violation[] {
  return pathViolation(
    snapshot,
    hasUnsafeCharacters,
    'with control or bidirectional characters',
    'Rename the file so its path has no control characters (newline, carriage return, U+2028/U+2029, bidi controls), then push again.',
  );
}

/** One `path` violation listing every changed path (old or new name) that `unsafe` flags, the first three shown. */
function pathViolation(snapshot: Snapshot, unsafe: (path: string) => boolean, what: string, next: string): Violation[] {
  const flagged = new Set<string>();
  for (const file of snapshot.files) {
    if (unsafe(file.path)) flagged.add(file.path);
    if (file.previousPath !== null && unsafe(file.previousPath)) flagged.add(file.previousPath);
  }
  if (flagged.size === 0) return [];
  const files = [...flagged];
  const shown = files
    .slice(0, 3)
    .map((f) => `\`${showPath(f)}\``)
    .join(', ');
  return [
    {
      kind: 'path',
      message: `${plural(files.length, 'changed path')} ${what}: ${shown}${files.length > 3 ? ', …' : ''}`,
      next,
      route: null,
      files,
      commit: null,
    },
  ];
}
