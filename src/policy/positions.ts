/**
 * Maps a path inside the parsed policy (`['routes', 2, 'require', 0]`) back to a
 * line and column in the YAML text, so every error points where the user must edit.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, stringify } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';

export type PathSegment = string | number;

/** Point at the key of the last segment (unknown keys, duplicate names) or at its value. */
export type Anchor = 'key' | 'value';

export interface Position {
  line: number;
  column: number;
}

interface Step {
  /** The key scalar (for map entries) or the item itself (for list items). */
  key: Node | null;
  value: Node | null;
}

function resolve(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return (node as Node | null | undefined) ?? null;
}

/**
 * A key as the parsed data names it: an alias by what it repeats, an empty key
 * (`: x`) as '', a collection (`? [a, b]`) by its flow text.
 */
function keyText(doc: Document, key: unknown): string | null {
  const target: unknown = resolve(doc, key);
  if (isScalar(target)) {
    const value: unknown = target.value;
    if (value === null) return '';
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
  }
  if (isCollection(target)) return stringify(target, { collectionStyle: 'flow' }).trimEnd();
  return null;
}

/** One step down from `node` along `segment`, or null when the document has no such entry. */
function stepInto(doc: Document, node: Node | null, segment: PathSegment): Step | null {
  const target = resolve(doc, node);
  if (isMap(target)) {
    for (const pair of target.items) {
      if (isPair(pair) && keyText(doc, pair.key) === String(segment)) {
        return { key: pair.key as Node, value: (pair.value as Node | null) ?? null };
      }
    }
    return null;
  }
  if (isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment] as Node | undefined;
    return item === undefined ? null : { key: item, value: item };
  }
  return null;
}

function hasExtent(node: Node | null): node is Node & { range: [number, number, number] } {
  if (!node?.range) return false;
  // `key:` with nothing after it yields an empty null scalar placed after the colon;
  // pointing at the key is clearer.
  return !(isScalar(node) && node.value === null && node.range[0] === node.range[1]);
}

export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * The position of `path` in the document. When the path runs past what the
   * document contains (a missing key), the deepest entry that exists is used.
   */
  locate(path: readonly PathSegment[], anchor: Anchor): Position {
    let step: Step = { key: null, value: this.doc.contents };
    for (const segment of path) {
      const next = stepInto(this.doc, step.value, segment);
      if (next === null) {
        anchor = step.key ? 'key' : 'value';
        break;
      }
      step = next;
    }
    const preferred = anchor === 'key' ? step.key : step.value;
    const fallback = anchor === 'key' ? step.value : step.key;
    // An empty list item (`-` alone) has no extent of its own, but its place is on the right line.
    const node = [preferred, fallback].find(hasExtent) ?? preferred ?? fallback;
    return this.at(node?.range?.[0] ?? 0);
  }

  at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

const plainKey = /^[A-Za-z0-9_-]+$/;

/** `routes[2].require[0]`; keys that are not plain words are quoted: `tiers["my tier"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
