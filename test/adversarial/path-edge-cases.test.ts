/**
 * Attack class: path edge cases (docs/policy.md "Paths"). A path written to
 * slip past a route's glob (case variants, control characters, route-group
 * directories, dotfiles, odd segments) gets the protection the route says.
 */
import { expect } from 'vitest';
import { agentCommit, claude, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const matrix = policy({
  version: 1,
  tiers: { fast: ['**/claude-haiku-*'], strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' }, review: { kind: 'review' } },
  routes: [
    { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], require: ['tests'] },
    { name: 'admin', paths: ['app/\\(admin\\)/**'], tiers: ['strong'], require: ['tests'] },
    { name: 'workflows', paths: ['.github/workflows/**'], require: ['review'], appliesTo: 'all' },
  ],
});
const green = [run('tests', 'success')];
const longNames = policy({
  version: 1,
  tiers: { fast: ['**/claude-haiku-*'], strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'authentication', paths: ['src/authentication/**'], tiers: ['strong'], require: ['tests'] }],
  default: { require: ['tests'] },
});
const haiku = claude('Claude Haiku 4.5');
const fast = (path: string) => pr([agentCommit([path], haiku)], { checkRuns: green });
const onRoute = (name: string) => (v: { routes: Array<{ name: string; files: string[] }> }) =>
  expect(v.routes.find((r) => r.name === name)?.files.length).toBeGreaterThan(0);

attackTable('path edge cases', [
  { name: 'a dotfile inside a protected directory', policy: matrix, snapshot: fast('src/auth/.env.ts'), expected: 'failure' },
  { name: 'a deep path inside a protected directory', policy: matrix, snapshot: fast('src/auth/a/b/c/d/e.ts'), expected: 'failure' },
  { name: 'a file with spaces and unicode inside a protected directory', policy: matrix, snapshot: fast('src/auth/ünï cödé.ts'), expected: 'failure' },
  { name: 'a file named like a glob inside a protected directory', policy: matrix, snapshot: fast('src/auth/[x]*.ts'), expected: 'failure' },
  {
    name: 'a Next.js route group written with escaped parentheses',
    policy: matrix,
    snapshot: fast('app/(admin)/users/page.tsx'),
    expected: 'failure',
    also: onRoute('admin'),
  },
  {
    name: 'a case variant of a protected directory',
    policy: matrix,
    snapshot: fast('src/Auth/login.ts'),
    expected: 'failure',
  },
  {
    // HFS+ ignores these code points when it compares names (git's protectHFS lists them):
    // on such a checkout the file written is src/auth/login.ts.
    name: 'a zero-width non-joiner that HFS+ ignores, inside the name of a protected directory',
    policy: matrix,
    snapshot: fast('src/au\u200Cth/login.ts'),
    expected: 'failure',
    also: onRoute('auth'),
  },
  {
    name: 'a byte order mark that HFS+ ignores, before the name of a protected directory',
    policy: matrix,
    snapshot: fast('src/\uFEFFauth/login.ts'),
    expected: 'failure',
    also: onRoute('auth'),
  },
  {
    // Unicode marks it default-ignorable: no reader sees it, so the path reads as src/auth/login.ts.
    name: 'a zero-width space inside the name of a protected directory',
    policy: matrix,
    snapshot: fast('src/au\u200Bth/login.ts'),
    expected: 'failure',
    also: onRoute('auth'),
  },
  {
    name: 'a soft hyphen inside the name of a protected directory',
    policy: matrix,
    snapshot: fast('src/au\u00ADth/login.ts'),
    expected: 'failure',
    also: onRoute('auth'),
  },
  {
    // A policy change is approved on the diff a person reads: a glob that reads `src/auth/**`
    // but holds a character nobody sees must still cover src/auth, not a directory no one has.
    name: 'a route glob holding a zero-width space covers the path it reads as',
    policy: policy({
      version: 1,
      tiers: { fast: ['**/claude-haiku-*'], strong: ['**/claude-opus-*'] },
      proofs: { tests: { kind: 'check', name: 'tests' } },
      routes: [{ name: 'auth', paths: ['src/au\u200Bth/**'], tiers: ['strong'], require: ['tests'] }],
    }),
    snapshot: fast('src/auth/login.ts'),
    expected: 'failure',
    also: onRoute('auth'),
  },
  {
    // NTFS answers a directory's 8.3 short name too: on a Windows checkout where src/authentication
    // has the short name AUTHEN~1, git writes this file into it.
    name: 'an NTFS short name (8.3) in place of a protected directory',
    policy: longNames,
    snapshot: fast('src/AUTHEN~1/login.ts'),
    expected: 'failure',
    also: (v) => expect(v.violations.find((x) => x.kind === 'path')?.files).toEqual(['src/AUTHEN~1/login.ts']),
  },
  {
    name: 'an NTFS short name (8.3) for a file, in lower case',
    policy: longNames,
    snapshot: fast('src/authentication/passwo~1.ts'),
    expected: 'failure',
    also: (v) => expect(v.violations.some((x) => x.kind === 'path')).toBe(true),
  },
  {
    name: 'a tilde that is no short name leaves the path alone',
    policy: longNames,
    snapshot: fast('docs/notes~draft/backup~.md'),
    expected: 'success',
  },
  {
    name: 'a file name with a newline inside a protected directory',
    policy: matrix,
    snapshot: fast('src/auth/token\n.ts'),
    expected: 'failure',
  },
  {
    name: 'a directory named by a newline inside a protected directory',
    policy: matrix,
    snapshot: fast('src/auth/\n/x.ts'),
    expected: 'failure',
  },
  {
    name: 'a U+2028 line separator in a protected path',
    policy: matrix,
    snapshot: fast('src/auth/a\u2028b.ts'),
    expected: 'failure',
  },
  {
    name: 'a human adding a workflow whose name holds a newline (appliesTo: all)',
    policy: matrix,
    snapshot: pr([{ ...agentCommit(['.github/workflows/ci\n.yml'], 'Signed-off-by: Mallory <m@example.com>') }]),
    expected: 'failure', // never neutral (which would satisfy a required check): the path itself is a violation
  },
]);
