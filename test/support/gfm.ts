/**
 * GitHub-flavoured markdown as a reader sees it: micromark with the GFM
 * extensions (tables, autolink literals, strikethrough) renders the HTML, and
 * `liveText` finds what GitHub's filters would still turn into a mention, an
 * issue reference or an emoji in the text outside code (they run after markdown).
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function toHtml(markdown: string): string {
  // GitHub keeps (sanitised) raw HTML, so raw HTML is rendered here too: an injected tag shows up.
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** Tags in the rendered HTML, by name (`a`, `img`, `td` …). */
export function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-z][a-z0-9-]*)\b/gi)].map((m) => m[1]!.toLowerCase()));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** The text outside code and pre elements, with entities decoded (what GitHub's post-filters see). */
export function textOutsideCode(html: string): string {
  return html
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (all, e: string) => {
      if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
      return ENTITIES[e] ?? all;
    });
}

/** What GitHub would make live in text outside code: mentions, references, emoji shortcodes, bare URLs. */
export function liveText(text: string): string[] {
  const patterns = [
    /(?<![\w`])@[a-z0-9][\w-]*(\/[\w-]+)?/gi, // @user, @org/team
    /(?<![\w&])#\d+/g, // #12
    /\b[\w.-]+\/[\w.-]+#\d+/g, // owner/repo#12
    /\bGH-\d+/g,
    /:[a-z+-][\w+-]*:/gi, // :white_check_mark:
    /\bhttps?:\/\//gi,
    /\bwww\./gi,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]));
}

/** Cell counts of every table row in the rendered HTML. */
export function tableRowCells(html: string): number[][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd]\b/g)].length),
  );
}

/** The HTML elements proofgate's own markdown renders to: anything else in a check run came from elsewhere. */
export const PROOFGATE_TAGS = new Set([
  'h2',
  'h3',
  'p',
  'strong',
  'code',
  'br',
  'ul',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'blockquote',
  'details',
  'summary',
  'pre',
]);
