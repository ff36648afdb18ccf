/**
 * Attack class: tier and agent rules (docs/policy.md, `routes`, "Several
 * routes", `attribution`). A file may be touched only by a model in a tier
 * every route on it allows, and only by an agent every route allows.
 */
import { expect } from 'vitest';
import { agentCommit, aider, claude, commit, human, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const doc = {
  version: 1,
  tiers: { fast: ['**/claude-haiku-*', '**/*-mini'], strong: ['**/claude-opus-*', '**/gpt-5'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [
    { name: 'code', paths: ['src/**'], tiers: ['fast', 'strong'], require: ['tests'] },
    { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], agents: ['claude-code'] },
    { name: 'workflows', paths: ['.github/workflows/**'], require: ['tests'], appliesTo: 'all' },
  ],
  default: { tiers: ['strong'] },
};
const matrix = policy(doc);
const allowUnknown = policy({ ...doc, attribution: { unknownModel: 'allow' } });
const assumeFast = policy({ ...doc, attribution: { unknownModel: 'fast' } });
const everyCommit = policy({ ...doc, attribution: { unattributed: 'unknown-agent' } });
const green = [run('tests', 'success')];
const haiku = claude('Claude Haiku 4.5');
const noModel = 'Assisted-by: claude-code';

attackTable('tier and agent rules', [
  {
    name: 'a fast model on a strong-only route',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], haiku)], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: 'a file on two routes takes the intersection of their tiers',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts', 'src/b.ts'], haiku)], { checkRuns: green }),
    expected: 'failure',
    also: (v) => expect(v.violations.filter((x) => x.kind === 'tier').flatMap((x) => x.files)).toEqual(['src/auth/a.ts']),
  },
  {
    name: 'a strong model of an agent outside the allow-list',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], aider('gpt-5'))], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: 'the allowed agent with a strong model',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], claude())], { checkRuns: green }),
    expected: 'success',
  },
  {
    name: 'an agent commit naming no model is refused on a tier route (unknownModel: deny)',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], noModel)], { checkRuns: green }),
    expected: 'failure',
    also: (v) => expect(v.violations[0]!.kind).toBe('unknown-model'),
  },
  {
    name: 'unknownModel: allow lets it through',
    policy: allowUnknown,
    snapshot: pr([agentCommit(['src/auth/a.ts'], noModel)], { checkRuns: green }),
    expected: 'success',
  },
  {
    name: 'unknownModel: fast treats it as a fast model',
    policy: assumeFast,
    snapshot: pr([agentCommit(['src/auth/a.ts'], noModel)], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: "a model that is in no tier is not in the route's tiers",
    policy: matrix,
    snapshot: pr([agentCommit(['src/a.ts'], 'Assisted-by: claude-code:my-own-model')], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: 'files no route matches fall to default, which restricts tiers too',
    policy: matrix,
    snapshot: pr([agentCommit(['package.json'], haiku)]),
    expected: 'failure',
  },
  {
    name: 'a fast commit hidden between two strong commits on the same file',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], claude()), agentCommit(['src/auth/a.ts'], haiku), agentCommit(['src/auth/a.ts'], claude())], {
      checkRuns: green,
    }),
    expected: 'failure',
  },
  {
    name: 'a human change under appliesTo: all still needs the proof',
    policy: matrix,
    snapshot: pr([commit('ci', ['.github/workflows/ci.yml'], human('mallory'))]),
    expected: 'pending',
  },
  {
    name: 'a human change on an agent route passes through',
    policy: matrix,
    snapshot: pr([commit('fix', ['src/auth/a.ts'], human('mallory'))]),
    expected: 'neutral',
  },
  {
    name: 'unattributed: unknown-agent gates a commit with no AI evidence as agent "unknown" with no model',
    policy: everyCommit,
    snapshot: pr([commit('fix', ['src/auth/a.ts'], human('mallory'))], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: 'a commit whose file list is unknown is taken to have touched every file',
    policy: matrix,
    snapshot: pr([agentCommit(['src/b.ts'], claude()), { ...agentCommit(null, haiku) }], { checkRuns: green }),
    expected: 'success',
    also: (v) => expect(v.routes.find((r) => r.name === 'code')!.touches.map((t) => t.model)).toContain('claude-haiku-4-5'),
  },
  {
    name: 'a commit whose file list is unknown touches the protected file too',
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], claude()), agentCommit(null, haiku)], { checkRuns: green }),
    expected: 'failure',
  },
]);
