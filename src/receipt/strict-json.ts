/**
 * Reading a receipt file as a verifier must: every JSON reader has to see the
 * receipt whose digest is checked. Two things let readers disagree, and
 * neither is ever in a receipt proofgate writes:
 *
 * - an object that repeats a member: JSON.parse keeps the last, other readers
 *   keep the first (RFC 8259 leaves it open), so a genuine receipt with a
 *   `"conclusion": "success"` put before its own still has the published digest;
 * - bytes that are not UTF-8: a lenient decoder reads U+FFFD, others something else.
 */

export class ReceiptBytesError extends Error {
  override name = 'ReceiptBytesError';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a receipt file; throws ReceiptBytesError when the bytes are not UTF-8. */
export function receiptTextOf(bytes: Uint8Array, file: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ReceiptBytesError(`${file} is not UTF-8: a receipt proofgate writes always is, and readers decode other bytes differently`);
  }
}

/** Throws ReceiptBytesError when some object of `text` (JSON that JSON.parse accepts) names a member twice. */
export function requireUniqueMembers(text: string, file: string): void {
  const name = repeatedMember(text);
  if (name !== null) {
    throw new ReceiptBytesError(
      `${file}: the member ${JSON.stringify(name)} appears twice in one object; a receipt proofgate writes never repeats one, and readers disagree on which counts`,
    );
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first member name some object repeats (compared after unescaping, so
 * `"\u0063onclusion"` repeats `"conclusion"`), or null. `text` must be JSON
 * that JSON.parse accepted: then a string right after `{`, or after `,` inside
 * an object, is a member name, and every other string is a value.
 */
export function repeatedMember(text: string): string | null {
  // One set of names per open object; null for an open array.
  const open: Array<Set<string> | null> = [];
  let nameNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      while (text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
      const names = open[open.length - 1];
      if (nameNext && names) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
      }
      nameNext = false;
      i = end;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      nameNext = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      nameNext = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
    } else if (c === 0x2c /* , */) {
      nameNext = open[open.length - 1] != null;
    }
  }
  return null;
}
