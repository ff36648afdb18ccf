/**
 * Reads the merged history of a repository's default branch: every commit on
 * its first-parent line is one merged change (a merge commit, a squash merge,
 * or a direct push), with the commits it brought in, the lines it changed,
 * the ledgers it added and the policy at its base. A constant number of git
 * processes runs whatever the length of the history.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { planLedgerReads, SYMBOLIC_LINK_NOT_READ, type LedgerCandidate } from '../limits.js';
import { admitNotes, NOTES_REF, objectSizes, readObjects, type NotedCommit } from '../local/objects.js';
import { parseNotesList } from '../local/parse.js';
import { GitError, firstErrorLine, gitText, runGit } from '../local/run-git.js';
import { DEFAULT_POLICY_PATH } from '../policy/default.js';
import { LEDGER_DIRECTORIES, type LedgerSource } from '../snapshot.js';
import {
  historyLogFormat,
  parseFirstParentNames,
  parseFirstParentStats,
  HistoryLogReader,
  statsLogFormat,
  type HistoryCommit,
  type LineCount,
} from './parse.js';

export type ChangeKind = 'merge' | 'squash' | 'direct';

export interface MergedChange {
  /** The commit on the default branch that merged the change. */
  sha: string;
  kind: ChangeKind;
  /** The pull request number the message names (`Merge pull request #N`, a `(#N)` suffix); null when none. */
  number: number | null;
  subject: string;
  message: string;
  /** When it reached the branch (the mainline commit's committer date). */
  mergedAt: string;
  /** The first parent: the branch as the change found it; null for a root commit. */
  baseSha: string | null;
  /** The change's own commits, oldest first: a merge's side commits, else the mainline commit itself. */
  commits: HistoryCommit[];
  /** What the change did to the branch: its diff against the first parent. */
  files: LineCount[];
  /** Session ledgers the change added or edited, and Git AI notes on its commits. */
  ledgers: LedgerSource[];
  /** The policy file's text at the base; null when there is none. */
  policyText: string | null;
}

export interface HistoryOptions {
  repoDir: string;
  /** Branch to read; default: origin/HEAD's target, origin/main, origin/master, main, master. */
  branch?: string;
  /** Only changes merged after this time. */
  since?: Date;
  /** Only the last N changes. */
  last?: number;
  /**
   * false: each change's files carry paths only (additions and deletions 0),
   * for a reader that never uses line counts (the backtest: the engine does
   * not read them); git then skips comparing file contents. Default true.
   */
  lineCounts?: boolean;
  /**
   * Called with each commit of the range as git prints it, before the history
   * is whole: a reader can start on work the commits alone decide (the
   * backtest attributes them) while git reads the rest. Commits come newest first.
   */
  onCommit?: (commit: HistoryCommit) => void;
  /**
   * Called once the listings of the range are running: git walks the whole
   * range before it prints the first commit, and a caller can do its own work
   * meanwhile (the backtest loads the proposed policy).
   */
  onReading?: () => void;
  /** Stops every git process of the read; loadHistory then rejects. */
  signal?: AbortSignal;
}

export interface History {
  top: string;
  branch: string;
  tipSha: string;
  /** The mainline commit just before the first change read; null when the history starts at the root. */
  boundarySha: string | null;
  changes: MergedChange[];
  /** Git processes run, for the curious and the benchmark. */
  gitProcesses: number;
}

