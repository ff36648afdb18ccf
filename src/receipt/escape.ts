/**
 * Escaping for text that comes from the PR head (paths, commit trailers, check
 * names): claims by the party being gated, so they must not break a table, close
 * a code fence, inject HTML or forge formatting in a rendering.
 */

// C0/C1 controls (incl. ESC, so no terminal escape sequences), line/paragraph
// separators, and bidi controls that can make a path read differently than it is.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/** Collapse control characters and newlines into a single space. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ');
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

/**
 * Untrusted text as inline markdown, safe inside a table cell: one line, at most
 * `max` characters, every character that markdown or HTML would interpret written
 * as an entity (rendered literally by GitHub, never re-parsed).
 */
export function md(text: string, max = 200): string {
  return clip(oneLine(text), max).replace(/[&<>"|`*_[\]\\~#!@]/g, (c) => MARKDOWN_ENTITIES[c] ?? c);
}

/** A code fence longer than any backtick run in `content`, so the content cannot close it. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export { shortSha } from '../text.js';
