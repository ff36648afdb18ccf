/** The registry is the one list of proof kinds: everything about kinds is derived from it. */
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/policy/json-schema.js';
import { policySchema, proofSchema } from '../../src/policy/schema.js';
import { PROOF_KINDS, proofChangedBy, proofKinds, proofWaitsOnCi, readsSessions, teamsNeeded, type Proof } from '../../src/proofs/registry.js';

describe('proof kind registry', () => {
  it('registers each module under the kind it declares', () => {
    for (const [key, module] of Object.entries(proofKinds)) expect(module.kind).toBe(key);
    expect(PROOF_KINDS).toEqual(['check', 'review', 'ledger']);
  });

  it('the policy schema accepts exactly the registered kinds', () => {
    const parse = (kind: string) => policySchema.shape.proofs.unwrap().valueType.safeParse({ kind }).error?.issues[0];
    const unknown = parse('attestation');
    expect(unknown?.code).toBe('invalid_union');
    for (const kind of PROOF_KINDS) expect(parse(kind)?.code).not.toBe('invalid_union');
  });

  it('each kind describes itself in the JSON Schema editors read', () => {
    const text = JSON.stringify(policyJsonSchema());
    for (const module of Object.values(proofKinds)) expect(text).toContain(JSON.stringify(module.summary));
  });
});

describe('what the registry derives from each kind', () => {
  const parse = (proof: object) => proofSchema.parse(proof);
  const check = parse({ kind: 'check', name: 'ci' });
  const review = parse({ kind: 'review', users: ['carol'], teams: ['acme/sec'] });
  const ledger = parse({ kind: 'ledger', validation: 'unit', trust: 'self-reported' });
  const signal = { kind: 'check-run', name: 'ci', app: 'github-actions' } as const;

  it('names each proof in a short phrase', () => {
    expect([check, review, ledger].map((p) => (proofKinds[p.kind].describe as (p: Proof) => string)(p))).toEqual([
      'check `ci`',
      'review from @carol or @acme/sec with write access',
      'ledger validation `unit`',
    ]);
  });

  it('only check proofs wait on CI signals; reviews and ledgers change on pushes and reviews', () => {
    expect(PROOF_KINDS.filter(proofWaitsOnCi)).toEqual(['check']);
    expect(proofChangedBy(check, signal)).toBe(true);
    expect(proofChangedBy(review, signal)).toBe(false);
    expect(proofChangedBy(ledger, { kind: 'status', context: 'unit' })).toBe(false);
  });

  it('asks for the teams review proofs read, and says which proofs read session ledgers', () => {
    expect([check, review, ledger].map(teamsNeeded)).toEqual([[], ['acme/sec'], []]);
    expect([check, review, ledger].map(readsSessions)).toEqual([false, false, true]);
  });
});
