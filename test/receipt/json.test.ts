import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReceipt, canonicalJson, computeDigest, receiptJson, verifyReceipt } from '../../src/receipt/json.js';
import { TOOL_VERSION } from '../../src/version.js';
import { commit, HEAD_SHA, snapshot, verdict } from '../support/verdicts.js';

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reversed = reverseKeys(value);
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        // and it is valid JSON for the same data
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('omits undefined properties, as a JSON round trip would', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('rejects undefined elsewhere, non-finite numbers and non-JSON objects with the path', () => {
    expect(() => canonicalJson([1, undefined])).toThrow('$[1] is undefined');
    expect(() => canonicalJson({ n: { x: Number.NaN } })).toThrow('$.n.x is NaN; only finite numbers');
    expect(() => canonicalJson({ n: Infinity })).toThrow('$.n is Infinity');
    expect(() => canonicalJson({ d: new Date(0) })).toThrow('$.d is a Date');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f is a function');
    expect(() => canonicalJson(10n)).toThrow('$ is a bigint');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow('refers back to itself');
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).reverse()) {
      // defineProperty, so a generated "__proto__" key stays an ordinary key
      Object.defineProperty(out, k, { value: reverseKeys((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

describe('buildReceipt', () => {
  it('records tool, PR, range, policy, attribution, verdict and a digest', () => {
    const r = buildReceipt(verdict(), snapshot());
    expect(r.receiptVersion).toBe(1);
    expect(r.tool).toEqual({ name: 'proofgate', version: TOOL_VERSION });
    expect(r.repository).toEqual({ owner: 'acme', name: 'widgets' });
    expect(r.pullRequest).toEqual({ number: 42, url: 'https://github.com/acme/widgets/pull/42' });
    expect(r.head.sha).toBe(HEAD_SHA);
    expect(r.policy.path).toBe('.github/proofgate.yml');
    expect(r.conclusion).toBe('failure');
    expect(r.attribution.commits[0]).toMatchObject({ sha: commit(1).sha, agent: 'claude-code', model: 'claude-sonnet-4-5' });
    expect(r.evaluatedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(r.snapshotDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.digest).toBe(computeDigest(r));
  });

  it('takes the tool version from meta and caps file claims, keeping the count', () => {
    const claims = Array.from({ length: 5 }, (_, i) => ({ path: `f${i}`, agent: null, model: 'm', commitSha: null, source: 'x' }));
    const v = verdict({ attribution: { commits: [], fileClaims: claims, sessions: [], problems: [] } });
    const r = buildReceipt(v, snapshot(), { toolVersion: '9.9.9', maxFileClaims: 2 });
    expect(r.tool.version).toBe('9.9.9');
    expect(r.attribution.fileClaims.map((c) => c.path)).toEqual(['f0', 'f1']);
    expect(r.attribution.fileClaimCount).toBe(5);
  });

  it('is deterministic and shares no objects with the verdict', () => {
    const v = verdict();
    const a = buildReceipt(v, snapshot());
    v.violations[0]!.message = 'changed later';
    expect(a.violations[0]!.message).not.toBe('changed later');
    expect(buildReceipt(verdict(), snapshot()).digest).toBe(a.digest);
  });

  it('records the PR as null for a local range', () => {
    const r = buildReceipt(verdict(), snapshot({ pullRequest: null, repository: null }));
    expect(r.pullRequest).toBeNull();
    expect(r.repository).toBeNull();
  });
});

describe('verifyReceipt', () => {
  it('accepts a receipt after a JSON round trip, whatever the key order or whitespace', () => {
    const r = buildReceipt(verdict(), snapshot());
    const parsed: unknown = JSON.parse(JSON.stringify(reverseKeys(r), null, 2));
    expect(verifyReceipt(parsed)).toEqual({ ok: true, expected: r.digest, actual: r.digest, reason: null });
  });

  it('rejects a receipt with one field changed', () => {
    const r = JSON.parse(JSON.stringify(buildReceipt(verdict(), snapshot()))) as ReturnType<typeof buildReceipt>;
    r.conclusion = 'success';
    const result = verifyReceipt(r);
    expect(result.ok).toBe(false);
    expect(result.actual).toBe(buildReceipt(verdict(), snapshot()).digest);
    expect(result.expected).not.toBe(result.actual);
    expect(result.reason).toMatch(/digest mismatch/);
  });

  it('rejects a nested change, a missing digest, and things that are not receipts', () => {
    const r = JSON.parse(JSON.stringify(buildReceipt(verdict(), snapshot()))) as Record<string, any>;
    r.attribution.commits[0].model = 'claude-opus-4-6';
    expect(verifyReceipt(r).ok).toBe(false);

    const { digest: _d, ...noDigest } = buildReceipt(verdict(), snapshot());
    expect(verifyReceipt(noDigest)).toMatchObject({ ok: false, actual: null, reason: 'the receipt has no digest field' });
    expect(verifyReceipt(noDigest).expected).toMatch(/^sha256:/);

    expect(verifyReceipt(null)).toMatchObject({ ok: false, actual: null });
    expect(verifyReceipt([1])).toMatchObject({ ok: false, reason: 'not a receipt: expected a JSON object' });
    expect(verifyReceipt({ ...buildReceipt(verdict(), snapshot()), receiptVersion: 2 }).reason).toMatch(/unsupported receiptVersion 2/);
  });
});

describe('receiptJson', () => {
  it('is the canonical JSON of the receipt, digest included', () => {
    const receipt = buildReceipt(verdict(), snapshot());
    expect(receiptJson(receipt)).toBe(canonicalJson(receipt));
    expect(receiptJson(JSON.parse(JSON.stringify(receipt)))).toBe(canonicalJson(receipt));
  });
});

describe('canonicalJson fast path', () => {
  /** The definition: keys sorted by UTF-16 code units, no whitespace, JSON.stringify's strings and numbers. */
  function reference(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
    }
    return JSON.stringify(value);
  }

  it('writes the same bytes as the definition on generated JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('writes the same bytes as the definition for keys JSON.stringify would reorder or an assignment would not create', () => {
    // V8 writes array-index keys first in numeric order; `__proto__` assigned to an object sets its prototype.
    const key = fc.constantFrom('__proto__', '0', '1', '9', '10', '4294967294', '4294967295', '01', '-1', '1.5', 'a', 'B', 'é', '😀', '', 'toJSON');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        tie('object'),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
      object: fc.array(fc.tuple(key, tie('node')), { maxLength: 6 }).map((entries) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        return o;
      }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":2},"10":3,"9":4}'))).toBe('{"10":3,"9":4,"__proto__":{"x":2},"b":1}');
  });

  it('orders keys by UTF-16 code units whether an object has few keys (sorted in place) or many', () => {
    // Code-unit order, not code-point order: U+FF71 sorts after U+D83D (the high surrogate of 😀). No
    // index-like keys: V8 lists those first, and canonicalJson writes them by another path.
    const alphabet = ['b', 'a', 'B', '_', 'é', 'ｱ', '😀', 'ab', 'a b', '', 'Z', 'z', '\u0000', '~', 'x-y', 'x_y', 'xy', 'x', 'aa'];
    for (const size of [2, 5, 16, 17, alphabet.length]) {
      fc.assert(
        fc.property(fc.shuffledSubarray(alphabet, { minLength: size, maxLength: size }), (keys) => {
          const value = Object.fromEntries(keys.map((k, i) => [k, i]));
          expect(canonicalJson(value)).toBe(reference(value));
          expect(Object.keys(JSON.parse(canonicalJson(value)) as object)).toEqual(Object.keys(value).sort());
        }),
        { numRuns: 50 },
      );
    }
  });

  it('writes values nested deeper than the fast path goes, and still finds a cycle deep down', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 2000; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(canonicalJson(deep)).toBe(reference(deep));
    const loop: Record<string, unknown> = {};
    let node: Record<string, unknown> = loop;
    for (let i = 0; i < 600; i++) node = node.next = {};
    node.back = loop;
    expect(() => canonicalJson(loop)).toThrow('refers back to itself');
  });
});
