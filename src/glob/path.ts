/**
 * Path globs: proofgate's own small syntax, matched without regular expressions.
 *
 * Special: `*` (any text within one path segment), `**` as a whole segment (any
 * number of segments, none included), `?` (one character other than `/`),
 * `{a,b}` (alternatives), `\` (the next character is literal). Every other
 * character is literal, `( ) [ ] + @ !` included, so Next.js folders such as
 * `app/(admin)/` and `app/[slug]/` are written as they are (escaped forms work too).
 *
 * Matching never backtracks more than one step per wildcard: its cost is at most
 * (path length × glob length), whatever the path, so a file name chosen by the
 * party being gated cannot stall the event loop.
 */

/**
 * One segment of a glob: a literal name, `**`, or a pattern with `*` and `?`.
 * A `wild` segment without `?` also carries its literal pieces between stars
 * (`pieces`), matched with string search instead of character steps.
 */
export type Segment = { kind: 'globstar' } | { kind: 'literal'; text: string } | { kind: 'wild'; tokens: readonly Token[]; pieces: readonly string[] | null };

/** A character, `*` (any run), `?` (one character), or a character class (model ids). */
export type Token = string | typeof STAR | typeof ONE | CharClass;
export const STAR = 0;
export const ONE = 1;
export interface CharClass {
  test(ch: string): boolean;
}

/** One alternative of a glob after `{a,b}` expansion. */
export interface PathPattern {
  segments: readonly Segment[];
}

export class GlobSyntaxError extends Error {}

/** Longest glob a policy may hold: keeps matching cost bounded and policies readable. */
export const MAX_GLOB_LENGTH = 256;
/** Most alternatives one glob may expand to (`{a,b}{c,d}` is four). */
export const MAX_ALTERNATIVES = 64;

type Lexeme = { t: 'char'; c: string } | { t: 'star' } | { t: 'one' } | { t: 'slash' } | { t: 'open' } | { t: 'comma' } | { t: 'close' };

/** Lexemes are never mutated, so the special ones are shared (a 1,000-route policy lexes tens of thousands). */
const SPECIAL = new Map<string, Lexeme>([
  ['*', { t: 'star' }],
  ['?', { t: 'one' }],
  ['/', { t: 'slash' }],
  ['{', { t: 'open' }],
  [',', { t: 'comma' }],
  ['}', { t: 'close' }],
]);

function lex(glob: string): Lexeme[] {
  const out: Lexeme[] = [];
  const chars = [...glob];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const next = chars[++i];
      if (next === undefined) throw new GlobSyntaxError('ends with a lone `\\`');
      out.push({ t: 'char', c: next });
    } else out.push(SPECIAL.get(c) ?? { t: 'char', c });
  }
  return out;
}

/**
 * Expands `{a,b}` groups. A group with no top-level comma (`{a}`) and a comma
 * outside any group are literal text; an unbalanced `{` or `}` is an error.
 */
