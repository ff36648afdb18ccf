/**
 * Builds a Snapshot from a local git range, the way a pull request from
 * `head` into `base` would look: files changed since the merge base, commits
 * in `base..head`, and the ledgers at head. A constant number of git processes
 * runs whatever the number of commits.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { planLedgerReads, SYMBOLIC_LINK_NOT_READ, type LedgerCandidate } from '../limits.js';
import { emptySnapshot, LEDGER_DIRECTORIES, ledgersOfThisChange, type CommitSnapshot, type LedgerSource, type Snapshot } from '../snapshot.js';
import { GitError, firstErrorLine, gitText, runGit } from './run-git.js';
import {
  COMMIT_FORMAT,
  commitFilesFormat,
  parseCommitFiles,
  parseCommitLog,
  parseLsTree,
  parseRawNumstat,
  parseNotesList,
  parseRemoteRepository,
} from './parse.js';
import { admitNotes, NOTES_REF, objectSizes, readObjects } from './objects.js';
import { resolveCommit, resolveDefaultBase } from './refs.js';

export { GitError } from './run-git.js';

export interface LocalRangeOptions {
  repoDir: string;
  /** Base ref; default: the merge base of head with the upstream default branch. */
  base?: string;
  /** Head ref; default: HEAD. */
  head?: string;
}

export interface LocalRange {
  snapshot: Snapshot;
  /** The base revision (the base branch tip, or the merge base when defaulted). */
  baseSha: string;
  headSha: string;
  /** How the base was chosen, for a human: `origin/main (merge base with HEAD)`. */
  baseLabel: string;
  /** Set when the range has no commits: why there is nothing to gate. */
  emptyReason: string | null;
  /** A file's text at the base revision; null when it does not exist there. */
  readFileAtBase(filePath: string): Promise<string | null>;
  /** The work tree's top directory (the git directory itself for a bare repository or `--repo DIR/.git`). */
  topLevel: string;
}

const LEDGER_DIRS = Object.entries(LEDGER_DIRECTORIES).map(([kind, dir]) => ({ kind: kind as LedgerSource['kind'], dir: `${dir}/` }));

export async function loadLocalRange(options: LocalRangeOptions): Promise<LocalRange> {
  const top = await findTopLevel(options.repoDir);
  const headRef = options.head ?? 'HEAD';

  let head: string;
  try {
    head = await resolveCommit(top, headRef, '--head');
  } catch (error) {
    // With no --head, an unresolvable HEAD is an unborn branch: say so (costs git calls only on this path).
    if (options.head === undefined) await explainUnbornHead(top);
    throw error;
  }
  const [defaultBase, remoteUrl, headName] = await Promise.all([
    options.base === undefined ? resolveDefaultBase(top, head, headRef) : Promise.resolve(null),
    runGit(top, ['config', '--get', 'remote.origin.url']),
    options.head === undefined ? runGit(top, ['symbolic-ref', '-q', '--short', 'HEAD']) : Promise.resolve(null),
  ]);

  let baseSha: string;
  let baseLabel: string;
  if (options.base !== undefined) {
    baseSha = await resolveCommit(top, options.base, '--base');
    baseLabel = options.base;
  } else if (defaultBase) {
    baseSha = defaultBase.mergeBase;
    baseLabel = `${defaultBase.ref} (merge base with ${headRef})`;
  } else {
    throw new GitError(`no default branch found in ${top} (looked for origin/HEAD, origin/main, origin/master, main, master); pass --base REF`);
  }

  const mergeBase = options.base === undefined ? baseSha : await findMergeBase(top, baseSha, head, options.base, headRef);

  const snapshot = emptySnapshot(baseSha, head);
  snapshot.base.ref = options.base ?? defaultBase?.ref ?? null;
  snapshot.head.ref = options.head ?? (headName && headName.code === 0 ? headName.stdout.toString('utf8').trim() || null : null);
  snapshot.repository = remoteUrl.code === 0 ? parseRemoteRepository(remoteUrl.stdout.toString('utf8')) : null;

  const readFileAtBase = (filePath: string) => readFileAt(top, baseSha, filePath);

  if (mergeBase === head) {
    const emptyReason =
      baseSha === head ? `${headRef} is the base (${baseLabel}): no commits to gate` : `${headRef} is already contained in ${baseLabel}: no commits to gate`;
    return { snapshot, baseSha, headSha: head, baseLabel, emptyReason, readFileAtBase, topLevel: top };
  }

  const range = `${baseSha}..${head}`;
  const marker = `proofgate-${randomBytes(16).toString('hex')}`;
  const [diff, log, commitFiles, notesList, ledgerTree] = await Promise.all([
    // One pass for statuses, old paths and line counts.
    gitText(top, ['diff', '--no-ext-diff', '--no-textconv', '--no-relative', '--raw', '--numstat', '-z', '-M', mergeBase, head], 'git diff failed'),
    gitText(top, ['log', '-z', '--reverse', `--format=${COMMIT_FORMAT}`, range, '--'], 'git log failed'),
    // Merges list only the files their own resolution changed (differs from every parent).
    // No rename detection: a rename lists both its paths, so an edit made under a
    // temporary name is still credited to the commit that made it.
    gitText(
      top,
      [
        'log',
        '-z',
        '--reverse',
        '--name-only',
        '--no-renames',
        '--no-relative',
        '--diff-merges=dense-combined',
        `--format=${commitFilesFormat(marker)}`,
        range,
        '--',
      ],
      'git log failed',
    ),
    runGit(top, ['notes', `--ref=${NOTES_REF}`, 'list']),
    gitText(top, ['ls-tree', '-r', '-l', '-z', '--full-tree', head, '--', ...LEDGER_DIRS.map((d) => d.dir)], 'git ls-tree failed'),
  ]);

  snapshot.files = parseRawNumstat(diff);

  const raw = parseCommitLog(log);
  const filesByCommit = parseCommitFiles(
    commitFiles,
    raw.map((c) => c.sha),
    marker,
  );
  snapshot.commits = raw.map((c): CommitSnapshot => ({ ...c, files: filesByCommit.get(c.sha) ?? null, signature: null }));

  const notesText = notesList.code === 0 ? notesList.stdout.toString('utf8') : '';
  snapshot.ledgers = await readLedgers(top, snapshot.commits, notesText, ledgerTree, ledgersOfThisChange(snapshot));
  return { snapshot, baseSha, headSha: head, baseLabel, emptyReason: null, readFileAtBase, topLevel: top };
}

