/** Canonical JSON is RFC 8785 (JCS): checked on the scheme's published test vectors. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/receipt/canonical.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/jcs');
const names = readdirSync(path.join(dir, 'input'))
  .filter((n) => n.endsWith('.json'))
  .sort();

describe('RFC 8785 test data (cyberphone/json-canonicalization testdata)', () => {
  it('has the six published cases', () => {
    expect(names).toEqual(['arrays.json', 'french.json', 'structures.json', 'unicode.json', 'values.json', 'weird.json']);
  });

  it.each(names)('%s canonicalises to the published bytes', (name) => {
    const input = JSON.parse(readFileSync(path.join(dir, 'input', name), 'utf8'));
    const expected = readFileSync(path.join(dir, 'output', name));
    expect(Buffer.from(canonicalJson(input), 'utf8').equals(expected)).toBe(true);
    expect(canonicalJson(input)).toBe(expected.toString('utf8'));
  });
});

/** RFC 8785 Appendix B: IEEE 754 double (hex) → its serialisation. */
const NUMBERS: Array<[string, string]> = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

function fromHex(hex: string): number {
  const buf = Buffer.from(hex.padStart(16, '0'), 'hex');
  return buf.readDoubleBE(0);
}

describe('RFC 8785 Appendix B numbers', () => {
  it.each(NUMBERS)('%s → %s', (hex, expected) => {
    expect(canonicalJson(fromHex(hex))).toBe(expected);
    expect(canonicalJson([fromHex(hex)])).toBe(`[${expected}]`);
  });

  it('rejects NaN and Infinity, which RFC 8785 cannot serialise', () => {
    for (const hex of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) expect(() => canonicalJson(fromHex(hex))).toThrow(/only finite numbers/);
  });
});

describe('the one difference from RFC 8785', () => {
  it('writes a lone surrogate as a \\u escape (ECMAScript JSON.stringify), where RFC 8785 (I-JSON) has no serialisation', () => {
    expect(canonicalJson('\uDC00')).toBe('"\\udc00"');
    expect(canonicalJson({ a: 'x\uD800y' })).toBe('{"a":"x\\ud800y"}');
  });
});
