/**
 * Canonical JSON: the exact bytes a receipt digest is computed over.
 *
 * Object keys are sorted (UTF-16 code-unit order, as RFC 8785 does), there is no
 * whitespace, and numbers and strings are written as JSON.stringify writes them.
 * Only plain JSON data is accepted, so the same receipt always hashes the same way
 * after a JSON round trip.
 */
import { createHash } from 'node:crypto';

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
  const out: string[] = [];
  write(value, [], out, new Set());
  return out.join('');
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

  const obj = value as object;
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
