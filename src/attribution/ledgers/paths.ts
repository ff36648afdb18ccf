/**
 * The changed files a ledger's file claim names. Ledgers are the gated party's
 * words, written by tools on any system, and a claim only ever adds a
 * restriction (the agent and model it names touched the file): a spelling must
 * not let it miss the file. `./src/a.ts`, `src//a.ts` and `src/../src/a.ts`
 * are `src/a.ts`, the one way git and GitHub spell a changed path. A path that
 * could name several files counts for every changed file it could name:
 *
 * - an absolute path (`/home/dev/repo/src/a.ts`, as Agent Trace tools write
 *   them) names each changed path it ends with after a `/`;
 * - a path that starts with a drive letter (`C:/Users/dev/repo/src/a.ts`, or
 *   `C:\Users\…` read with `/`), a Windows absolute path or one under a
 *   directory named `C:`, names each changed path it ends with after a `/`;
 * - a path that leaves the repository root (`../src/a.ts`: relative to some
 *   other directory) names each changed path its part below the `..` ends with;
 * - a backslash is a Windows separator or a character of a name (git allows
 *   both): `src\a.ts` names `src\a.ts` and `src/a.ts`.
 *
 * All but the first are reported as ledger problems.
 */
import path from 'node:path';

/** Changed paths by their segments, last first: the changed paths a path ends with are one walk from its end. */
export interface SuffixNode {
  known: string | null;
  children: Map<string, SuffixNode>;
}

/** The changed paths (old paths of renames included), indexed when first needed: most ledger paths are plain. */
export type KnownPaths = () => SuffixNode;

export function knownPaths(paths: readonly string[]): KnownPaths {
  let index: SuffixNode | null = null;
  return () => (index ??= suffixIndex(paths));
}

function suffixIndex(paths: readonly string[]): SuffixNode {
  const root: SuffixNode = { known: null, children: new Map() };
  for (const known of paths) {
    const segments = known.split('/');
    let node = root;
    for (let i = segments.length - 1; i >= 0; i--) {
      let next = node.children.get(segments[i]!);
      if (!next) node.children.set(segments[i]!, (next = { known: null, children: new Map() }));
      node = next;
    }
    node.known = known;
  }
  return root;
}

export interface ClaimedPaths {
  /** The repository paths the claim names: the changed ones it could mean, else its path as written, normalised. */
  paths: string[];
  /** Why the path is ambiguous, for a ledger problem; null when it is not. */
  ambiguous: string | null;
}

/** `.` or `..` as a whole segment, `//`, a leading or trailing `/`, a backslash or a leading drive letter: anything but a plain path. */
const NOT_PLAIN = /(?:^|\/)\.{1,2}(?:\/|$)|\/\/|^\/|\/$|\\|^[A-Za-z]:\//;
/** A Windows drive (`C:/`), once backslashes read as separators. */
const DRIVE = /^[A-Za-z]:\//;

export function claimedPaths(raw: string, known: KnownPaths): ClaimedPaths {
  if (!NOT_PLAIN.test(raw)) return { paths: [raw], ambiguous: null };
  if (raw.includes('\\')) {
    const literal = resolve(raw, known);
    const windows = resolve(raw.replace(/\\/g, '/'), known);
    return {
      paths: [...new Set([...literal.paths, ...windows.paths])],
      ambiguous: 'has a backslash, a Windows separator or part of a file name: it counts for the files of either reading',
    };
  }
  return resolve(raw, known);
}

function resolve(raw: string, known: KnownPaths): ClaimedPaths {
  if (DRIVE.test(raw)) {
    // The drive's segment is walked too: a changed path under a directory named `C:` is the literal reading.
    const normal = path.posix.normalize(raw).replace(/\/+$/, '');
    const ending = endingWith(normal.split('/'), known);
    return {
      paths: ending.length > 0 ? ending : [normal],
      ambiguous: 'starts with a drive letter, a Windows absolute path or a directory named like one: it counts for every changed file it could name',
    };
  }
  if (raw.startsWith('/')) {
    const normal = path.posix.normalize(raw).replace(/\/+$/, '');
    const ending = endingWith(normal.split('/').slice(1), known);
    return { paths: ending.length > 0 ? ending : [normal], ambiguous: null };
  }
  const normal = path.posix.normalize(raw).replace(/\/+$/, '');
  if (normal !== '..' && !normal.startsWith('../')) return { paths: [normal], ambiguous: null };
  const below = normal.split('/').filter((s) => s !== '..');
  const ending = endingWith(below, known);
  return {
    paths: ending.length > 0 ? ending : [normal],
    ambiguous: 'leaves the repository root: it counts for every changed file it could name',
  };
}

/** The changed paths `segments` ends with, at segment boundaries (the whole included). */
function endingWith(segments: readonly string[], known: KnownPaths): string[] {
  const found: string[] = [];
  let node: SuffixNode | undefined = known();
  for (let i = segments.length - 1; i >= 0 && node; i--) {
    node = node.children.get(segments[i]!);
    if (node?.known != null) found.push(node.known);
  }
  return found;
}
