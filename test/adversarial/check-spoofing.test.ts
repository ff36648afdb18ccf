/**
 * Attack class: check spoofing and pins. Anyone with write access can post a
 * status or a check run with any name (docs/policy.md, `kind: check`); `app`
 * and `creator` pin who must have produced it; only listed conclusions count.
 */
import { agentCommit, policy, pr, run, status } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const pinned = policy({
  version: 1,
  proofs: {
    tests: { kind: 'check', name: 'ci / test', app: 'github-actions' },
    deploy: { kind: 'check', name: 'deploy-preview', source: 'status', creator: 'vercel[bot]' },
  },
  routes: [
    { name: 'code', paths: ['src/**'], require: ['tests'] },
    { name: 'web', paths: ['web/**'], require: ['deploy'] },
  ],
});
const unpinned = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'ci / test' } },
  routes: [{ name: 'code', paths: ['src/**'], require: ['tests'] }],
});
const statusOnly = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'ci / test', source: 'status' } },
  routes: [{ name: 'code', paths: ['src/**'], require: ['tests'] }],
});
const globbed = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'ci / test (*)' }, build: { kind: 'check', name: 'build [linux]' } },
  routes: [{ name: 'code', paths: ['src/**'], require: ['tests', 'build'] }],
});
const neutralOk = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'ci / test', conclusions: ['success', 'neutral'] } },
  routes: [{ name: 'code', paths: ['src/**'], require: ['tests'] }],
});

const src = () => [agentCommit(['src/a.ts'])];
const web = () => [agentCommit(['web/a.ts'])];

attackTable('check spoofing and pins', [
  {
    name: 'a same-named check run from another App does not satisfy an app pin',
    policy: pinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'success', 'evil-app')] }),
    expected: 'pending',
  },
  {
    name: 'a same-named status does not satisfy a check pinned to an App',
    policy: pinned,
    snapshot: pr(src(), { statuses: [status('ci / test', 'success', 'github-actions')] }),
    expected: 'pending',
  },
  {
    name: "a green spoof next to the pinned App's failing run: the pinned run decides",
    policy: pinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'failure'), run('ci / test', 'success', 'evil-app')] }),
    expected: 'failure',
  },
  {
    name: "the pinned App's success counts",
    policy: pinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'success')] }),
    expected: 'success',
  },
  {
    name: 'a status from another account does not satisfy a creator pin',
    policy: pinned,
    snapshot: pr(web(), { statuses: [status('deploy-preview', 'success', 'mallory')] }),
    expected: 'pending',
  },
  {
    name: 'a check run does not satisfy a status-only proof',
    policy: statusOnly,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'success')] }),
    expected: 'pending',
  },
  {
    name: 'a skipped job does not count (it reports success to branch protection)',
    policy: unpinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'skipped')] }),
    expected: 'failure',
  },
  {
    name: 'a neutral run does not count unless listed',
    policy: unpinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'neutral')] }),
    expected: 'failure',
  },
  {
    name: 'a neutral run counts where the policy lists it',
    policy: neutralOk,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'neutral')] }),
    expected: 'success',
  },
  {
    name: 'a run still in progress is pending, not green',
    policy: unpinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', null, 'github-actions', 'in_progress')] }),
    expected: 'pending',
  },
  {
    name: 'a cancelled or timed-out run fails the proof',
    policy: unpinned,
    snapshot: pr(src(), { checkRuns: [run('ci / test', 'cancelled')] }),
    expected: 'failure',
  },
  {
    name: 'a glob "ci / test (*)" does not accept "ci / test smoke-only": * is the only wildcard',
    policy: globbed,
    snapshot: pr(src(), { checkRuns: [run('ci / test smoke-only', 'success'), run('build [linux]', 'success')] }),
    expected: 'pending',
  },
  {
    name: 'a glob "build [linux]" does not accept "build l": brackets are literal',
    policy: globbed,
    snapshot: pr(src(), { checkRuns: [run('ci / test (unit)', 'success'), run('build l', 'success')] }),
    expected: 'pending',
  },
  {
    name: 'the literal names behind those globs still pass',
    policy: globbed,
    snapshot: pr(src(), { checkRuns: [run('ci / test (unit)', 'success'), run('build [linux]', 'success')] }),
    expected: 'success',
  },
]);