/** The files of a revision (`git ls-tree -r`), and a reader for one file there (null when absent). */
export async function readTreeAt(
  repoDir: string,
  rev: string,
  flag: string,
): Promise<{ sha: string; files: string[]; readFile(file: string): Promise<string | null> }> {
  const top = await findTopLevel(repoDir);
  const sha = await resolveCommit(top, rev, flag);
  const tree = await gitText(top, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha], 'git ls-tree failed');
  return {
    sha,
    files: tree.split('\0').filter((f) => f !== ''),
    async readFile(file) {
      const result = await runGit(top, ['show', `${sha}:${file}`]);
      return result.code === 0 ? result.stdout.toString('utf8') : null;
    },
  };
}

async function findTopLevel(repoDir: string): Promise<string> {
  const dir = path.resolve(repoDir);
  const info = await stat(dir).catch(() => null);
  if (!info) throw new GitError(`no such directory: ${dir} (pass --repo DIR pointing at a git work tree)`);
  if (!info.isDirectory()) throw new GitError(`not a directory: ${dir} (pass --repo DIR pointing at a git work tree)`);
  const result = await runGit(dir, ['rev-parse', '--is-bare-repository', '--is-inside-git-dir', '--show-toplevel']);
  const [bare, insideGitDir, top] = result.stdout.toString('utf8').split('\n');
  // A bare repository, or the `.git` directory of a clone: git reads every object from there.
  if (bare === 'true' || insideGitDir === 'true') return dir;
  if (result.code !== 0) {
    const reason = firstErrorLine(result.stderr);
    if (/not a git repository/i.test(reason)) {
      throw new GitError(`not a git repository: ${dir} (run inside a clone or pass --repo DIR)`);
    }
    throw new GitError(`cannot read the git repository at ${dir}: ${reason}`);
  }
  return top || dir;
}

