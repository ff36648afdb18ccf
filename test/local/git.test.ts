import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOAD_LIMITS } from '../../src/limits.js';
import { loadLocalRange } from '../../src/local/git.js';
import { formatBytes } from '../../src/text.js';
import { HUMAN, makeFeatureRepo, makeRepo, type TempRepo } from './repo.js';

const CLAUDE = 'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>';
const repos: TempRepo[] = [];
function track<T extends TempRepo>(repo: T): T {
  repos.push(repo);
  return repo;
}
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

describe('loadLocalRange', () => {
  it('defaults the base to the merge base with origin/main and lists files, commits and per-commit files', async () => {
    const repo = track(makeFeatureRepo({ 'README.md': '# demo\n', 'src/old.ts': 'export const a = 1;\n'.repeat(5) }));
    const first = repo.commit(`Add login\n\n${CLAUDE}\n`, { 'src/auth/login.ts': 'export const login = 1;\n' });
    repo.git('mv', 'src/old.ts', 'src/new.ts');
    const second = repo.commit('Rename old to new', { 'docs/guide.md': 'one\ntwo\n' });
    // main moves on after the branch point; its commits are not part of the range.
    repo.git('checkout', '-q', 'main');
    const later = repo.commit('Later on main', { 'main-only.txt': 'x\n' });
    repo.git('update-ref', 'refs/remotes/origin/main', later);
    repo.git('checkout', '-q', 'feature');

    const range = await loadLocalRange({ repoDir: repo.dir });
    expect(range.baseSha).toBe(repo.baseSha);
    expect(range.baseLabel).toBe('origin/main (merge base with HEAD)');
    expect(range.emptyReason).toBeNull();
    const { snapshot } = range;
    expect(snapshot.base).toEqual({ ref: 'origin/main', sha: repo.baseSha });
    expect(snapshot.head).toEqual({ ref: 'feature', sha: second });

    const files = Object.fromEntries(snapshot.files.map((f) => [f.path, f]));
    expect(Object.keys(files).sort()).toEqual(['docs/guide.md', 'src/auth/login.ts', 'src/new.ts']);
    expect(files['src/new.ts']).toMatchObject({ status: 'renamed', previousPath: 'src/old.ts', additions: 0, deletions: 0 });
    expect(files['docs/guide.md']).toMatchObject({ status: 'added', previousPath: null, additions: 2, deletions: 0 });

    expect(snapshot.commits.map((c) => c.sha)).toEqual([first, second]);
    const [c1, c2] = snapshot.commits;
    expect(c1).toMatchObject({
      message: `Add login\n\n${CLAUDE}\n`,
      author: { name: HUMAN.name, email: HUMAN.email, login: null, isBot: false },
      parents: [repo.baseSha],
      files: ['src/auth/login.ts'],
      signature: null,
    });
    expect(c1?.authoredAt).toMatch(/^2025-01-01T/);
    // A rename names both paths: the commit touched each of them.
    expect(c2?.files?.sort()).toEqual(['docs/guide.md', 'src/new.ts', 'src/old.ts']);
  });

  it('reads paths with spaces, quotes and unicode verbatim', async () => {
    const repo = track(makeFeatureRepo());
    const names = ['docs/read me.md', 'src/naïve café.ts', 'src/"quoted".ts', 'src/日本語/ファイル.ts'];
    repo.commit('Odd names', Object.fromEntries(names.map((n) => [n, 'x\n'])));
    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.files.map((f) => f.path).sort()).toEqual([...names].sort());
    expect(snapshot.commits[0]?.files?.sort()).toEqual([...names].sort());
    expect(snapshot.files.every((f) => f.additions === 1)).toBe(true);
  });

  it('marks [bot] identities and keeps committer separate from author', async () => {
    const repo = track(makeFeatureRepo());
    repo.commit(
      'Bot change',
      { 'a.txt': 'a\n' },
      {
        author: { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' },
        committer: { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' },
      },
    );
    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.commits[0]?.author).toEqual({
      name: 'Copilot',
      email: '198982749+Copilot@users.noreply.github.com',
      login: null,
      isBot: false,
    });
    expect(snapshot.commits[0]?.committer.isBot).toBe(true);
  });

  it('reads Git AI notes for commits in the range and ledger files directly in the ledger directories at head', async () => {
    const repo = track(makeFeatureRepo());
    const noted = repo.commit('Feature', { 'src/a.ts': 'a\n' });
    repo.git('notes', '--ref=ai', 'add', '-m', 'src/a.ts\n  abc123 1-1\n---\n{"schema_version":"authorship/3.0.0"}', noted);
    repo.git('notes', '--ref=ai', 'add', '-m', 'base note, outside the range', repo.baseSha);
    repo.commit('Ledgers', {
      '.agent-trace/traces.jsonl': '{"version":"0.1.0"}\n',
      '.proofgate/sessions/s 1.jsonl': '{"v":1,"type":"session"}\n',
      '.proofgate/sessions/notes.txt': 'not a ledger\n',
      '.proofgate/sessions/old/s0.jsonl': '{"v":1}\n',
      'src/other.jsonl': '{}\n',
    });
    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.ledgers).toEqual([
      { kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: noted, content: 'src/a.ts\n  abc123 1-1\n---\n{"schema_version":"authorship/3.0.0"}\n' },
      { kind: 'agent-trace', path: '.agent-trace/traces.jsonl', commitSha: null, content: '{"version":"0.1.0"}\n' },
      { kind: 'proofgate-session', path: '.proofgate/sessions/s 1.jsonl', commitSha: null, content: '{"v":1,"type":"session"}\n' },
    ]);
  });

  it('does not read a Git AI note over the per-file ledger limit: it is listed as not read, as a ledger file would be', async () => {
    const repo = track(makeFeatureRepo());
    const big = repo.commit('Feature', { 'src/a.ts': 'a\n' });
    const small = repo.commit('More', { 'src/b.ts': 'b\n' });
    const entry = '  s_0123456789abcd 1-1\n';
    const note = (lines: number) => `src/a.ts\n${entry.repeat(lines)}---\n{"schema_version":"authorship/3.0.0"}\n`;
    const over = note(Math.ceil(LOAD_LIMITS.ledgerFileBytes / entry.length));
    writeFileSync(path.join(repo.dir, 'note.txt'), over);
    repo.git('notes', '--ref=ai', 'add', '-F', path.join(repo.dir, 'note.txt'), big);
    repo.git('notes', '--ref=ai', 'add', '-m', note(1).trimEnd(), small);
    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.ledgers).toEqual([
      { kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: small, content: note(1) },
      {
        kind: 'git-ai-note',
        path: 'refs/notes/ai',
        commitSha: big,
        content: '',
        skipped: `${formatBytes(Buffer.byteLength(over))}, over the ${formatBytes(LOAD_LIMITS.ledgerFileBytes)} limit; not read`,
      },
    ]);
  });

  it('lists the files a merge resolved itself, and none for a clean merge', async () => {
    const repo = track(makeFeatureRepo({ 'shared.txt': 'a\nb\nc\n' }));
    repo.commit('Feature edit', { 'shared.txt': 'a\nB\nc\n', 'f.txt': 'f\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit('Main edit', { 'main.txt': 'm\n' });
    repo.git('checkout', '-q', 'feature');
    repo.git('merge', '-q', '--no-edit', 'main');
    const { snapshot } = await loadLocalRange({ repoDir: repo.dir, base: repo.baseSha });
    const merge = snapshot.commits.find((c) => c.parents?.length === 2);
    expect(merge?.files).toEqual([]);
    expect(snapshot.commits).toHaveLength(3);
  });

  it('honours explicit --base and --head and reads a file at the base revision', async () => {
    const repo = track(makeFeatureRepo({ '.github/proofgate.yml': 'version: 1\n' }));
    const one = repo.commit('One', { 'a.txt': 'a\n', '.github/proofgate.yml': 'version: 1\n# changed at head\n' });
    repo.commit('Two', { 'b.txt': 'b\n' });
    const range = await loadLocalRange({ repoDir: repo.dir, base: 'main', head: one });
    expect(range.snapshot.commits.map((c) => c.sha)).toEqual([one]);
    expect(range.snapshot.head.ref).toBe(one);
    expect(range.snapshot.files.map((f) => f.path).sort()).toEqual(['.github/proofgate.yml', 'a.txt']);
    expect(await range.readFileAtBase('.github/proofgate.yml')).toBe('version: 1\n');
    expect(await range.readFileAtBase('missing.yml')).toBeNull();
  });

  it('returns an empty range when HEAD is the default branch itself', async () => {
    const repo = track(makeRepo());
    const sha = repo.commit('Only commit', { 'a.txt': 'a\n' });
    const range = await loadLocalRange({ repoDir: repo.dir });
    expect(range.snapshot.commits).toEqual([]);
    expect(range.snapshot.files).toEqual([]);
    expect(range.baseSha).toBe(sha);
    expect(range.emptyReason).toBe('HEAD is the base (main (merge base with HEAD)): no commits to gate');
  });

  it('prefers origin/HEAD over origin/main and works from a subdirectory', async () => {
    const repo = track(makeFeatureRepo());
    repo.git('update-ref', 'refs/remotes/origin/develop', repo.git('rev-parse', 'HEAD').trim());
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop');
    repo.commit('Change', { 'sub/x.txt': 'x\n', 'y.txt': 'y\n' });
    const range = await loadLocalRange({ repoDir: `${repo.dir}/sub` });
    expect(range.baseLabel).toBe('origin/develop (merge base with HEAD)');
    expect(range.snapshot.files.map((f) => f.path).sort()).toEqual(['sub/x.txt', 'y.txt']);
  });

  it('reads a bare clone', async () => {
    const repo = track(makeFeatureRepo());
    const sha = repo.commit(`Change\n\n${CLAUDE}\n`, { 'x.txt': 'x\n' });
    const bare = `${repo.dir}/clone.git`;
    repo.git('clone', '-q', '--bare', repo.dir, bare);
    const range = await loadLocalRange({ repoDir: bare, head: 'feature' });
    expect(range.baseLabel).toBe('main (merge base with feature)');
    expect(range.snapshot.commits.map((c) => c.sha)).toEqual([sha]);
    expect(range.snapshot.files.map((f) => f.path)).toEqual(['x.txt']);
  });

  it('names the repository from the origin remote', async () => {
    const repo = track(makeFeatureRepo());
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
    repo.commit('Change', { 'x.txt': 'x\n' });
    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.repository).toEqual({ owner: 'acme', name: 'widgets' });
  });

  it('fails with one clear line for a bad ref, a non-repository and a missing default branch', async () => {
    const repo = track(makeFeatureRepo());
    await expect(loadLocalRange({ repoDir: repo.dir, base: 'no-such-branch' })).rejects.toThrow(
      /^unknown revision "no-such-branch" for --base in .+ \(check the name with `git branch -a`, or pass a commit sha\)$/,
    );
    await expect(loadLocalRange({ repoDir: repo.dir, head: 'origin/nope' })).rejects.toThrow(/unknown revision "origin\/nope" for --head .*git fetch origin/);
    await expect(loadLocalRange({ repoDir: repo.dir, base: '--output=x' })).rejects.toThrow(/invalid ref for --base/);

    const plain = track(makeRepo());
    plain.git('checkout', '-q', '-b', 'topic');
    plain.commit('x', { 'x.txt': 'x\n' });
    plain.git('branch', '-q', '-m', 'topic', 'other');
    await expect(loadLocalRange({ repoDir: plain.dir })).rejects.toThrow(/no default branch found .* pass --base REF/);

    await expect(loadLocalRange({ repoDir: '/' })).rejects.toThrow(/^not a git repository: \/ \(run inside a clone or pass --repo DIR\)$/);
    await expect(loadLocalRange({ repoDir: '/no/such/dir' })).rejects.toThrow(/^no such directory: \/no\/such\/dir/);
  });

  it('runs a constant number of git processes whatever the number of commits', async () => {
    const repo = track(makeFeatureRepo());
    for (let i = 0; i < 30; i++) {
      const sha = repo.commit(`Commit ${i}`, { [`f${i}.txt`]: `${i}\n` });
      repo.git('notes', '--ref=ai', 'add', '-m', `note ${i}`, sha);
    }
    // A `git` on PATH that counts its invocations before running the real one.
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const bin = mkdtempSync(path.join(tmpdir(), 'proofgate-bin-'));
    const log = path.join(bin, 'calls.log');
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$1" >> "${log}"\nexec "${realGit}" "$@"\n`, { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    try {
      const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
      expect(snapshot.commits).toHaveLength(30);
      expect(snapshot.ledgers.filter((l) => l.kind === 'git-ai-note')).toHaveLength(30);
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      expect(calls.length).toBeLessThanOrEqual(13);
    } finally {
      process.env.PATH = savedPath;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('loadLocalRange on history shaped to hide an agent edit', () => {
  const LOGIN = Array.from({ length: 20 }, (_, i) => `export const line${i} = ${i};\n`).join('');

  it("lists both paths of a rename, so an edit made under a temporary name is still the agent commit's", async () => {
    const repo = track(makeFeatureRepo({ 'README.md': '# demo\n', 'src/auth/login.ts': LOGIN }));
    const edited = `${LOGIN}export const bypass = true;\n`;
    repo.git('rm', '-q', 'src/auth/login.ts');
    const agent = repo.commit(`Move login aside\n\n${CLAUDE}\n`, { 'tmp/login.ts': edited });
    repo.git('rm', '-q', 'tmp/login.ts');
    const human = repo.commit('Move login back', { 'src/auth/login.ts': edited });
    // git itself sees both commits as renames.
    expect(repo.git('show', '--format=', '--name-status', '-M', agent).trim()).toMatch(/^R\d+\tsrc\/auth\/login.ts\ttmp\/login.ts$/);

    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.files.map((f) => [f.path, f.status])).toEqual([['src/auth/login.ts', 'modified']]);
    const files = Object.fromEntries(snapshot.commits.map((c) => [c.sha, c.files?.slice().sort()]));
    expect(files[agent]).toEqual(['src/auth/login.ts', 'tmp/login.ts']);
    expect(files[human]).toEqual(['src/auth/login.ts', 'tmp/login.ts']);
  });

  it("keeps a file named like another commit's sha in the commit that added it", async () => {
    const repo = track(makeFeatureRepo({ 'README.md': '# demo\n' }));
    const start = Number(repo.git('log', '-1', '--format=%ct').trim());
    repo.git('checkout', '-q', '-b', 'side');
    const human = repo.commit('Human change', { 'docs/notes.md': 'notes\n' }, { at: start + 600 });
    repo.git('checkout', '-q', 'feature');
    // Dated before the human commit, so git lists it first and its file list runs into the human commit's header.
    const agent = repo.commit(
      `Agent change\n\n${CLAUDE}\n`,
      { '.a': 'a\n', [human]: 'x\n', 'src/auth/login.ts': 'export const bypass = true;\n' },
      { at: start + 300 },
    );
    repo.git('merge', '-q', '--no-edit', 'side');

    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    const files = Object.fromEntries(snapshot.commits.map((c) => [c.sha, c.files?.slice().sort()]));
    expect(snapshot.commits.map((c) => c.sha).slice(0, 2)).toEqual([agent, human]);
    expect(files[agent]).toEqual(['.a', human, 'src/auth/login.ts']);
    expect(files[human]).toEqual(['docs/notes.md']);
  });

  it('ignores refs/replace, so a replacement commit cannot stand in for the agent commit', async () => {
    const repo = track(makeFeatureRepo());
    const agent = repo.commit(`Agent change\n\n${CLAUDE}\n`, { 'src/auth/login.ts': 'export const bypass = true;\n' });
    const tree = repo.git('rev-parse', `${agent}^{tree}`).trim();
    const disguise = repo.git('commit-tree', tree, '-p', repo.baseSha, '-m', 'Human change').trim();
    repo.git('replace', agent, disguise);
    expect(repo.git('log', '-1', '--format=%B', agent).trim()).toBe('Human change');

    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.commits.map((c) => [c.sha, c.message])).toEqual([[agent, `Agent change\n\n${CLAUDE}\n`]]);
  });

  it('ignores a graft file, so a commit cannot be cut out of the range', async () => {
    const repo = track(makeFeatureRepo());
    const agent = repo.commit(`Agent change\n\n${CLAUDE}\n`, { 'src/auth/login.ts': 'export const bypass = true;\n' });
    const human = repo.commit('Human change', { 'docs/notes.md': 'notes\n' });
    writeFileSync(path.join(repo.dir, '.git', 'info', 'grafts'), `${human} ${repo.baseSha}\n`);
    expect(repo.git('rev-list', `${repo.baseSha}..${human}`).trim()).toBe(human);

    const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
    expect(snapshot.commits.map((c) => c.sha)).toEqual([agent, human]);
    expect(snapshot.commits[0]?.files).toEqual(['src/auth/login.ts']);
  });
});

describe('loadLocalRange git passes', () => {
  it('reads statuses, renames and line counts from one `git diff` pass', async () => {
    const repo = track(makeFeatureRepo({ 'src/old.ts': 'export const a = 1;\n'.repeat(5), 'b.txt': 'one\n' }));
    repo.git('mv', 'src/old.ts', 'src/new.ts');
    repo.commit('Rename and edit', { 'b.txt': 'one\ntwo\nthree\n' });
    // A git on PATH that logs its subcommand, then runs the real one.
    const bin = mkdtempSync(path.join(tmpdir(), 'proofgate-git-'));
    const log = path.join(bin, 'calls');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\nfor a in "$@"; do case "$a" in -*|*=*) ;; *) echo "$a" >> "${log}"; break;; esac; done\nexec "${realGit}" "$@"\n`,
      { mode: 0o755 },
    );
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${oldPath ?? ''}`;
    try {
      const { snapshot } = await loadLocalRange({ repoDir: repo.dir });
      const files = Object.fromEntries(snapshot.files.map((f) => [f.path, f]));
      expect(files['src/new.ts']).toMatchObject({ status: 'renamed', previousPath: 'src/old.ts', additions: 0, deletions: 0 });
      expect(files['b.txt']).toMatchObject({ status: 'modified', additions: 2, deletions: 0 });
    } finally {
      process.env.PATH = oldPath;
    }
    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    rmSync(bin, { recursive: true, force: true });
    expect(calls.filter((c) => c === 'diff')).toHaveLength(1);
  });
});
