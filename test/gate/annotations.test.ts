import { describe, expect, it } from 'vitest';
import { planAnnotations, receiptDigestOf, verdictFingerprint, verdictFingerprintFor, verdictFingerprintOf } from '../../src/gate/annotations.js';
import { buildReceipt, type Receipt } from '../../src/receipt/json.js';
import { commit, hugeVerdict, proof, snapshot, verdict, violation } from '../support/verdicts.js';

const error = (line: number) => ({ file: '.github/proofgate.yml', line, column: 3, path: 'routes[0]', message: `bad ${line}`, hint: null });
const receipt = (digest: string, lines: number[]): Receipt => ({ digest, policyErrors: lines.map(error), violations: [] }) as unknown as Receipt;

describe('planAnnotations', () => {
  it('sends annotations once per distinct set and records their fingerprint in external_id', () => {
    const first = planAnnotations(receipt('sha256:aaa', [4, 9]), null);
    expect(first.annotations).toHaveLength(2);
    expect(first.externalId).toMatch(/^sha256:aaa annotations:[0-9a-f]{16} verdict:[0-9a-f]{32}$/);

    const same = planAnnotations(receipt('sha256:bbb', [4, 9]), { externalId: first.externalId });
    expect(same.annotations).toEqual([]);
    expect(same.externalId).toBe(first.externalId.replace('aaa', 'bbb'));

    const changed = planAnnotations(receipt('sha256:ccc', [4]), { externalId: same.externalId });
    expect(changed.annotations).toHaveLength(1);
  });

  it('uses the bare receipt digest when there is nothing to annotate', () => {
    const verdict = verdictFingerprint(receipt('sha256:ddd', []));
    expect(planAnnotations(receipt('sha256:ddd', []), null)).toEqual({ annotations: [], externalId: `sha256:ddd verdict:${verdict}` });
    const kept = planAnnotations(receipt('sha256:eee', []), { externalId: 'sha256:ddd annotations:0123456789abcdef' });
    expect(kept.externalId).toBe(`sha256:eee annotations:0123456789abcdef verdict:${verdict}`);
    expect(receiptDigestOf(kept.externalId)).toBe('sha256:eee');
    expect(verdictFingerprintOf(kept.externalId)).toBe(verdict);
    expect(verdictFingerprintOf('sha256:eee annotations:0123456789abcdef')).toBeNull();
  });
});

describe('verdictFingerprint', () => {
  const full = (over: Partial<Receipt>): Receipt =>
    ({ digest: 'sha256:1', evaluatedAt: '2026-01-01T00:00:00Z', conclusion: 'success', title: 'ok', head: { sha: 'a' }, ...over }) as unknown as Receipt;
  it('ignores when the receipt was made, from which exact snapshot, and its digest; nothing else', () => {
    const base = verdictFingerprint(full({}));
    expect(verdictFingerprint(full({ evaluatedAt: '2026-02-02T00:00:00Z', digest: 'sha256:2', snapshotDigest: 'sha256:3' }))).toBe(base);
    expect(verdictFingerprint(full({ conclusion: 'failure' }))).not.toBe(base);
    expect(verdictFingerprint(full({ title: 'not ok' }))).not.toBe(base);
    expect(verdictFingerprint(full({ head: { sha: 'b' } } as unknown as Partial<Receipt>))).not.toBe(base);
  });
});

describe('verdictFingerprintFor (the probe, without building the receipt)', () => {
  it('is the fingerprint of the receipt buildReceipt makes from the same verdict and snapshot', () => {
    const cases = [
      { verdict: verdict(), snapshot: snapshot() },
      {
        verdict: verdict({ conclusion: 'failure', title: 'not ok', proofs: [proof('tests', { status: 'fail' })], violations: [violation()] }),
        snapshot: snapshot(),
      },
      {
        verdict: verdict({ evaluatedAt: '2030-05-05T05:05:05.000Z', attribution: { ...verdict().attribution, commits: [commit(1), commit(2)] } }),
        snapshot: snapshot(),
      },
      // More file claims than a receipt keeps, a large snapshot.
      hugeVerdict(),
    ];
    for (const c of cases) {
      const receipt = buildReceipt(c.verdict, c.snapshot);
      expect(verdictFingerprintFor(c.verdict, c.snapshot)).toBe(verdictFingerprint(receipt));
      // The same, computed afresh from a copy of the receipt (no cache).
      expect(verdictFingerprint(JSON.parse(JSON.stringify(receipt)) as Receipt)).toBe(verdictFingerprint(receipt));
    }
    // and it tells verdicts apart
    expect(verdictFingerprintFor(cases[0]!.verdict, cases[0]!.snapshot)).not.toBe(verdictFingerprintFor(cases[1]!.verdict, cases[1]!.snapshot));
  });
});
