/**
 * Attack class: review independence and staleness (docs/policy.md, `kind:
 * review`, and "Changing the policy"). The party being gated, its agent's
 * driver, bots, outsiders and old approvals cannot make a review proof pass;
 * a request for changes from a reviewer who would count blocks.
 */
import { expect } from 'vitest';
import { POLICY_CHANGE_PROOF } from '../../src/engine/evaluate.js';
import { agentCommit, claude, commit, HEAD, human, policy, pr, review } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const reviewed = policy({ version: 1, proofs: { review: { kind: 'review' } }, routes: [{ name: 'all', paths: ['**'], require: ['review'] }] });
const two = policy({ version: 1, proofs: { review: { kind: 'review', count: 2 } }, routes: [{ name: 'all', paths: ['**'], require: ['review'] }] });
const security = policy({
  version: 1,
  proofs: { review: { kind: 'review', teams: ['acme/security'], users: ['carol'] } },
  routes: [{ name: 'all', paths: ['**'], require: ['review'] }],
});
const botsReview = policy({
  version: 1,
  proofs: { review: { kind: 'review', allowBots: true } },
  routes: [{ name: 'all', paths: ['**'], require: ['review'] }],
});
const OLD = 'o'.repeat(40);

// alice is the PR author (test/support/snapshots.ts `pr`); bob drove the agent.
const bob = human('bob');
const driven = () => [agentCommit(['src/a.ts'], `${claude()}\nCo-authored-by: bob <bob@example.com>`, bob)];
const agentPr = (extra = {}) => pr([agentCommit(['src/a.ts'])], extra);

