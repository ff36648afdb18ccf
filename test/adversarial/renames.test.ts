/**
 * Attack class: renames into and out of protected paths (docs/policy.md
 * "Paths": a renamed file answers to the routes of its old path too; a rename
 * whose old path is unknown fails closed).
 */
import { expect } from 'vitest';
import type { ChangedFile, Snapshot } from '../../src/snapshot.js';
import { agentCommit, claude, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const matrix = policy({
  version: 1,
  tiers: { fast: ['**/claude-haiku-*'], strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [
    { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], require: ['tests'] },
    { name: 'docs', paths: ['docs/**'], tiers: ['fast', 'strong'] },
  ],
});
const green = [run('tests', 'success')];
const haiku = claude('Claude Haiku 4.5');

function moved(path: string, previousPath: string | null, status: ChangedFile['status'] = 'renamed'): Snapshot {
  const snapshot = pr([agentCommit([path, ...(previousPath ? [previousPath] : [])], haiku)], { checkRuns: green });
  return { ...snapshot, files: [{ path, previousPath, status, additions: 1, deletions: 0 }] };
}

attackTable('renames into and out of protected paths', [
  { name: 'a fast model moving a file out of src/auth into docs', policy: matrix, snapshot: moved('docs/token.ts', 'src/auth/token.ts'), expected: 'failure' },
  { name: 'a fast model moving a file into src/auth', policy: matrix, snapshot: moved('src/auth/token.ts', 'docs/token.ts'), expected: 'failure' },
  { name: 'a fast model copying a protected file out', policy: matrix, snapshot: moved('docs/copy.ts', 'src/auth/token.ts', 'copied'), expected: 'failure' },
  {
    name: 'a rename whose old path is unknown fails closed',
    policy: matrix,
    snapshot: moved('docs/token.ts', null),
    expected: 'failure',
    also: (v) => expect(v.violations.some((x) => x.kind === 'limit')).toBe(true),
  },
  {
    name: "a strong model moving the file out needs the old route's proof",
    policy: matrix,
    snapshot: (() => {
      const s = pr([agentCommit(['docs/token.ts', 'src/auth/token.ts'], claude())]);
      return { ...s, files: [{ path: 'docs/token.ts', previousPath: 'src/auth/token.ts', status: 'renamed' as const, additions: 0, deletions: 0 }] };
    })(),
    expected: 'pending',
  },
  {
    name: 'a fast model deleting a protected file',
    policy: matrix,
    snapshot: (() => {
      const s = pr([agentCommit(['src/auth/token.ts'], haiku)], { checkRuns: green });
      return { ...s, files: [{ path: 'src/auth/token.ts', previousPath: null, status: 'removed' as const, additions: 0, deletions: 9 }] };
    })(),
    expected: 'failure',
  },
]);

// The default route is a route: a path no route matches answers to it, before or after a rename.
const strictDefault = policy({
  version: 1,
  tiers: { fast: ['**/claude-haiku-*'], strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'scratch', paths: ['scratch/**'] }],
  default: { tiers: ['strong'], require: ['tests'] },
});

attackTable('renames into and out of the default route', [
  {
    name: 'a fast model moving a file from an unrestricted route into a path only the default covers',
    policy: strictDefault,
    snapshot: moved('src/core.ts', 'scratch/core.ts'),
    expected: 'failure',
    also: (v) => expect(v.violations).toMatchObject([{ kind: 'tier', route: 'default', files: ['src/core.ts'] }]),
  },
  {
    name: 'a fast model moving a file out of the default into an unrestricted route',
    policy: strictDefault,
    snapshot: moved('scratch/core.ts', 'src/core.ts'),
    expected: 'failure',
    also: (v) => expect(v.violations).toMatchObject([{ kind: 'tier', route: 'default', files: ['scratch/core.ts'] }]),
  },
  {
    name: 'a strong model moving a file into the default still needs its proof',
    policy: strictDefault,
    snapshot: (() => {
      const s = pr([agentCommit(['src/core.ts', 'scratch/core.ts'], claude())]);
      return { ...s, files: [{ path: 'src/core.ts', previousPath: 'scratch/core.ts', status: 'renamed' as const, additions: 0, deletions: 0 }] };
    })(),
    expected: 'pending',
  },
]);
