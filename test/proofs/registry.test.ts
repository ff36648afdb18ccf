/** The registry is the one list of proof kinds: everything about kinds is derived from it. */
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/policy/json-schema.js';
import { policySchema } from '../../src/policy/schema.js';
import { PROOF_KINDS, proofKinds } from '../../src/proofs/registry.js';

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
