import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enrichFromLocalGit, gitCouldFindRepository } from '../../src/action/local-git.js';
import { emptySnapshot, type Snapshot } from '../../src/snapshot.js';
import { HUMAN, makeFeatureRepo, type TempRepo } from '../local/repo.js';

const NOTE = `src/a.ts
  s_0123456789abcd::t_0123456789abcd 1-3
---
{"schema_version":"authorship/3.0.0","base_commit_sha":"","prompts":{},"sessions":{"s_0123456789abcd":{"agent_id":{"tool":"claude-code","id":"x","model":"claude-opus-4-6"}}},"humans":{}}
`;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** The snapshot GitHub's API gives: commits without per-commit files, no notes. */
function apiSnapshot(base: string, shas: string[]): Snapshot {
  const snapshot = emptySnapshot(base, shas[shas.length - 1]!);
  const identity = { name: HUMAN.name, email: HUMAN.email, login: null, isBot: false };
  snapshot.commits = shas.map((sha) => ({
    sha,
    message: 'change',
    author: identity,
    committer: identity,
    parents: [],
    authoredAt: null,
    files: null,
    signature: null,
  }));
  return snapshot;
}

describe('enrichFromLocalGit', () => {
  it('adds per-commit files and Git AI notes from a checkout that holds base and head', async () => {
    const repo = makeFeatureRepo();
    repos.push(repo);
    const first = repo.commit('Add a', { 'src/a.ts': 'a\n' });
    const second = repo.commit('Add docs', { 'docs/b.md': 'b\n' });
    repo.git('notes', '--ref=ai', 'add', '-m', NOTE, first);

    const result = await enrichFromLocalGit(apiSnapshot(repo.baseSha, [first, second]), repo.dir);
    expect(result.used).toBe(true);
    expect(result.note).toBe('local git: changed files for 2 of 2 commits, 1 Git AI note');
    expect(result.snapshot.commits.map((c) => c.files)).toEqual([['src/a.ts'], ['docs/b.md']]);
    expect(result.snapshot.ledgers).toEqual([{ kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: first, content: expect.stringContaining('src/a.ts') }]);
  });

  it('leaves the snapshot as the API gave it when the checkout lacks the head (a shallow clone)', async () => {
    const repo = makeFeatureRepo();
    repos.push(repo);
    const snapshot = apiSnapshot(repo.baseSha, ['f'.repeat(40)]);
    const result = await enrichFromLocalGit(snapshot, repo.dir);
    expect(result).toEqual({
      snapshot,
      used: false,
      note: 'the checkout does not hold the base and head commits (use `fetch-depth: 0` and fetch the PR head): reading commits from the API only',
    });
  });

  it('leaves the snapshot alone without a git checkout', async () => {
    const snapshot = apiSnapshot('a'.repeat(40), ['b'.repeat(40)]);
    expect((await enrichFromLocalGit(snapshot, undefined)).used).toBe(false);
    const notGit = await enrichFromLocalGit(snapshot, '/');
    expect(notGit.used).toBe(false);
    expect(notGit.note).toMatch(/^no git checkout in \/: reading commits from the API only$/);
  });

  it('keeps files the API already knew and does not duplicate a note it already read', async () => {
    const repo = makeFeatureRepo();
    repos.push(repo);
    const sha = repo.commit('Add a', { 'src/a.ts': 'a\n' });
    repo.git('notes', '--ref=ai', 'add', '-m', NOTE, sha);
    const snapshot = apiSnapshot(repo.baseSha, [sha]);
    snapshot.commits[0]!.files = ['known.ts'];
    snapshot.ledgers = [{ kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: sha, content: NOTE }];
    const result = await enrichFromLocalGit(snapshot, repo.dir);
    expect(result.snapshot.commits[0]!.files).toEqual(['known.ts']);
    expect(result.snapshot.ledgers).toHaveLength(1);
  });

  it('reads the commits themselves when the checkout has a replace ref for one', async () => {
    const repo = makeFeatureRepo();
    repos.push(repo);
    const agent = repo.commit('Agent change', { 'src/auth/login.ts': 'export const bypass = true;\n' });
    repo.git('checkout', '-q', '-b', 'disguise', repo.baseSha);
    const disguise = repo.commit('Human change', { 'docs/x.md': 'x\n' });
    repo.git('replace', agent, disguise);

    const result = await enrichFromLocalGit(apiSnapshot(repo.baseSha, [agent]), repo.dir);
    expect(result.snapshot.commits.map((c) => c.files)).toEqual([['src/auth/login.ts']]);
  });

  it('still asks git from a subdirectory of the checkout and from a bare repository, where git finds one without a .git beside it', async () => {
    const repo = makeFeatureRepo();
    repos.push(repo);
    const sha = repo.commit('Add a', { 'src/a.ts': 'a\n' });
    const sub = path.join(repo.dir, 'src');
    expect((await enrichFromLocalGit(apiSnapshot(repo.baseSha, [sha]), sub)).note).toBe('local git: changed files for 1 of 1 commit, 0 Git AI notes');
    const scratch = mkdtempSync(path.join(tmpdir(), 'proofgate-bare-'));
    try {
      const bare = path.join(scratch, 'bare.git');
      execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
      expect(gitCouldFindRepository(bare)).toBe(true);
      expect((await enrichFromLocalGit(apiSnapshot(repo.baseSha, [sha]), bare)).note).toBe('local git: changed files for 1 of 1 commit, 0 Git AI notes');
      const plain = path.join(scratch, 'plain', 'deeper');
      mkdirSync(plain, { recursive: true });
      expect(gitCouldFindRepository(plain, {})).toBe(false);
      expect(gitCouldFindRepository(plain, { GIT_DIR: path.join(repo.dir, '.git') })).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