/** An unborn HEAD named as such, not as an unknown revision the user never gave; returns when HEAD is something else. */
async function explainUnbornHead(top: string): Promise<void> {
  const head = await runGit(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.code === 0) return;
  const branch = await runGit(top, ['symbolic-ref', '-q', '--short', 'HEAD']);
  const name = branch.code === 0 ? branch.stdout.toString('utf8').trim() : '';
  const anyRef = await runGit(top, ['for-each-ref', '--count=1', '--format=%(refname)', 'refs/heads', 'refs/remotes']);
  if (anyRef.code === 0 && anyRef.stdout.toString('utf8').trim() === '') {
    throw new GitError(`the repository at ${top} has no commits yet (commit the change to check, then run proofgate check again)`);
  }
  throw new GitError(`HEAD${name ? ` (branch ${name})` : ''} in ${top} has no commits yet (check out a branch with commits, or pass --head REF)`);
}

async function findMergeBase(top: string, base: string, head: string, baseRef: string, headRef: string): Promise<string> {
  const result = await runGit(top, ['merge-base', base, head]);
  const sha = result.stdout.toString('utf8').trim();
  if (result.code !== 0 || !sha) {
    throw new GitError(
      `no common ancestor between ${baseRef} and ${headRef} (in a shallow clone run \`git fetch --unshallow\`; otherwise pass a --base that shares history with ${headRef})`,
    );
  }
  return sha;
}

/**
 * Git AI notes on the range's commits (within the per-file limit) and ledger
 * files at head (within the load limits, the range's own first), read by one `cat-file --batch`.
 */
async function readLedgers(
  top: string,
  commits: CommitSnapshot[],
  notesList: string,
  ledgerTree: string,
  ofThisChange: ReadonlySet<string>,
): Promise<LedgerSource[]> {
  const notes = parseNotesList(notesList);
  const noted = commits.flatMap((commit) => {
    const blob = notes.get(commit.sha);
    return blob ? [{ blob, commitSha: commit.sha }] : [];
  });
  const { read: notesRead, oversized } = await admitNotes(noted, (names) => objectSizes(top, names));
  const wanted: Array<{ object: string; source: Omit<LedgerSource, 'content'> }> = notesRead.map(({ blob, commitSha }) => ({
    object: blob,
    source: { kind: 'git-ai-note', path: NOTES_REF, commitSha },
  }));
  // Ledger files are listed with their sizes and read within the load limits every shell shares.
  const candidates: Array<LedgerCandidate & { sha: string }> = [];
  const linked: LedgerSource[] = [];
  for (const entry of parseLsTree(ledgerTree)) {
    // Submodules are not ledgers.
    if (entry.type !== 'blob' || !entry.path.endsWith('.jsonl')) continue;
    // Files directly in a ledger directory, as the App and the Action read them.
    const dir = LEDGER_DIRS.find((d) => entry.path.startsWith(d.dir) && !entry.path.slice(d.dir.length).includes('/'));
    if (!dir) continue;
    // A symbolic link (120000): its text is its target's path. Listed as not read, as every loader lists it.
    if (entry.mode === '120000') linked.push({ kind: dir.kind, path: entry.path, commitSha: null, content: '', skipped: SYMBOLIC_LINK_NOT_READ });
    else candidates.push({ kind: dir.kind, dir: dir.dir.replace(/\/$/, ''), path: entry.path, bytes: entry.size ?? 0, sha: entry.sha });
  }
  const plan = planLedgerReads(candidates, { first: (c) => ofThisChange.has(c.path) });
  for (const e of plan.read) wanted.push({ object: e.sha, source: { kind: e.kind, path: e.path, commitSha: null } });
  if (wanted.length === 0) return [...oversized, ...plan.skipped, ...linked];

  const parsed = await readObjects(
    top,
    wanted.map((w) => w.object),
  );
  const ledgers: LedgerSource[] = [];
  parsed.forEach((object, i) => {
    const want = wanted[i];
    if (want && !('missing' in object)) ledgers.push({ ...want.source, content: object.content.toString('utf8') });
  });
  return [...ledgers, ...oversized, ...plan.skipped, ...linked];
}

async function readFileAt(top: string, sha: string, filePath: string): Promise<string | null> {
  const relative = filePath.replace(/^\.?\//, '');
  if (relative.includes('\n')) throw new GitError(`cannot read a path with a newline from git: ${JSON.stringify(filePath)}`);
  const name = `${sha}:${relative}`;
  const [object] = await readObjects(top, [name]);
  if (!object || 'missing' in object) return null;
  if (object.type !== 'blob') throw new GitError(`${relative} at ${sha.slice(0, 12)} is a ${object.type}, not a file`);
  return object.content.toString('utf8');
}
