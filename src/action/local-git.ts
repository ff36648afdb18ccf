/**
 * When the job checked out the repository with enough history, local git
 * gives what the API cannot without one request per commit: the files each
 * commit changed and the Git AI notes (`refs/notes/ai`). Only git objects are
 * read (log, diff without external drivers or textconv, cat-file): no code
 * from the pull request runs, so this is safe under `pull_request_target`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadLocalRange } from '../local/git.js';
import { runGit } from '../local/run-git.js';
import { logSafe } from './log-safe.js';
import type { Snapshot } from '../snapshot.js';

export interface LocalGitResult {
  snapshot: Snapshot;
  /** What was taken from local git, or why nothing was, for the log. */
  note: string;
  used: boolean;
}

/**
 * The snapshot with per-commit files and Git AI notes from the checkout at
 * `workspace`, when it holds both the base and the head commit. Anything that
 * goes wrong leaves the API's snapshot as it was: local git only adds detail.
 */
export async function enrichFromLocalGit(snapshot: Snapshot, workspace: string | undefined): Promise<LocalGitResult> {
  const unchanged = (note: string): LocalGitResult => ({ snapshot, note, used: false });
  if (!workspace) return unchanged('no GITHUB_WORKSPACE: reading commits from the API only');
  const base = snapshot.base.sha;
  const head = snapshot.head.sha;

  const present = await hasCommits(workspace, [base, head]);
  if (present === null) return unchanged(`no git checkout in ${workspace}: reading commits from the API only`);
  if (!present) {
    return unchanged('the checkout does not hold the base and head commits (use `fetch-depth: 0` and fetch the PR head): reading commits from the API only');
  }

  let local: Snapshot;
  try {
    local = (await loadLocalRange({ repoDir: workspace, base, head })).snapshot;
  } catch (error) {
    // git's message can quote refs and paths from the checkout; the note goes to the log verbatim.
    return unchanged(
      `local git could not read ${base.slice(0, 7)}..${head.slice(0, 7)} (${logSafe((error as Error).message)}): reading commits from the API only`,
    );
  }

  const filesBySha = new Map(local.commits.map((c) => [c.sha, c.files]));
  let withFiles = 0;
  const commits = snapshot.commits.map((commit) => {
    const files = filesBySha.get(commit.sha);
    if (commit.files !== null || !files) return commit;
    withFiles++;
    return { ...commit, files };
  });

  const inPr = new Set(snapshot.commits.map((c) => c.sha));
  const noted = new Set(snapshot.ledgers.filter((l) => l.kind === 'git-ai-note').map((l) => l.commitSha));
  const notes = local.ledgers.filter((l) => l.kind === 'git-ai-note' && l.commitSha !== null && inPr.has(l.commitSha) && !noted.has(l.commitSha));

  const enriched: Snapshot = { ...snapshot, commits, ledgers: [...snapshot.ledgers, ...notes] };
  return {
    snapshot: enriched,
    used: withFiles > 0 || notes.length > 0,
    note: `local git: changed files for ${withFiles} of ${snapshot.commits.length} commit${snapshot.commits.length === 1 ? '' : 's'}, ${notes.length} Git AI note${notes.length === 1 ? '' : 's'}`,
  };
}

/**
 * Whether git could find a repository from `dir`: a `.git` there or in a
 * parent directory, `dir` or a parent itself a bare repository, or GIT_DIR
 * set. When it cannot, no git process is started: starting one forks Node,
 * which costs a fresh Action process more CPU than evaluating the gate.
 */
export function gitCouldFindRepository(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['GIT_DIR']) return true;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return true;
    if (existsSync(path.join(current, 'HEAD')) && existsSync(path.join(current, 'objects'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/** Whether every commit is in the repository at `dir`; null when `dir` is not a git repository. */
async function hasCommits(dir: string, shas: string[]): Promise<boolean | null> {
  if (!gitCouldFindRepository(dir)) return null;
  const inside = await runGit(dir, ['rev-parse', '--git-dir']).catch(() => null);
  if (!inside || inside.code !== 0) return null;
  const check = await runGit(dir, ['cat-file', '--batch-check', '--buffer'], shas.map((s) => `${s}^{commit}`).join('\n') + '\n').catch(() => null);
  if (!check || check.code !== 0) return false;
  return !check.stdout.toString('utf8').includes(' missing');
}