attackTable('review independence and staleness', [
  { name: 'an approval from a maintainer on the head counts', policy: reviewed, snapshot: agentPr({ reviews: [review('dave')] }), expected: 'success' },
  { name: 'the PR author approving their own PR does not count', policy: reviewed, snapshot: agentPr({ reviews: [review('alice')] }), expected: 'pending' },
  {
    name: 'the co-author of the agent commits (who drove the agent) does not count',
    policy: reviewed,
    snapshot: pr(driven(), { reviews: [review('bob')] }),
    expected: 'pending',
  },
  { name: 'a bot approval does not count', policy: reviewed, snapshot: agentPr({ reviews: [review('helper[bot]')] }), expected: 'pending' },
  {
    name: 'where bots may approve, the bot account of the agent that wrote the commits does not approve its own work',
    policy: botsReview,
    snapshot: agentPr({ reviews: [review('claude[bot]')] }),
    expected: 'pending',
    also: (v) => expect(v.proofs[0]!.evidence[0]).toMatchObject({ counted: false, note: 'account of claude-code, which wrote commits in this pull request' }),
  },
  {
    name: 'where bots may approve, a bot that authored agent commits (by its noreply address) does not approve them',
    policy: botsReview,
    snapshot: pr(
      [agentCommit(['src/a.ts'], claude(), { name: 'Acme Agent', email: '99+acme-agent[bot]@users.noreply.github.com', login: null, isBot: false })],
      {
        reviews: [review('acme-agent[bot]')],
      },
    ),
    expected: 'pending',
  },
  {
    name: "where co-authors may approve, the agent's own machine account that authored the commits does not",
    policy: policy({
      version: 1,
      proofs: { review: { kind: 'review', allowCoauthors: true } },
      routes: [{ name: 'all', paths: ['**'], require: ['review'] }],
    }),
    snapshot: pr([commit('Fix things', ['src/a.ts'], human('openhands-agent', 'openhands@all-hands.dev'))], { reviews: [review('openhands-agent')] }),
    expected: 'pending',
  },
  {
    name: 'where bots may approve, a review bot that wrote no commit of the pull request counts',
    policy: botsReview,
    snapshot: agentPr({ reviews: [review('coderabbitai[bot]')] }),
    expected: 'success',
  },
  {
    name: 'an approval from an account without write access does not count',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('stranger', 'APPROVED', { authorCanPush: false })] }),
    expected: 'pending',
  },
  {
    name: 'an approval given on an earlier commit is stale',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('dave', 'APPROVED', { commitSha: OLD })] }),
    expected: 'pending',
  },
  {
    name: 'an approval of the head commit given before the base branch changed is stale: it approved another diff',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' })], baseChangedAt: '2026-11-20T10:05:00Z' }),
    expected: 'pending',
    also: (v) =>
      expect(v.proofs[0]!.evidence[0]).toMatchObject({
        counted: false,
        note: 'stale: given before the base branch changed (2026-11-20T10:05:00Z), on another diff',
      }),
  },
  {
    name: 'an approval given in the same second as the base change may have seen the old diff: stale',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:05:00Z' })], baseChangedAt: '2026-11-20T10:05:00Z' }),
    expected: 'pending',
  },
  {
    name: 'an approval given after the base branch changed counts',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:06:00Z' })], baseChangedAt: '2026-11-20T10:05:00Z' }),
    expected: 'success',
  },
  {
    name: 'where stale approvals count, one given before the base branch changed counts',
    policy: policy({ version: 1, proofs: { review: { kind: 'review', allowStale: true } }, routes: [{ name: 'all', paths: ['**'], require: ['review'] }] }),
    snapshot: agentPr({ reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' })], baseChangedAt: '2026-11-20T10:05:00Z' }),
    expected: 'success',
  },
  {
    name: 'a request for changes blocks however many approvals there are',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('dave'), review('erin'), review('frank', 'CHANGES_REQUESTED')] }),
    expected: 'failure',
  },
  {
    name: 'a request for changes on an earlier commit still blocks after a push and another approval',
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('frank', 'CHANGES_REQUESTED', { commitSha: OLD, submittedAt: '2026-11-20T09:00:00Z' }), review('dave')] }),
    expected: 'failure',
  },
  {
    name: 'the same reviewer approving after requesting changes lifts the block',
    policy: reviewed,
    snapshot: agentPr({
      reviews: [
        review('frank', 'CHANGES_REQUESTED', { commitSha: OLD, submittedAt: '2026-11-20T09:00:00Z' }),
        review('frank', 'APPROVED', { submittedAt: '2026-11-20T11:30:00Z' }),
      ],
    }),
    expected: 'success',
  },
  {
    name: 'a comment after an approval does not undo the approval, nor does a comment count as one',
    policy: reviewed,
    snapshot: agentPr({
      reviews: [
        review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' }),
        review('dave', 'COMMENTED', { submittedAt: '2026-11-20T11:00:00Z' }),
        review('erin', 'COMMENTED'),
      ],
    }),
    expected: 'success',
  },
  {
    name: 'a dismissed approval does not count',
    policy: reviewed,
    snapshot: agentPr({
      reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' }), review('dave', 'DISMISSED', { submittedAt: '2026-11-20T11:00:00Z' })],
    }),
    expected: 'pending',
  },
  {
    name: 'one reviewer approving twice is one approval',
    policy: two,
    snapshot: agentPr({
      reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' }), review('dave', 'APPROVED', { submittedAt: '2026-11-20T11:00:00Z' })],
    }),
    expected: 'pending',
  },
  {
    name: 'an approval from someone outside the listed users and teams does not count',
    policy: security,
    snapshot: agentPr({ reviews: [review('dave')], teams: { 'acme/security': ['sam'] } }),
    expected: 'pending',
  },
  {
    name: 'an approval from someone other than the listed users does not count when the proof lists no team',
    policy: policy({ version: 1, proofs: { review: { kind: 'review', users: ['carol'] } }, routes: [{ name: 'all', paths: ['**'], require: ['review'] }] }),
    snapshot: agentPr({ reviews: [review('dave')] }),
    expected: 'pending',
  },
  {
    name: 'an approval cannot be counted while GitHub refuses to show the listed team',
    policy: security,
    snapshot: agentPr({ reviews: [review('dave')], unreadableTeams: { 'acme/security': 'grant access' } }),
    expected: 'pending',
  },
  {
    name: 'an approval with no submission time does not override a dated request for changes',
    policy: reviewed,
    snapshot: agentPr({
      reviews: [review('frank', 'CHANGES_REQUESTED', { submittedAt: '2026-11-20T09:00:00Z' }), review('frank', 'APPROVED', { submittedAt: null })],
    }),
    expected: 'failure',
  },
  {
    name: 'an approval with no submission time listed first does not override a dated request for changes either',
    policy: reviewed,
    snapshot: agentPr({
      reviews: [review('frank', 'APPROVED', { submittedAt: null }), review('frank', 'CHANGES_REQUESTED', { submittedAt: '2026-11-20T09:00:00Z' })],
    }),
    expected: 'failure',
  },
  {
    name: "a bot's request for changes does not block (as in GitHub's required reviews)",
    policy: reviewed,
    snapshot: agentPr({ reviews: [review('dave'), review('lint[bot]', 'CHANGES_REQUESTED')] }),
    expected: 'success',
  },
  {
    name: 'a member of the listed team counts',
    policy: security,
    snapshot: agentPr({ reviews: [review('sam')], teams: { 'acme/security': ['sam'] } }),
    expected: 'success',
  },
  {
    name: "a deleted account's approval does not count",
    policy: reviewed,
    snapshot: agentPr({ reviews: [{ ...review('ghost'), author: null }] }),
    expected: 'pending',
  },
  {
    name: "a policy change needs an approval on the head even from a human, and the author's does not count",
    policy: reviewed,
    snapshot: pr([commit('Loosen the gate', ['.github/proofgate.yml'])], { reviews: [review('alice')] }),
    expected: 'pending',
    also: (v) => expect(v.proofs.find((p) => p.name === POLICY_CHANGE_PROOF)?.status).toBe('pending'),
  },
  {
    name: 'a policy change approval on an earlier commit does not count',
    policy: reviewed,
    snapshot: pr([commit('Loosen the gate', ['.github/proofgate.yml'])], { reviews: [review('dave', 'APPROVED', { commitSha: OLD })] }),
    expected: 'pending',
  },
  {
    name: 'a policy change approval given before the base branch changed does not count',
    policy: reviewed,
    snapshot: pr([commit('Loosen the gate', ['.github/proofgate.yml'])], {
      reviews: [review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' })],
      baseChangedAt: '2026-11-20T10:05:00Z',
    }),
    expected: 'pending',
    also: (v) => expect(v.proofs.find((p) => p.name === POLICY_CHANGE_PROOF)?.status).toBe('pending'),
  },
  {
    name: 'a policy change approval blocked by a request for changes on an earlier commit',
    policy: reviewed,
    snapshot: pr([commit('Loosen the gate', ['.github/proofgate.yml'])], {
      reviews: [review('frank', 'CHANGES_REQUESTED', { commitSha: OLD, submittedAt: '2026-11-20T09:00:00Z' }), review('dave', 'APPROVED', { commitSha: HEAD })],
    }),
    expected: 'failure',
  },
  {
    name: "a later review in a state GitHub added after this code withdraws the same reviewer's approval and blocks, saying which state",
    policy: reviewed,
    snapshot: agentPr({
      reviews: [
        review('dave', 'APPROVED', { submittedAt: '2026-11-20T10:00:00Z' }),
        review('dave', 'UNKNOWN', { unknownState: 'NEEDS_DISCUSSION', submittedAt: '2026-11-20T10:05:00Z' }),
        review('erin', 'APPROVED'),
      ],
    }),
    expected: 'failure',
    also: (v) => {
      expect(v.proofs[0]!.reason).toBe('1 review is in a state proofgate does not know');
      expect(v.proofs[0]!.evidence).toContainEqual(
        expect.objectContaining({ name: 'dave', state: 'UNKNOWN', note: expect.stringContaining('unknown review state NEEDS_DISCUSSION') }),
      );
    },
  },
]);