const DEFAULT_BRANCHES = ['refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];
const MERGE_PR = /^Merge pull request #(\d+)\b/;
const SQUASH_PR = /\(#(\d+)\)\s*$/;

export async function loadHistory(options: HistoryOptions): Promise<History> {
  const { signal } = options;
  const top = await findTopLevel(options.repoDir, signal);
  let processes = 0;
  const git = (args: string[], input?: string) => {
    processes++;
    return runGit(top, args, input, { signal });
  };

  const branch = options.branch ?? (await defaultBranch(top, git));
  // The tip and, for --last alone, the boundary in one process: --revs-only leaves out a name
  // that does not resolve, and the boundary cannot resolve without the tip.
  const lastOnly = options.last !== undefined && !options.since;
  const tipResult = await git([
    'rev-parse',
    '--revs-only',
    '--end-of-options',
    `${branch}^{commit}`,
    ...(lastOnly ? [`${branch}^{commit}~${options.last}`] : []),
  ]);
  const [tipSha, lastBoundary, ...more] = tipResult.stdout.toString('utf8').trimEnd().split('\n');
  // Anything but object names (a range such as `a..b` prints two, one with `^`) is no branch.
  if (tipResult.code !== 0 || !tipSha || more.length > 0 || ![tipSha, lastBoundary ?? tipSha].every((line) => OBJECT_NAME.test(line)))
    throw new GitError(`unknown branch ${JSON.stringify(branch)} in ${top} (check the name with \`git branch -a\`, or pass --branch REF)`);

  const boundarySha = lastOnly ? lastBoundary || null : await findBoundary(git, tipSha, options);
  const range = boundarySha ? [tipSha, `^${boundarySha}`] : [tipSha];
  const marker = `proofgate-${randomBytes(16).toString('hex')}`;
  const counted = options.lineCounts !== false;
  const store: ObjectStore = {
    sizesOf: (names) => {
      processes++;
      return objectSizes(top, names, signal);
    },
    readAll: (names) => {
      if (names.length > 0) processes++;
      return readObjects(top, names, signal);
    },
    symbolicLinksAt: (commits) => {
      processes++;
      return ledgerSymbolicLinks(top, commits, signal);
    },
  };
  processes += 2;
  const firstParentLog = gitText(
    top,
    [
      'log',
      '-z',
      '--first-parent',
      counted ? '--numstat' : '--name-only',
      '--no-renames',
      '--diff-merges=first-parent',
      `--format=${statsLogFormat(marker)}`,
      ...range,
      '--',
    ],
    'git log failed',
    { signal },
  );
  // The mainline's diffs come long before every commit is printed: its ledgers and policies are read meanwhile.
  const mainline = firstParentLog.then(async (stats) => {
    const lineCounts = counted ? parseFirstParentStats(stats, marker) : parseFirstParentNames(stats, marker);
    return { lineCounts, objects: await readMainlineObjects(store, lineCounts, boundarySha) };
  });
  const reading = Promise.all([readHistoryLog(top, marker, range, options), mainline, git(['notes', `--ref=${NOTES_REF}`, 'list'])]);
  options.onReading?.();
  const [commits, { lineCounts, objects }, notesList] = await reading;

  const changes = splitChanges(commits, tipSha, lineCounts);
  await attachObjects(store, changes, objects, notesList.code === 0 ? parseNotesList(notesList.stdout.toString('utf8')) : new Map<string, string>());
  return { top, branch, tipSha, boundarySha, changes, gitProcesses: processes };
}

/** The `git log` of every commit in the range, for parseHistoryLog / HistoryLogReader. */
export const historyLogArgs = (marker: string, range: string[]) => [
  'log',
  '-z',
  '--name-only',
  '--no-renames',
  '--diff-merges=dense-combined',
  `--format=${historyLogFormat(marker)}`,
  ...range,
  '--',
];

/** The range's commits, each handed to `onCommit` as git prints it (see HistoryLogReader). */
async function readHistoryLog(top: string, marker: string, range: string[], options: HistoryOptions): Promise<HistoryCommit[]> {
  const reader = new HistoryLogReader(marker, options.onCommit);
  const result = await runGit(top, historyLogArgs(marker, range), undefined, { onStdout: (piece) => reader.push(piece), signal: options.signal });
  if (result.code !== 0) throw new GitError(`git log failed: ${firstErrorLine(result.stderr)}`);
  return reader.end();
}

/** Assigns every commit of the range to the first mainline commit that brought it in. */
function splitChanges(commits: HistoryCommit[], tipSha: string, lineCounts: Map<string, LineCount[]>): MergedChange[] {
  const bySha = new Map(commits.map((c, i) => [c.sha, { commit: c, index: i }]));
  const mainline: HistoryCommit[] = [];
  for (let sha: string | undefined = tipSha; sha !== undefined;) {
    const entry = bySha.get(sha);
    if (!entry) break;
    mainline.push(entry.commit);
    sha = entry.commit.parents[0];
  }
  mainline.reverse();

  const claimed = new Set<string>();
  return mainline.map((main): MergedChange => {
    claimed.add(main.sha);
    const own: Array<{ commit: HistoryCommit; index: number }> = [];
    const stack = main.parents.slice(1);
    while (stack.length > 0) {
      const sha = stack.pop()!;
      const entry = bySha.get(sha);
      // Outside the range (older than the boundary) or already merged by an earlier change.
      if (!entry || claimed.has(sha)) continue;
      claimed.add(sha);
      own.push(entry);
      stack.push(...entry.commit.parents);
    }
    // git log lists newest first; the engine reads oldest first.
    own.sort((a, b) => b.index - a.index);
    const subject = main.message.split('\n', 1)[0] ?? '';
    const isMerge = main.parents.length > 1;
    const number = Number((isMerge ? MERGE_PR.exec(subject) : SQUASH_PR.exec(subject))?.[1] ?? NaN);
    return {
      sha: main.sha,
      kind: isMerge ? 'merge' : Number.isFinite(number) ? 'squash' : 'direct',
      number: Number.isFinite(number) ? number : null,
      subject,
      message: main.message,
      mergedAt: main.committedAt,
      baseSha: main.parents[0] ?? null,
      commits: isMerge ? own.map((o) => o.commit) : [main],
      files: lineCounts.get(main.sha) ?? [],
      ledgers: [],
      policyText: null,
    };
  });
}

/** What the mainline's own objects hold: the ledgers each change added or edited, and the policy file where it changed. */
interface MainlineObjects {
  /** By mainline sha: the ledgers read, then those not read (over the load limits). */
  ledgers: Map<string, { read: LedgerSource[]; unread: LedgerSource[] }>;
  /** By mainline sha: the policy text after the change, for the changes that edited it. */
  policyAfter: Map<string, string | null>;
  /** The policy at the boundary, where the history read starts. */
  initialPolicy: string | null;
}

/** The object reads of one history load, each counted as a git process. */
interface ObjectStore {
  sizesOf: (names: string[]) => ReturnType<typeof objectSizes>;
  readAll: (names: string[]) => ReturnType<typeof readObjects>;
  /** The ledger paths the commits changed that are symbolic links in them, as `sha:path`. */
  symbolicLinksAt: (commits: string[]) => Promise<Set<string>>;
}

/**
 * The ledger paths that are symbolic links (mode 120000) where the given
 * commits changed them, as `sha:path`, from one `git diff-tree --stdin` (raw
 * output: modes and object names, no file content, no external diff). Each
 * commit is compared with its first parent (the root commit with the empty
 * tree); the mode read is the commit's own.
 */
async function ledgerSymbolicLinks(top: string, commits: string[], signal?: AbortSignal): Promise<Set<string>> {
  const args = ['diff-tree', '--stdin', '-z', '-r', '-m', '--first-parent', '--root', '--no-renames', '--', ...Object.values(LEDGER_DIRECTORIES)];
  const result = await runGit(top, args, commits.join('\n') + '\n', { signal });
  if (result.code !== 0) throw new GitError(`git diff-tree failed: ${firstErrorLine(result.stderr)}`);
  const links = new Set<string>();
  const tokens = result.stdout.toString('utf8').split('\0');
  let commit = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (OBJECT_NAME.test(token)) commit = token;
    // `:<old mode> <new mode> <old object> <new object> <status>`, then the path.
    else if (token.startsWith(':') && token.split(' ')[1] === '120000') links.add(`${commit}:${tokens[++i] ?? ''}`);
    else if (token.startsWith(':')) i++;
  }
  return links;
}

/** A blob to read and what to do with its text (null when it is missing or not a blob). */
type Wanted = { name: string; sink: (content: string | null) => void };

/** Reads the wanted objects in one `git cat-file --batch`, none when nothing is wanted. */
async function readBlobs(readAll: ObjectStore['readAll'], wanted: Wanted[]): Promise<void> {
  (await readAll(wanted.map((w) => w.name))).forEach((object, i) => {
    wanted[i]!.sink('missing' in object || object.type !== 'blob' ? null : object.content.toString('utf8'));
  });
}

/**
 * Reads the ledgers each mainline change added or edited, and the policy file
 * wherever the mainline changed it (plus at the boundary). It needs only the
 * mainline's diffs, so it runs while git still prints the commits. The ledgers
 * are sized first (one `git cat-file --batch-check`) and each change's are read
 * within the load limits a pull request's are (src/limits.ts): a merged change
 * was a pull request, and its ledgers were its author's to write.
 */
async function readMainlineObjects(store: ObjectStore, mainline: Map<string, LineCount[]>, boundarySha: string | null): Promise<MainlineObjects> {
  const listed = [...mainline].map(([sha, files]) => ({ sha, files, ledgers: listLedgerFiles(sha, files) }));
  const sized = listed.flatMap((l) => l.ledgers.map((f) => f.object));
  const withLedgers = listed.filter((l) => l.ledgers.length > 0).map((l) => l.sha);
  const [sizes, links] = await Promise.all([
    sized.length > 0 ? store.sizesOf(sized) : new Map<string, { type: string; size: number }>(),
    withLedgers.length > 0 ? store.symbolicLinksAt(withLedgers) : new Set<string>(),
  ]);

  const wanted: Wanted[] = [];
  const want = (name: string, sink: Wanted['sink']) => wanted.push({ name, sink });
  const objects: MainlineObjects = { ledgers: new Map(), policyAfter: new Map(), initialPolicy: null };
  if (boundarySha) want(`${boundarySha}:${DEFAULT_POLICY_PATH}`, (text) => (objects.initialPolicy = text));
  for (const { sha, files, ledgers } of listed) {
    if (files.some((f) => f.path === DEFAULT_POLICY_PATH)) want(`${sha}:${DEFAULT_POLICY_PATH}`, (text) => objects.policyAfter.set(sha, text));
    // Only blobs are ledgers: a path that is a submodule, or gone at the change, holds none. A symbolic
    // link is a blob whose text is its target's path: listed as not read, as the pull request loaders list it.
    const candidates = ledgers.flatMap((f) => {
      const object = sizes.get(f.object);
      return object?.type === 'blob' && !links.has(f.object) ? [{ ...f, bytes: object.size }] : [];
    });
    const linked: LedgerSource[] = ledgers
      .filter((f) => links.has(f.object) && sizes.get(f.object)?.type === 'blob')
      .map((f) => ({ kind: f.kind, path: f.path, commitSha: null, content: '', skipped: SYMBOLIC_LINK_NOT_READ }));
    // Every candidate is a ledger this change added or edited: the limits are its own ledgers' alone.
    const plan = planLedgerReads(candidates);
    const own = { read: [] as LedgerSource[], unread: [...plan.skipped, ...linked] };
    objects.ledgers.set(sha, own);
    for (const f of plan.read) {
      want(f.object, (content) => content !== null && own.read.push({ kind: f.kind, path: f.path, commitSha: null, content }));
    }
  }
  await readBlobs(store.readAll, wanted);
  return objects;
}

/**
 * Gives each change its ledgers and Git AI notes, and the policy as its base
 * had it. Notes are read (within the per-file limit) only when a commit of the
 * range has one.
 */
async function attachObjects(store: ObjectStore, changes: MergedChange[], mainline: MainlineObjects, notes: Map<string, string>): Promise<void> {
  const changeOf = new Map<string, number>();
  const noted: NotedCommit[] = [];
  changes.forEach((change, i) => {
    for (const commit of change.commits) {
      const blob = notes.get(commit.sha);
      if (!blob) continue;
      noted.push({ blob, commitSha: commit.sha });
      changeOf.set(commit.sha, i);
    }
  });
  const admitted = await admitNotes(noted, store.sizesOf);
  // Listed after the ledgers that were read, as the pull request loaders list them.
  const oversized: LedgerSource[][] = changes.map(() => []);
  const notesRead: LedgerSource[][] = changes.map(() => []);
  for (const source of admitted.oversized) oversized[changeOf.get(source.commitSha!)!]!.push(source);
  await readBlobs(
    store.readAll,
    admitted.read.map(({ blob, commitSha }) => ({
      name: blob,
      sink: (content) => content !== null && notesRead[changeOf.get(commitSha)!]!.push({ kind: 'git-ai-note', path: NOTES_REF, commitSha, content }),
    })),
  );

  let policy: string | null = mainline.initialPolicy;
  changes.forEach((change, i) => {
    const own = mainline.ledgers.get(change.sha);
    change.ledgers.push(...(own?.read ?? []), ...notesRead[i]!, ...oversized[i]!, ...(own?.unread ?? []));
    change.policyText = policy;
    if (mainline.policyAfter.has(change.sha)) policy = mainline.policyAfter.get(change.sha) ?? null;
  });
}

/** The ledger files a mainline change added or edited, by object name. */
function listLedgerFiles(sha: string, files: LineCount[]): Array<Omit<LedgerCandidate, 'bytes'> & { object: string }> {
  return files.flatMap((file) => {
    const kind = ledgerKind(file.path);
    // A path with a newline cannot be named to `git cat-file`; it is not read.
    if (!kind || file.path.includes('\n')) return [];
    return [{ kind, dir: LEDGER_DIRECTORIES[kind], path: file.path, object: `${sha}:${file.path}` }];
  });
}

function ledgerKind(filePath: string): keyof typeof LEDGER_DIRECTORIES | null {
  if (!filePath.endsWith('.jsonl')) return null;
  for (const [kind, dir] of Object.entries(LEDGER_DIRECTORIES)) {
    const prefix = `${dir}/`;
    if (filePath.startsWith(prefix) && !filePath.slice(prefix.length).includes('/')) return kind as keyof typeof LEDGER_DIRECTORIES;
  }
  return null;
}

const OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

async function findBoundary(git: (args: string[]) => ReturnType<typeof runGit>, tipSha: string, options: HistoryOptions): Promise<string | null> {
  const candidates: string[] = [];
  if (options.since) {
    const result = await git(['rev-list', '--first-parent', '-1', `--until=${Math.floor(options.since.getTime() / 1000)}`, tipSha]);
    const sha = result.stdout.toString('utf8').trim();
    if (result.code === 0 && sha) candidates.push(sha);
    else if (result.code !== 0) throw new GitError(`git rev-list failed: ${firstErrorLine(result.stderr)}`);
  }
  if (options.last !== undefined) {
    const result = await git(['rev-parse', '--verify', '--quiet', `${tipSha}~${options.last}`]);
    const sha = result.stdout.toString('utf8').trim();
    if (result.code === 0 && sha) candidates.push(sha);
  }
  if (candidates.length <= 1) return candidates[0] ?? null;
  // Both given: the later boundary (fewer changes) wins.
  const result = await git(['merge-base', '--is-ancestor', candidates[0]!, candidates[1]!]);
  return result.code === 0 ? candidates[1]! : candidates[0]!;
}

async function defaultBranch(top: string, git: (args: string[]) => ReturnType<typeof runGit>): Promise<string> {
  const listing = await git(['for-each-ref', '--format=%(refname)%00%(symref)', 'refs/remotes/origin/HEAD', ...DEFAULT_BRANCHES]);
  const refs = new Map<string, string>();
  for (const line of listing.stdout.toString('utf8').split('\n')) {
    const [name, symref] = line.split('\0');
    if (name) refs.set(name, symref ?? '');
  }
  const originHead = refs.get('refs/remotes/origin/HEAD');
  const chosen = originHead || DEFAULT_BRANCHES.find((r) => refs.has(r));
  if (chosen) return chosen.replace(/^refs\/remotes\//, '').replace(/^refs\/heads\//, '');
  // A clone of one branch, or a bare mirror: read what HEAD points to.
  const head = await git(['symbolic-ref', '-q', '--short', 'HEAD']);
  const name = head.stdout.toString('utf8').trim();
  if (head.code === 0 && name) return name;
  throw new GitError(`no default branch found in ${top} (looked for origin/HEAD, origin/main, origin/master, main, master); pass --branch REF`);
}

async function findTopLevel(repoDir: string, signal?: AbortSignal): Promise<string> {
  const dir = path.resolve(repoDir);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new GitError(`no such directory: ${dir} (pass --repo DIR pointing at a git repository)`);
  const result = await runGit(dir, ['rev-parse', '--is-bare-repository', '--show-toplevel'], undefined, { signal });
  const [bare, topLevel] = result.stdout.toString('utf8').split('\n');
  if (bare === 'true') return dir;
  if (result.code !== 0) {
    const reason = firstErrorLine(result.stderr);
    if (/not a git repository/i.test(reason)) throw new GitError(`not a git repository: ${dir} (run inside a clone or pass --repo DIR)`);
    throw new GitError(`cannot read the git repository at ${dir}: ${reason}`);
  }
  return topLevel || dir;
}
