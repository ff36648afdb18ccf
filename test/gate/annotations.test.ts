import { describe, expect, it } from 'vitest';
import { planAnnotations, receiptDigestOf } from '../../src/gate/annotations.js';
import type { Receipt } from '../../src/receipt/json.js';

const error = (line: number) => ({ file: '.github/proofgate.yml', line, column: 3, path: 'routes[0]', message: `bad ${line}`, hint: null });
const receipt = (digest: string, lines: number[]): Receipt => ({ digest, policyErrors: lines.map(error), violations: [] }) as unknown as Receipt;

describe('planAnnotations', () => {
  it('sends annotations once per distinct set and records their fingerprint in external_id', () => {
    const first = planAnnotations(receipt('sha256:aaa', [4, 9]), null);
    expect(first.annotations).toHaveLength(2);
    expect(first.externalId).toMatch(/^sha256:aaa annotations:[0-9a-f]{16}$/);

    const same = planAnnotations(receipt('sha256:bbb', [4, 9]), { externalId: first.externalId });
    expect(same.annotations).toEqual([]);
    expect(same.externalId).toBe(first.externalId.replace('aaa', 'bbb'));

    const changed = planAnnotations(receipt('sha256:ccc', [4]), { externalId: same.externalId });
    expect(changed.annotations).toHaveLength(1);
  });

  it('uses the bare receipt digest when there is nothing to annotate', () => {
    expect(planAnnotations(receipt('sha256:ddd', []), null)).toEqual({ annotations: [], externalId: 'sha256:ddd' });
    const kept = planAnnotations(receipt('sha256:eee', []), { externalId: 'sha256:ddd annotations:0123456789abcdef' });
    expect(kept.externalId).toBe('sha256:eee annotations:0123456789abcdef');
    expect(receiptDigestOf(kept.externalId)).toBe('sha256:eee');
  });
});
