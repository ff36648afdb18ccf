/** Temporary git repositories built with real git, for loader and CLI tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Person {
  name: string;
  email: string;
}

export interface CommitOptions {
  author?: Person;
  committer?: Person;
  /** Author and committer date in seconds since the epoch; default: a minute after the previous commit. */
  at?: number;
}

export const HUMAN: Person = { name: 'Ada Lovelace', email: 'ada@example.com' };

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(file: string, content: string): void;
  /** Writes the files, stages everything and commits; returns the new sha. */
  commit(message: string, files?: Record<string, string>, opts?: CommitOptions): string;
  cleanup(): void;
}

let clock = Date.UTC(2025, 0, 1) / 1000;

export function makeRepo(prefix = 'proofgate-'): TempRepo {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const baseEnv = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: baseEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', HUMAN.name);
  git('config', 'user.email', HUMAN.email);
  git('config', 'commit.gpgsign', 'false');

  const write = (file: string, content: string) => {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  };

  const commit = (message: string, files: Record<string, string> = {}, opts: CommitOptions = {}) => {
    for (const [file, content] of Object.entries(files)) write(file, content);
    const author = opts.author ?? HUMAN;
    const committer = opts.committer ?? author;
    clock += 60;
    const date = `${opts.at ?? clock} +0000`;
    execFileSync('git', ['add', '-A'], { cwd: dir, env: baseEnv });
    execFileSync('git', ['commit', '-q', '--allow-empty', '-F', '-'], {
      cwd: dir,
      input: message,
      env: {
        ...baseEnv,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        GIT_COMMITTER_DATE: date,
      },
    });
    return git('rev-parse', 'HEAD').trim();
  };

  return { dir, git, write, commit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A main branch with one commit, published as `origin/main`, and a `feature` branch checked out. */
export function makeFeatureRepo(baseFiles: Record<string, string> = { 'README.md': '# demo\n' }): TempRepo & { baseSha: string } {
  const repo = makeRepo();
  const baseSha = repo.commit('Initial commit', baseFiles);
  repo.git('update-ref', 'refs/remotes/origin/main', baseSha);
  repo.git('checkout', '-q', '-b', 'feature');
  return { ...repo, baseSha };
}
