/**
 * Name globs, matched without regular expressions, at a cost of at most
 * (name length × glob length):
 *
 * - check names, status contexts and ledger validation names: `*` matches any
 *   text; every other character is literal (`ci / test (*)`, `build [linux]`);
 * - model ids (tiers): `*` matches any text, `/` included; `?` one character;
 *   `[0-9]`, `[!x]` / `[^x]` a character class; `\` makes the next character
 *   literal; a leading `**` + `/` also matches ids without a provider prefix;
 *   every other character is literal.
 */
import { GlobSyntaxError, matchTokens, ONE, STAR, type CharClass, type Token } from './path.js';

export type NameMatcher = (name: string) => boolean;

/** Names longer than this never match: a check or status name is the gated party's text. */
export const MAX_NAME_LENGTH = 1024;
/** Model ids longer than this belong to no tier (and so pass no tier-restricted route). */
export const MAX_MODEL_ID_LENGTH = 256;
/** Longest name or model glob a policy may hold. */
export const MAX_NAME_GLOB_LENGTH = 256;

/** A check name, status context or ledger validation glob: only `*` is special. */
export function compileCheckNameGlob(glob: string): NameMatcher {
  const [first = '', ...rest] = glob.split('*');
  if (rest.length === 0) return (name) => name === glob;
  const last = rest.pop()!;
  const middle = rest.filter((p) => p !== '');
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return (name) => {
    if (name.length > MAX_NAME_LENGTH || name.length < minLength) return false;
    if (!name.startsWith(first) || !name.endsWith(last)) return false;
    // Leftmost occurrence of each middle piece is optimal: a later one only leaves less room.
    let pos = first.length;
    const end = name.length - last.length;
    for (const piece of middle) {
      const at = name.indexOf(piece, pos);
      if (at === -1 || at + piece.length > end) return false;
      pos = at + piece.length;
    }
    return true;
  };
}

/** A tier's model-id glob, already lower-cased; throws GlobSyntaxError. */
export function compileModelGlob(glob: string): NameMatcher {
  if (glob.length > MAX_NAME_GLOB_LENGTH) throw new GlobSyntaxError(`is longer than ${MAX_NAME_GLOB_LENGTH} characters`);
  const optionalPrefix = glob.startsWith('**/');
  const tokens = modelTokens(optionalPrefix ? glob.slice(3) : glob);
  // Every literal run must occur in a matching id: one native search turns most ids away.
  const runs = tokens.filter((t): t is string => typeof t === 'string');
  const required = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (!optionalPrefix) return (id) => id.length <= MAX_MODEL_ID_LENGTH && id.includes(required) && matchTokens(tokens, id, 0, id.length);
  // `**/x` is `x` or `*/x`: the rest matched after some `/` of the id. An id
  // without a `/` (most are) needs no search through its characters.
  return (id) => {
    if (id.length > MAX_MODEL_ID_LENGTH || !id.includes(required)) return false;
    if (matchTokens(tokens, id, 0, id.length)) return true;
    for (let slash = id.indexOf('/'); slash !== -1; slash = id.indexOf('/', slash + 1)) {
      if (matchTokens(tokens, id, slash + 1, id.length)) return true;
    }
    return false;
  };
}

/** The glob's tokens, each run of literal characters as one string (matched with one `startsWith`). */
function modelTokens(glob: string): Token[] {
  const chars = [...glob];
  const tokens: Token[] = [];
  const literal = (c: string) => {
    const last = tokens[tokens.length - 1];
    if (typeof last === 'string') tokens[tokens.length - 1] = last + c;
    else tokens.push(c);
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      if (i + 1 >= chars.length) throw new GlobSyntaxError('ends with a lone `\\`');
      literal(chars[++i]!);
    } else if (c === '*') {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (c === '?') tokens.push(ONE);
    else if (c === '[') {
      const [cls, next] = parseClass(chars, i + 1);
      tokens.push(cls);
      i = next;
    } else literal(c);
  }
  return tokens;
}

/** Parses a class body starting at `start` (after `[`); returns it and the index of its `]`. */
function parseClass(chars: string[], start: number): [CharClass, number] {
  let i = start;
  const negated = chars[i] === '!' || chars[i] === '^';
  if (negated) i++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < chars.length; i++) {
    let c = chars[i]!;
    if (c === ']' && !first) {
      const inClass = (ch: string) => {
        const code = ch.codePointAt(0)!;
        return ranges.some(([lo, hi]) => code >= lo && code <= hi);
      };
      return [{ test: negated ? (ch) => !inClass(ch) : inClass }, i];
    }
    first = false;
    if (c === '\\' && i + 1 < chars.length) c = chars[++i]!;
    let hi = c;
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      hi = chars[i + 2] === '\\' && chars[i + 3] !== undefined ? chars[i + 3]! : chars[i + 2]!;
      i += chars[i + 2] === '\\' ? 3 : 2;
    }
    const [lo, up] = [c.codePointAt(0)!, hi.codePointAt(0)!];
    if (up < lo) throw new GlobSyntaxError(`has the empty range \`${c}-${hi}\``);
    ranges.push([lo, up]);
  }
  throw new GlobSyntaxError('has a `[` without its `]`; escape it as `\\[` to match it literally');
}
