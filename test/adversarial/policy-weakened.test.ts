/**
 * Attack class: the policy weakened in the PR (docs/policy.md, first
 * paragraph and "Changing the policy"). proofgate judges a PR by the base
 * branch's policy; a PR that changes the policy file, by any name or a rename,
 * also needs `policy-change-approval` from an independent writer on the head.
 */
import { expect } from 'vitest';
import { POLICY_CHANGE_PROOF } from '../../src/engine/evaluate.js';
import type { ChangedFile } from '../../src/snapshot.js';
import { agentCommit, claude, commit, human, policy, pr, review, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const strict = policy({
  version: 1,
  tiers: { strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'src', paths: ['src/**'], tiers: ['strong'], require: ['tests'] }],
});
const green = [run('tests', 'success')];
const haiku = claude('Claude Haiku 4.5');
const weakened = 'version: 1\nroutes: []\n';
const renamed = (path: string, previousPath: string): ChangedFile => ({ path, previousPath, status: 'renamed', additions: 0, deletions: 0 });
const approvalOf = (v: { proofs: Array<{ name: string; status: string }> }) => v.proofs.find((p) => p.name === POLICY_CHANGE_PROOF)?.status;

/** The organisation default, as the App reads it from the owner's `.github` repository (src/github/load.ts). */
const orgDefault = { ...strict, source: { ...strict.source, path: 'acme/.github/proofgate.yml', origin: 'organization' as const } };
const inDotGithub = (files: string[]) => ({ ...pr([commit('x', files, human('alice'))]), repository: { owner: 'acme', name: '.github' } });

attackTable('policy weakened in the pull request', [
  {
    name: 'a PR that empties the policy and adds a fast-model change is judged by the base policy',
    policy: strict,
    snapshot: pr([agentCommit(['.github/proofgate.yml'], claude()), agentCommit(['src/a.ts'], haiku)], { checkRuns: green }),
    expected: 'failure',
    also: (v) => {
      expect(v.violations.some((x) => x.kind === 'tier')).toBe(true);
      expect(approvalOf(v)).toBe('pending');
    },
  },
  {
    name: 'a human-only policy change still needs the approval',
    policy: strict,
    snapshot: pr([commit(weakened, ['.github/proofgate.yml'], human('alice'))]),
    expected: 'pending',
  },
  {
    name: 'the .yaml spelling of the policy file is the policy file too',
    policy: strict,
    snapshot: pr([commit('x', ['.github/proofgate.yaml'], human('alice'))]),
    expected: 'pending',
    also: (v) => expect(approvalOf(v)).toBe('pending'),
  },
  {
    name: 'renaming the policy file away counts as changing it',
    policy: strict,
    snapshot: { ...pr([commit('x', ['.github/proofgate.old'], human('alice'))]), files: [renamed('.github/proofgate.old', '.github/proofgate.yml')] },
    expected: 'pending',
    also: (v) => expect(approvalOf(v)).toBe('pending'),
  },
  {
    // That file is every repository's policy where none has its own, this one's included.
    name: "in the organisation's .github repository, changing its proofgate.yml (the organisation default) needs the approval",
    policy: orgDefault,
    snapshot: inDotGithub(['proofgate.yml']),
    expected: 'pending',
    also: (v) => expect(approvalOf(v)).toBe('pending'),
  },
  {
    name: "in the organisation's .github repository, the organisation default is a policy file even where the repository has a policy of its own",
    policy: strict,
    snapshot: inDotGithub(['proofgate.yml']),
    expected: 'pending',
    also: (v) => expect(approvalOf(v)).toBe('pending'),
  },
  {
    // The App or the Action set to read another path: a file there would replace the organisation default.
    name: "adding the repository's own policy at the path the shell reads, while the organisation default is in force, needs the approval",
    policy: orgDefault,
    snapshot: { ...pr([commit('x', ['ci/proofgate.yml'], human('alice'))]), policyPath: 'ci/proofgate.yml' },
    expected: 'pending',
    also: (v) => expect(approvalOf(v)).toBe('pending'),
  },
  {
    name: 'in any other repository, a proofgate.yml at the root is an ordinary file',
    policy: strict,
    snapshot: pr([commit('x', ['proofgate.yml'], human('alice'))]),
    expected: 'neutral',
  },
  {
    name: "the author's own approval of a policy change does not count",
    policy: strict,
    snapshot: pr([commit('x', ['.github/proofgate.yml'], human('alice'))], { reviews: [review('alice')] }),
    expected: 'pending',
  },
  {
    name: "a bot's approval of a policy change does not count",
    policy: strict,
    snapshot: pr([commit('x', ['.github/proofgate.yml'], human('alice'))], { reviews: [review('ci[bot]')] }),
    expected: 'pending',
  },
  {
    name: 'an approval without write access does not count',
    policy: strict,
    snapshot: pr([commit('x', ['.github/proofgate.yml'], human('alice'))], { reviews: [review('outsider', 'APPROVED', { authorCanPush: false })] }),
    expected: 'pending',
  },
  {
    name: "an independent writer's approval on the head lets a human policy change through",
    policy: strict,
    snapshot: pr([commit('x', ['.github/proofgate.yml'], human('alice'))], { reviews: [review('dave')] }),
    expected: 'success',
  },
]);
