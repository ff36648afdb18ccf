/** Glob compilation, done once per policy: matching runs per file, compiling must not. */
import { compileCheckNameGlob, compileModelGlob, type NameMatcher } from './glob/name.js';
import { foldCase, literalBase, matchPattern, parsePathGlob, type PathPattern } from './glob/path.js';

export type Matcher = (value: string) => boolean;

/** A route's globs: exact matching, and the case-variant test that can only add the route. */
export interface RouteGlobs {
  /** Some positive glob matches and no `!` glob does. */
  matches: Matcher;
  /** Some positive glob matches the path exactly. */
  includes: Matcher;
  /** Some positive glob, case-folded, matches a foldCase()d path. */
  includesFolded: Matcher;
  /** Some `!` glob matches the path exactly (exclusions never apply by case variant). */
  excludes: Matcher;
  /** Folding changes nothing in the positive globs: a path equal to its fold needs no second test. */
  foldInvariant: boolean;
  /** One index key per positive alternative, exact and case-folded; null when some alternative has none. */
  keys: IndexKey[] | null;
}

/**
 * What every path a glob alternative matches has: a literal base directory
 * (`src/auth/**`), a segment (`**` + `/auth/**`), or a last-segment extension (`**` + `/*.md`).
 */
export type IndexKey = { kind: 'base' | 'segment' | 'ext'; text: string };

export function compileRouteGlobs(globs: readonly string[]): RouteGlobs {
  const positive = globs.filter((g) => !g.startsWith('!'));
  const parsed = positive.map(parsePathGlob);
  const include = parsed.flat();
  // Most globs fold to themselves: their parse is reused, not redone.
  const includeFolded = positive.flatMap((g, i) => {
    const folded = foldCase(g);
    return folded === g ? parsed[i]! : parsePathGlob(folded);
  });
  const exclude = globs.filter((g) => g.startsWith('!')).flatMap((g) => parsePathGlob(g.slice(1)));
  const includes = (path: string) => include.some((p) => matchPattern(p, path));
  const excludes = (path: string) => exclude.length > 0 && exclude.some((p) => matchPattern(p, path));
  return {
    matches: (path) => includes(path) && !excludes(path),
    includes,
    includesFolded: (folded) => includeFolded.some((p) => matchPattern(p, folded)),
    excludes,
    foldInvariant: positive.every((g) => foldCase(g) === g),
    keys: keysOf([...include, ...includeFolded]),
  };
}

/** Path globs with a leading `!` excluding: a path matches some positive glob and no negated one. */
export function compilePathGlobs(globs: readonly string[]): Matcher {
  return compileRouteGlobs(globs).matches;
}

function keysOf(patterns: PathPattern[]): IndexKey[] | null {
  const keys: IndexKey[] = [];
  for (const pattern of patterns) {
    const key = indexKey(pattern);
    if (key === null) return null;
    keys.push(key);
  }
  return keys;
}

function indexKey(pattern: PathPattern): IndexKey | null {
  const base = literalBase(pattern);
  if (base.length > 0) return { kind: 'base', text: base };
  const literal = pattern.segments.find((s) => s.kind === 'literal');
  if (literal?.kind === 'literal') return { kind: 'segment', text: literal.text };
  const last = pattern.segments[pattern.segments.length - 1];
  if (last?.kind === 'wild' && last.pieces) {
    const suffix = last.pieces[last.pieces.length - 1]!;
    const dot = suffix.lastIndexOf('.');
    if (dot !== -1) return { kind: 'ext', text: suffix.slice(dot) };
  }
  return null;
}

/** The extension index key of a path: its last segment from the last `.`, or null. */
export function extensionOf(path: string): string | null {
  const dot = path.lastIndexOf('.');
  return dot === -1 || path.indexOf('/', dot) !== -1 ? null : path.slice(dot);
}

/** A tier's model-id globs (lower-cased by the caller): see src/glob/name.ts. */
export function compileModelGlobs(globs: readonly string[]): Matcher {
  const matchers = globs.map(compileModelGlob);
  return (id) => matchers.some((m) => m(id));
}

const nameGlobCache = new Map<string, NameMatcher>();

/**
 * One check-name / status-context / validation-name glob, where `*` matches any
 * text and every other character is literal; compiled once per process (check
 * names are matched on every event).
 */
export function nameGlob(glob: string): Matcher {
  let matcher = nameGlobCache.get(glob);
  if (!matcher) {
    if (nameGlobCache.size >= 1000) nameGlobCache.clear();
    nameGlobCache.set(glob, (matcher = compileCheckNameGlob(glob)));
  }
  return matcher;
}
