/**
 * One commit heading two open pull requests: GitHub shows one `proofgate`
 * check per commit, so the newest verdict written there speaks for both.
 * A pull request into a branch without a policy (neutral) or with a looser
 * one would show its verdict on the other's head.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { noPolicyVerdict } from '../../src/gate/no-policy.js';
import { commit, human, NOW, policy, pr } from '../support/snapshots.js';

const open = policy({ version: 1, routes: [{ name: 'docs', paths: ['docs/**'], require: [], appliesTo: 'all' }], default: { require: [] } });
const humanDocs = () => pr([commit('Fix a typo', ['docs/intro.md'], human('alice'))]);

describe('a head commit shared with another open pull request', () => {
  it('passes when the loader listed every pull request and none shares the head', () => {
    const v = evaluate(open, { ...humanDocs(), sharedHead: { pullRequests: [], complete: true } }, { now: NOW });
    expect(v.conclusion).toBe('success');
  });

  it('fails, naming the other pull request, when one shares the head', () => {
    const v = evaluate(open, { ...humanDocs(), sharedHead: { pullRequests: [12, 40], complete: true } }, { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations).toEqual([expect.objectContaining({ kind: 'limit', message: expect.stringContaining('(#12, #40)') as string })]);
    expect(v.violations[0]!.next).toMatch(/head commit of its own/);
  });

  it('fails when GitHub did not list every pull request with the commit', () => {
    const v = evaluate(open, { ...humanDocs(), sharedHead: { pullRequests: [], complete: false } }, { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]!.message).toMatch(/did not list every pull request/);
  });

  it('is not neutral without a policy either: the other pull request may be gated', () => {
    const alone = noPolicyVerdict('.github/proofgate.yml', 'acme', { ...humanDocs(), sharedHead: { pullRequests: [], complete: true } }, NOW);
    expect(alone.conclusion).toBe('neutral');
    const shared = noPolicyVerdict('.github/proofgate.yml', 'acme', { ...humanDocs(), sharedHead: { pullRequests: [7], complete: true } }, NOW);
    expect(shared.conclusion).toBe('failure');
    expect(shared.title).toContain('#7');
  });
});
