import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { defaultPolicy } from '../../src/policy/default.js';
import { agentCommit, commit, human, NOW, policy, pr, review } from '../support/snapshots.js';

const cursor = 'Co-authored-by: Cursor <cursoragent@cursor.com>';
const withProofs = policy({
  version: 1,
  tiers: { strong: ['claude-opus-*'] },
  proofs: { 'human-review': { kind: 'review' }, 'second-review': { kind: 'review', count: 2 } },
  routes: [{ name: 'sensitive', paths: ['src/auth/**'], tiers: ['strong'], require: ['human-review'] }],
  attribution: { unknownModel: { require: ['second-review'] } },
});

describe('attribution.unknownModel: { require }', () => {
  it('adds the proofs to a tier route an agent without a model touched, instead of refusing it', () => {
    const v = evaluate(withProofs, pr([agentCommit(['src/auth/a.ts'], cursor)]), { now: NOW });
    expect(v.violations.map((x) => x.kind)).not.toContain('unknown-model');
    expect(v.routes.find((r) => r.name === 'sensitive')?.required).toEqual(['human-review', 'second-review']);
    expect(v.notes).toContain('route sensitive: cursor named no model, so attribution.unknownModel requires `second-review`');
    expect(v.conclusion).toBe('pending');
  });

  it('is satisfied only when the added proof passes', () => {
    const one = evaluate(withProofs, pr([agentCommit(['src/auth/a.ts'], cursor)], { reviews: [review('bob')] }), { now: NOW });
    expect(one.proofs.find((p) => p.name === 'second-review')?.status).not.toBe('pass');
    expect(one.conclusion).not.toBe('success');
    const two = evaluate(withProofs, pr([agentCommit(['src/auth/a.ts'], cursor)], { reviews: [review('bob'), review('carol')] }), { now: NOW });
    expect(two.conclusion).toBe('success');
  });

  it('rewards a declared strong model: it needs only the route’s own proof', () => {
    const v = evaluate(withProofs, pr([agentCommit(['src/auth/a.ts'])], { reviews: [review('bob')] }), { now: NOW });
    expect(v.routes.find((r) => r.name === 'sensitive')?.required).toEqual(['human-review']);
    expect(v.conclusion).toBe('success');
  });

  it('leaves routes without tiers and human commits alone', () => {
    const v = evaluate(withProofs, pr([commit('Fix', ['src/auth/a.ts'], human('bob'))]), { now: NOW });
    expect(v.proofs).toEqual([]);
    expect(v.notes).toEqual([]);
  });
});

describe('the built-in default on an agent change that names no model', () => {
  const snapshot = (reviews: ReturnType<typeof review>[]) => pr([agentCommit(['.github/workflows/ci.yml', 'src/app.ts'], cursor)], { reviews });

  it('does not fail it for the missing declaration: two human approvals let it through', () => {
    const none = evaluate(defaultPolicy(), snapshot([]), { now: NOW });
    expect(none.conclusion).toBe('pending');
    expect(none.violations.map((x) => x.kind)).not.toContain('unknown-model');
    expect(evaluate(defaultPolicy(), snapshot([review('bob')]), { now: NOW }).conclusion).toBe('pending');
    expect(evaluate(defaultPolicy(), snapshot([review('bob'), review('carol')]), { now: NOW }).conclusion).toBe('success');
  });

  it('still refuses a declared weak model on a sensitive path', () => {
    const haiku = 'Co-Authored-By: Claude Haiku 4.5 <noreply@anthropic.com>';
    const v = evaluate(defaultPolicy(), pr([agentCommit(['.github/workflows/ci.yml'], haiku)], { reviews: [review('bob'), review('carol')] }), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations.map((x) => x.kind)).toContain('tier');
  });
});