function expand(lexemes: Lexeme[]): Lexeme[][] {
  const open = lexemes.findIndex((l) => l.t === 'open');
  const stray = lexemes.findIndex((l) => l.t === 'close');
  if (open === -1) {
    if (stray !== -1) throw new GlobSyntaxError('has a `}` without its `{`; escape it as `\\}` to match it literally');
    return [lexemes.map((l) => (l.t === 'comma' ? { t: 'char', c: ',' } : l))];
  }
  if (stray !== -1 && stray < open) throw new GlobSyntaxError('has a `}` without its `{`; escape it as `\\}` to match it literally');
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < lexemes.length; i++) {
    const t = lexemes[i]!.t;
    if (t === 'open') depth++;
    else if (t === 'close' && --depth === 0) {
      close = i;
      break;
    } else if (t === 'comma' && depth === 1) commas.push(i);
  }
  if (close === -1) throw new GlobSyntaxError('has a `{` without its `}`; escape it as `\\{` to match it literally');
  const head = lexemes.slice(0, open).map((l) => (l.t === 'comma' ? ({ t: 'char', c: ',' } as const) : l));
  const tails = expand(lexemes.slice(close + 1));
  const bounds = [open, ...commas, close];
  const options: Lexeme[][] =
    commas.length === 0
      ? expand(lexemes.slice(open + 1, close)).map((inner) => [{ t: 'char', c: '{' }, ...inner, { t: 'char', c: '}' }])
      : bounds.slice(0, -1).flatMap((start, k) => expand(lexemes.slice(start + 1, bounds[k + 1])));
  const out: Lexeme[][] = [];
  for (const option of options) {
    for (const tail of tails) {
      out.push([...head, ...option, ...tail]);
      if (out.length > MAX_ALTERNATIVES) throw new GlobSyntaxError(`expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
  }
  return out;
}

function toSegments(lexemes: Lexeme[]): Segment[] {
  const segments: Segment[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length === 2 && current[0] === STAR && current[1] === STAR) segments.push({ kind: 'globstar' });
    else {
      const tokens = current.filter((t, i) => !(t === STAR && current[i - 1] === STAR)); // `a**b` is `a*b`
      if (tokens.every((t) => typeof t === 'string')) segments.push({ kind: 'literal', text: tokens.join('') });
      else segments.push({ kind: 'wild', tokens, pieces: tokens.includes(ONE) ? null : starPieces(tokens) });
    }
    current = [];
  };
  for (const l of lexemes) {
    if (l.t === 'slash') flush();
    else if (l.t === 'star') current.push(STAR);
    else if (l.t === 'one') current.push(ONE);
    else if (l.t === 'char') current.push(l.c);
    else throw new GlobSyntaxError('has an unexpected brace'); // expand() leaves none
  }
  flush();
  // `a/**/**/b` is `a/**/b`.
  return segments.filter((s, i) => !(s.kind === 'globstar' && segments[i - 1]?.kind === 'globstar'));
}

/** `a*b*c` → ['a', 'b', 'c']: the literal text before, between and after the stars. */
function starPieces(tokens: Token[]): string[] {
  const pieces = [''];
  for (const t of tokens) {
    if (t === STAR) pieces.push('');
    else pieces[pieces.length - 1] += t as string;
  }
  return pieces;
}

/** Parses one glob (without a leading `!`) into its alternatives; throws GlobSyntaxError. */
export function parsePathGlob(glob: string): PathPattern[] {
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobSyntaxError(`is longer than ${MAX_GLOB_LENGTH} characters`);
  return expand(lex(glob)).map((lexemes) => ({ segments: toSegments(lexemes) }));
}

/** The literal directories (or file) a pattern's matches lie under, or '' when it can match anywhere. */
export function literalBase(pattern: PathPattern): string {
  const names: string[] = [];
  for (const s of pattern.segments) {
    if (s.kind !== 'literal') break;
    names.push(s.text);
  }
  return names.join('/');
}

/** Whether `path` (segments separated by `/`) matches the pattern. */
export function matchPattern(pattern: PathPattern, path: string): boolean {
  const segs = pattern.segments;
  const len = path.length;
  let pi = 0;
  let pos = 0; // start of the next path segment; len + 1 once every segment is consumed
  let starPi = -1;
  let starPos = 0;
  for (;;) {
    const seg = segs[pi];
    if (seg?.kind === 'globstar') {
      starPi = ++pi;
      starPos = pos;
      continue;
    }
    if (pos > len) {
      if (seg === undefined) return true;
    } else if (seg !== undefined) {
      let end = path.indexOf('/', pos);
      if (end === -1) end = len;
      if (matchSegment(seg, path, pos, end)) {
        pi++;
        pos = end + 1;
        continue;
      }
    }
    // Mismatch: let the last `**` take one more segment, or fail.
    if (starPi === -1 || starPos > len) return false;
    const next = path.indexOf('/', starPos);
    starPos = (next === -1 ? len : next) + 1;
    pos = starPos;
    pi = starPi;
  }
}

function matchSegment(seg: Segment, path: string, start: number, end: number): boolean {
  if (seg.kind === 'literal') return end - start === seg.text.length && path.startsWith(seg.text, start);
  if (seg.kind === 'wild') return seg.pieces ? matchPieces(seg.pieces, path, start, end) : matchTokens(seg.tokens, path, start, end);
  return true;
}

/**
 * text[start, end) against `p0*p1*…*pn`: p0 a prefix, pn a suffix, and each middle
 * piece at its leftmost place after the previous one (a later place only leaves
 * less room), so no backtracking at all.
 */
export function matchPieces(pieces: readonly string[], text: string, start: number, end: number): boolean {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (end - start < first.length + last.length) return false;
  if (!text.startsWith(first, start) || !text.endsWith(last, end)) return false;
  let pos = start + first.length;
  const stop = end - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const at = text.indexOf(piece, pos);
    if (at === -1 || at + piece.length > stop) return false;
    pos = at + piece.length;
  }
  return true;
}

/**
 * `*` / `?` / class matching of text[start, end) with one backtrack point (the
 * last `*`), which is exact for these wildcards and costs at most
 * (text length × tokens). `?` and a class match one character (a surrogate pair
 * counts as one).
 */
export function matchTokens(tokens: readonly Token[], text: string, start: number, end: number): boolean {
  let ti = 0;
  let pos = start;
  let starTi = -1;
  let starPos = 0;
  while (pos < end || ti < tokens.length) {
    const token = tokens[ti];
    if (token === STAR) {
      starTi = ++ti;
      starPos = pos;
      continue;
    }
    if (pos < end && token !== undefined) {
      if (typeof token === 'string') {
        if (pos + token.length <= end && text.startsWith(token, pos)) {
          pos += token.length;
          ti++;
          continue;
        }
      } else {
        const width = charWidth(text, pos, end);
        if (token === ONE || token.test(text.slice(pos, pos + width))) {
          pos += width;
          ti++;
          continue;
        }
      }
    }
    if (starTi === -1 || starPos >= end) return false;
    starPos += charWidth(text, starPos, end);
    pos = starPos;
    ti = starTi;
  }
  return true;
}

function charWidth(text: string, pos: number, end: number): number {
  const code = text.charCodeAt(pos);
  if (code >= 0xd800 && code <= 0xdbff && pos + 1 < end) {
    const next = text.charCodeAt(pos + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * The comparison key for case-variant paths: `src/Auth/x.ts` and `src/auth/x.ts`
 * are one file on macOS and Windows checkouts. The code points Unicode marks
 * default-ignorable dropped (those HFS+ ignores in names, `src/au\u200Cth` is
 * `src/auth` there, and the zero-width space, soft hyphen, variation selectors
 * and the like, which no reader sees in a path or a glob), NFC, then a rough full
 * case fold: lower-cased first, so the capital sharp s (ẞ, which upper-cases to
 * itself) folds with ß and ss.
 */
export function foldCase(text: string): string {
  if (FOLDED_ASCII.test(text)) return text;
  return text.replace(IGNORABLE, '').normalize('NFC').toLowerCase().toUpperCase().toLowerCase();
}
/** Default-ignorable code points: a superset of git's protectHFS list (zero-width joiners, direction marks, U+FEFF). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
/** ASCII without capital letters: already folded. */
const FOLDED_ASCII = /^[\x00-\x40\x5b-\x7f]*$/;
