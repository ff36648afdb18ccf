/**
 * A commit attribution from attribution's memo keeps its canonical JSON
 * (src/kept-json.ts), and the verdict fingerprint joins it. The bytes must be
 * the ones the full walk writes, for the probe, the receipt and a receipt
 * read back from GitHub alike, and no copy of an attribution may carry
 * JSON that is no longer its own.
 */
import { describe, expect, it } from 'vitest';
import { attribute } from '../../src/attribution/attribute.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { verdictFingerprint, verdictFingerprintFor } from '../../src/gate/annotations.js';
import { freezeWithJsonSlot, jsonSlotOf } from '../../src/kept-json.js';
import { loadPolicy } from '../../src/policy/load.js';
import { carefulCanonicalJson } from '../../src/receipt/canonical.js';
import { buildReceipt, canonicalJson, verifyReceipt, type Receipt } from '../../src/receipt/json.js';
import { emptySnapshot, type Identity, type Snapshot } from '../../src/snapshot.js';

const alice: Identity = { name: 'Alice Example', email: 'alice@example.com', login: 'alice', isBot: false };
const claude = 'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>';

function pullRequest(messages: string[], body: string | null = null): Snapshot {
  const snapshot = emptySnapshot('b'.repeat(40), 'c'.repeat(40));
  snapshot.pullRequest = { number: 7, title: 'Change', author: { login: 'alice', isBot: false }, labels: [], draft: false, url: null, body };
  snapshot.files = [{ path: 'src/auth/token.ts', status: 'modified', previousPath: null, additions: 3, deletions: 1 }];
  snapshot.commits = messages.map((message, i) => ({
    sha: `${String(i).padStart(2, '0')}${'e'.repeat(38)}`,
    message,
    author: alice,
    committer: alice,
    parents: [],
    authoredAt: '2026-11-20T10:00:00Z',
    files: ['src/auth/token.ts'],
    signature: null,
  }));
  return snapshot;
}

describe('kept canonical JSON of commit attributions', () => {
  it('is what the full walk writes, and the fingerprint the probe computes is the receipt’s, read back or not', () => {
    const loaded = loadPolicy('version: 1\nroutes:\n  - name: auth\n    paths: ["src/auth/**"]\n', { path: 'p.yml', origin: 'file', ref: null });
    if (!loaded.ok) throw new Error('policy');
    const snapshot = pullRequest([`Add token refresh\n\n${claude}\n`, 'Fix a typo\n', `Follow-up\n\n${claude}\n`]);
    // Twice: the second evaluation gets the memo's frozen attributions, whose JSON is kept by then.
    for (let round = 0; round < 2; round++) {
      const verdict = evaluate(loaded.policy, structuredClone(snapshot), { now: new Date('2026-11-20T12:00:00Z') });
      for (const c of verdict.attribution.commits) {
        expect(jsonSlotOf(c)).not.toBeNull();
        expect(canonicalJson(c)).toBe(carefulCanonicalJson(c));
      }
      expect(canonicalJson(verdict.attribution.commits)).toBe(carefulCanonicalJson(verdict.attribution.commits));
      const receipt = buildReceipt(verdict, snapshot);
      expect(verifyReceipt(JSON.parse(JSON.stringify(receipt))).ok).toBe(true);
      expect(verdictFingerprintFor(verdict, snapshot)).toBe(verdictFingerprint(receipt));
      expect(verdictFingerprint(JSON.parse(JSON.stringify(receipt)) as Receipt)).toBe(verdictFingerprint(receipt));
    }
  });

  it('is not carried by a copy: a commit the pull request’s evidence changes is written as it now is', () => {
    const message = 'Fix a typo\n';
    const plain = attribute(pullRequest([message]), { unattributed: 'human' }).commits[0]!;
    expect(plain.agent).toBeNull();
    canonicalJson(plain); // fills its slot
    // The same commit in a PR whose description names an agent: it takes the PR's evidence, a new object.
    const claimed = attribute(pullRequest([message], 'Generated with [Claude Code](https://claude.com/claude-code)'), { unattributed: 'human' }).commits[0]!;
    expect(claimed).not.toBe(plain);
    expect(claimed.agent).toBe('claude-code');
    expect(jsonSlotOf(claimed)).toBeNull();
    expect(canonicalJson(claimed)).toBe(carefulCanonicalJson(claimed));
    expect(canonicalJson({ ...plain, agent: 'x' })).toContain('"agent":"x"');
    expect(canonicalJson(structuredClone(plain))).toBe(canonicalJson(plain));
  });

  it('is kept only for deep-frozen data, and a list joins kept JSON only when every item keeps it', () => {
    expect(() => freezeWithJsonSlot({ list: ['a'] })).toThrow(/not frozen/);
    // Frozen on the outside only: refused every time it is offered, also after a deep-frozen sibling was accepted.
    const shell = Object.freeze({ inner: { x: 1 } });
    const solid = Object.freeze({ inner: Object.freeze({ x: 1 }) });
    expect(() => freezeWithJsonSlot({ shell })).toThrow(/not frozen/);
    expect(freezeWithJsonSlot({ solid, list: Object.freeze([solid]) })).toBeTruthy();
    expect(() => freezeWithJsonSlot({ solid, list: Object.freeze([solid, shell]) })).toThrow(/not frozen/);
    expect(() => freezeWithJsonSlot({ shell })).toThrow(/not frozen/);
    const kept = freezeWithJsonSlot({ b: 1, a: Object.freeze(['x']) });
    const loose = { b: 2, a: ['y'] };
    expect(canonicalJson([kept, loose])).toBe('[{"a":["x"],"b":1},{"a":["y"],"b":2}]');
    loose.b = 3;
    expect(canonicalJson([kept, loose])).toBe('[{"a":["x"],"b":1},{"a":["y"],"b":3}]');
    // Parsed data never has a slot, whatever its keys.
    expect(jsonSlotOf(JSON.parse('{"proofgate.keptJson":{"json":"[]"}}'))).toBeNull();
  });
});
