/**
 * Canonical JSON: the exact bytes a receipt digest is computed over.
 *
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted in UTF-16
 * code-unit order, no whitespace, numbers and strings as ECMAScript's
 * JSON.stringify writes them. One difference: a lone surrogate, which RFC 8785
 * (I-JSON) cannot serialise, is written as a `\uXXXX` escape rather than rejected.
 * test/receipt/jcs.test.ts checks the scheme's published test vectors.
 * Only plain JSON data is accepted, so the same receipt always hashes the same way
 * after a JSON round trip.
 */
import { createHash } from 'node:crypto';
import { jsonSlotOf } from '../kept-json.js';

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

/**
 * Serialise plain JSON data canonically.
 * Object properties whose value is `undefined` are omitted (JSON.stringify does the
 * same, so a round trip keeps the digest); `undefined` anywhere else, non-finite
 * numbers, functions, symbols, bigints and non-plain objects (Date, Map …) throw.
 */
export function canonicalJson(value: unknown): string {
  const kept = keptJson(value);
  if (kept !== null) return kept;
  // A list whose every item keeps its JSON (a verdict's commit attributions) is joined, not walked.
  if (Array.isArray(value) && value.length > 0 && jsonSlotOf(value[0]) !== null) {
    const items: string[] = new Array<string>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = keptJson(value[i]);
      if (item === null) return writeCanonical(value);
      items[i] = item;
    }
    return `[${items.join(',')}]`;
  }
  return writeCanonical(value);
}

function writeCanonical(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value, 0));
  } catch (error) {
    if (!(error instanceof Unwritable)) throw error;
  }
  try {
    return fast(value, 0);
  } catch (error) {
    if (!(error instanceof Unwritable)) throw error;
    // Something cannot be written, or nests deeper than the fast path goes: the careful
    // walk says exactly where and why, or writes what is merely deep.
    return carefulCanonicalJson(value);
  }
}

/** A value's canonical JSON kept in its slot (src/kept-json.ts), written there the first time; null without a slot. */
function keptJson(value: unknown): string | null {
  const slot = jsonSlotOf(value);
  if (slot === null) return null;
  return (slot.json ??= flat(writeCanonical(value)));
}

/**
 * The same string, flattened: V8's JSON.stringify returns a string of several
 * pieces joined (a tree of cons strings), which a kept value holds for as long
 * as it lives, about a third more than the characters. Reading a character
 * makes V8 copy them into one piece (measured: 616 → 475 bytes for a commit's
 * 443-character JSON).
 */
function flat(json: string): string {
  json.charCodeAt(0);
  return json;
}

/**
 * The careful walk alone (path bookkeeping, a cycle set, an array of parts):
 * the same bytes as canonicalJson, which takes it only when the fast path
 * cannot write a value. Exported for `npm run bench`, which measures both.
 */
export function carefulCanonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, [], out, new Set());
  return out.join('');
}

/** Thrown by the fast path; the careful walk then words the error. */
class Unwritable extends Error {}

/** Past this depth the value may be cyclic: the careful walk, which tracks what it has seen, takes over. */
const MAX_FAST_DEPTH = 512;

/**
 * A key JSON.stringify would not write in insertion order: V8 lists
 * array-index keys ("0" to "4294967294") first, in numeric order. Any numeral
 * of up to ten digits counts here, which only sends a few more objects to `fast`.
 */
const INDEX_LIKE = /^(?:0|[1-9][0-9]{0,9})$/;

/**
 * Both fast paths' check of one value: false for a string, boolean, finite
 * number or null (written as JSON.stringify writes it), true for an object or
 * array to walk; anything else, or nesting past MAX_FAST_DEPTH, is Unwritable.
 */
function isWalkable(value: unknown, depth: number): value is object {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return false;
    case 'number':
      if (!Number.isFinite(value)) throw new Unwritable();
      return false;
    case 'object':
      if (value === null) return false;
      if (depth > MAX_FAST_DEPTH) throw new Unwritable();
      return true;
    default:
      throw new Unwritable();
  }
}

/**
 * The hot path: a copy of the value whose objects hold their keys in sorted
 * order, for the native JSON.stringify to write (it keeps insertion order for
 * every other key). It checks what `fast` checks; a key it cannot place
 * (index-like, or `__proto__`, which an assignment would not create) sends the
 * value to `fast`. 4× faster than `fast` on a 2 MB snapshot.
 */
function sortedCopy(value: unknown, depth: number): unknown {
  if (!isWalkable(value, depth)) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) throw new Unwritable();
      copy[i] = sortedCopy(item, depth + 1);
    }
    return copy;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Unwritable();
  const record = value as Record<string, unknown>;
  // A plain object (a prototype-less one is twice as slow to write). Only code could put a
  // callable toJSON or a setter on Object.prototype; data, even a parsed `__proto__`, cannot.
  const copy: Record<string, unknown> = {};
  const keys = sortedKeys(record);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === '__proto__' || INDEX_LIKE.test(k)) throw new Unwritable();
    const v = record[k];
    if (v !== undefined) copy[k] = sortedCopy(v, depth + 1);
  }
  return copy;
}

/** Up to this many keys, an object's keys are sorted in place (see sortedKeys). */
const SMALL_OBJECT = 16;

/**
 * An object's own enumerable keys in UTF-16 code-unit order, as
 * `Object.keys(o).sort()` gives them. V8's sort copies the array it sorts:
 * on the handful of keys most objects have, that copy was a quarter of
 * everything the App allocated to evaluate a pull request. Those are sorted
 * in place, by insertion (`<` on strings compares code units, as sort does).
 */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  if (keys.length > SMALL_OBJECT) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * The second path, for what `sortedCopy` cannot place: string concatenation
 * (V8 builds ropes, no intermediate arrays), no path bookkeeping, no cycle set
 * (depth bounds recursion instead).
 * Same bytes as `write`, which the tests check on generated values.
 */
function fast(value: unknown, depth: number): string {
  if (!isWalkable(value, depth)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let s = '[' + fast(value[0], depth + 1);
    for (let i = 1; i < value.length; i++) s += ',' + fast(value[i], depth + 1);
    return s + ']';
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Unwritable();
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    s += (first ? '' : ',') + JSON.stringify(k) + ':' + fast(v, depth + 1);
    first = false;
  }
  return s + '}';
}

/** `$.a.b[2]`: built only for an error message, so the hot path allocates no path strings. */
function where(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((at, step) => (typeof step === 'number' ? `${at}[${step}]` : `${at}.${step}`), '$');
}

function write(value: unknown, path: Array<string | number>, out: string[], seen: Set<object>): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(`canonical JSON: ${where(path)} is ${String(value)}; only finite numbers can be written`);
      }
      out.push(JSON.stringify(value));
      return;
    case 'undefined':
      throw new CanonicalJsonError(`canonical JSON: ${where(path)} is undefined; use null or leave the property out`);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`canonical JSON: ${where(path)} is a ${typeof value}; only JSON data can be written`);
  }

  const obj = value;
  if (seen.has(obj)) throw new CanonicalJsonError(`canonical JSON: ${where(path)} refers back to itself`);
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(',');
      path.push(i);
      write(obj[i], path, out, seen);
      path.pop();
    }
    out.push(']');
  } else {
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(`canonical JSON: ${where(path)} is a ${kind}; convert it to plain JSON data first`);
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push('{');
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      path.push(k);
      write(record[k], path, out, seen);
      path.pop();
    }
    out.push('}');
  }
  seen.delete(obj);
}

/** `sha256:<hex>` of the UTF-8 bytes of a string. */
export function sha256Tagged(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
