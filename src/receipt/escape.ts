/**
 * Escaping for text that comes from the PR head (paths, commit trailers, model
 * ids, ledger claims, check names): claims by the party being gated. Shown in a
 * check run, such text must not pose as proofgate's own words: no live links,
 * no mentions or issue references, no HTML, no table breaks, no status emoji,
 * and no invisible characters that make it read differently than it is.
 */

// C0/C1 controls (incl. ESC, so no terminal escape sequences), line/paragraph
// separators, and bidi controls that can make a path read differently than it is.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/** Collapse control characters and newlines into a single space. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ');
}

/**
 * Characters a reader cannot see, or that look like proofgate's own marks:
 * controls (Cc), format characters (Cf: zero-width, bidi overrides, tags),
 * line and paragraph separators, private-use and lone surrogates, every
 * whitespace but the plain space, symbols (So: ✅ ❌ ⏳ ✓ and their kind),
 * pictographs, variation selectors, the keycap mark, and the Hangul fillers
 * that render as blanks.
 */
const HIDDEN_OR_MARK =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{So}\p{Extended_Pictographic}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u{20E3}\u{115F}\u{1160}\u{3164}\u{FFA0}]|[^\S ]/gu;

/**
 * Every hidden or mark-like character written as a visible `\u{…}` escape, so a
 * path with a newline or a zero-width space reads as what it is, on one line.
 */
export function visible(text: string): string {
  return text.replace(HIDDEN_OR_MARK, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/**
 * Text for a CI log line: a GitHub Actions runner still reads the older form of its
 * workflow commands, `##[warning]…`, anywhere in a line (actions/runner,
 * ActionCommand.TryParse), so `##[` is written `#\u{23}[`.
 */
export function inertInLog(text: string): string {
  return text.replace(/##\[/g, '#\\u{23}[');
}

/** A line of untrusted text for a terminal or a CI log: hidden characters visible, no `##[`. */
export function logLine(text: string): string {
  return inertInLog(visible(text));
}

/** Shorten to at most `max` characters (code points), ending with `…` when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

const MARKDOWN_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  '~': '&#126;',
  '#': '&#35;',
  '!': '&#33;',
  '@': '&#64;',
};

// U+2060 WORD JOINER: invisible, and it ends the run GitHub's autolinker,
// mention, reference and emoji filters look for. Those filters run on the
// rendered text (after entities are decoded), so an entity alone does not stop them.
const JOIN = '\u2060';
/** `https://`, `www.`, `@user`, `#12`, `GH-12`, `:shortcode:`: what GitHub would turn into a link, a mention or an emoji. */
const LIVE = /(:(?=\/\/))|(:(?=[a-z+-][\w+-]*:))|(@(?=[\w-]))|(#(?=\w))|(\bGH(?=-\d))|(\bw(?=ww\.))/giu;

/**
 * Untrusted text as inline markdown, safe inside a table cell: one line, at most
 * `max` characters, hidden and mark-like characters made visible, every character
 * that markdown or HTML would interpret written as an entity (rendered literally
 * by GitHub, never re-parsed), and links, mentions and references broken.
 */
export function md(text: string, max = 200): string {
  return clip(visible(text), max)
    .replace(LIVE, (c) => c + JOIN)
    .replace(/[&<>"|`*_[\]\\~#!@]/g, (c) => MARKDOWN_ENTITIES[c] ?? c);
}

/**
 * Untrusted text as an inline code span: shown verbatim and inert (GitHub
 * neither links, mentions, nor renders HTML or emoji inside code), one line, at
 * most `max` characters. In a table cell a pipe would still end the cell, so
 * `inTable` escapes it the way GitHub's tables take it (`\|`).
 */
export function code(text: string, max = 200, opts: { inTable?: boolean } = {}): string {
  let body = clip(visible(text), max);
  if (body === '') return '` `';
  if (opts.inTable) body = body.replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick or a space needs one space of padding
  // on both sides; CommonMark strips exactly that padding again.
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A code fence longer than any backtick run in `content`, so the content cannot close it. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * A check-run title from text that may hold claims: GitHub shows it as plain
 * text next to the check's name, so only letters, digits, spaces and plain
 * punctuation pass (no `|`, no emoji, no marks), on one line, at most `max` characters.
 */
export function plainTitle(text: string, max = 120): string {
  const plain = text
    .replace(/[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu, '?')
    .replace(/[^\p{L}\p{Mn}\p{Mc}\p{N} .,:;'"()/_+=@#&%?!-]+/gu, (run) => (/\s/.test(run) ? ' ' : '?'))
    .replace(/ {2,}/g, ' ')
    .trim();
  return clip(plain, max);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export { shortSha } from '../text.js';
