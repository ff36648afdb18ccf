/**
 * Ledger files an earlier step of the job produced (`ledger:` input). They are
 * claims like any ledger: the engine parses them and reports what it cannot
 * trust. A listed file that is missing fails the step: the gate was told to
 * expect it. A symlink is refused, not followed.
 */
import { formatBytes } from '../text.js';
import { constants } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { LOAD_LIMITS, mergePastCount, planLedgerReads, type LedgerCandidate } from '../limits.js';
import type { LedgerSource } from '../snapshot.js';
import { ActionError } from './errors.js';
import type { LedgerInput } from './inputs.js';
import { logSafe } from './log-safe.js';
import { runGit } from '../local/run-git.js';
import { gitCouldFindRepository } from './local-git.js';

type FileLedgerKind = Exclude<LedgerSource['kind'], 'git-ai-note'>;

/** A ledger file of the job, listed with its size before it is read. */
type JobCandidate = LedgerCandidate & { file: string; declared: FileLedgerKind | null };
/** A ledger file the gate already read from the head, planned again beside the job's. */
type HeadCandidate = LedgerCandidate & { ledger: LedgerSource };

/**
 * The ledgers read from the head and the job's ledger files, within the load
 * limits every shell shares (src/limits.ts), as if listed together: the
 * head's ledgers of this change (`ofThisChange`) keep what they took, the
 * job's files come next (they are this change's too), and the head's other
 * ledgers, the ones earlier changes left, keep what is left; those that no
 * longer fit are dropped and recorded as not read. A file the limits leave out
 * is recorded as not read, like in the App and the CLI.
 */
export async function readJobLedgers(
  inputs: LedgerInput[],
  workspace: string,
  head: readonly LedgerSource[],
  ofThisChange: ReadonlySet<string>,
  committedInRepository: CommittedInRepository,
  checkoutCommits: readonly string[],
): Promise<{ head: LedgerSource[]; job: LedgerSource[]; committed: string[]; committedFrom: 'checkout' | 'repository' }> {
  // A committed ledger the checkout holds is an earlier change's (or this change's, read from its
  // head): it is not the job's, whatever directory the input names. Git says which files the
  // checkout tracks; where it cannot (no work tree: actions/checkout downloaded an archive; a work
  // tree at none of the commits the checkout may hold: another repository's; or git failed), the
  // repository's listing of those commits (`checkoutCommits`) does.
  const files = await listLedgerFiles(inputs, workspace);
  const fromGit = await trackedInCheckout(files, workspace, checkoutCommits);
  const tracked = new Set([...fromGit.tracked, ...(await committedAtCommits(fromGit.unanswered, committedInRepository))]);
  const listed = files.filter((c) => !tracked.has(c.file) || ofThisChange.has(c.path));
  const readFromHead = (l: LedgerSource) => l.kind !== 'git-ai-note' && l.skipped === undefined && l.origin !== 'job';
  const own = head.filter((l) => readFromHead(l) && ofThisChange.has(l.path));
  const others: HeadCandidate[] = head
    .filter((l) => readFromHead(l) && !ofThisChange.has(l.path))
    .map((l) => ({ kind: l.kind, dir: path.posix.dirname(l.path), path: l.path, bytes: contentBytes(l), ledger: l }));
  const used = { files: own.length, bytes: own.reduce((sum, l) => sum + contentBytes(l), 0) };
  const plan = planLedgerReads<JobCandidate | HeadCandidate>([...listed, ...others], { used, first: (c) => 'file' in c });
  const kept = new Set(plan.read.flatMap((c) => ('ledger' in c ? [c.ledger] : [])));
  const dropped = new Set(others.map((c) => c.ledger).filter((l) => !kept.has(l)));
  // An entry that could stand for a job's file (its path, or the directory it was listed in) is the job's: this change's.
  const jobNames = new Set(listed.flatMap((c) => [c.path, c.dir]));
  const ofHead = (l: LedgerSource) => !jobNames.has(l.path);
  const job: LedgerSource[] = plan.skipped.filter((l) => !ofHead(l));
  for (const e of plan.read) {
    if (!('file' in e)) continue;
    job.push(await readJobFile(e));
  }
  return {
    head: mergePastCount([...head.filter((l) => !dropped.has(l)), ...plan.skipped.filter(ofHead)]),
    // Not files of the head commit: a ledger proof counts them as this change's.
    job: job.map((ledger) => ({ ...ledger, origin: 'job' as const })),
    // Listed by the input but committed in the checkout: not the job's (said in the log, so a setup that names a tracked directory shows it).
    committed: files.filter((c) => tracked.has(c.file) && !ofThisChange.has(c.path)).map((c) => c.path),
    committedFrom: fromGit.unanswered.length === 0 ? 'checkout' : 'repository',
  };
}

/**
 * The paths of the files directly in some repository directories (`''` the
 * root) at the commits a checkout may hold: the pull request's head, its base
 * and the commit the workflow checked out (`GITHUB_SHA`, the merge commit of a
 * `pull_request` run). Rejects when it cannot tell.
 */
export type CommittedInRepository = (dirs: string[]) => Promise<ReadonlySet<string>>;

/**
 * The files that one of the commits the checkout may hold has at the same
 * path: without git, nothing else tells a file the job wrote from one an
 * earlier change committed (an archive checkout of the merge commit holds the
 * sessions merged into the base since the pull request branched, which its
 * head does not). Where in the workspace the checkout lies is unknown
 * (actions/checkout's `path:` puts it in a subdirectory), so each directory is
 * also read without its leading segments: `repo/.proofgate/sessions/a.jsonl`
 * is committed when `.proofgate/sessions/a.jsonl` (or `sessions/a.jsonl`, or `a.jsonl`) is.
 */
async function committedAtCommits(files: readonly JobCandidate[], committedInRepository: CommittedInRepository): Promise<Set<string>> {
  if (files.length === 0) return new Set();
  const within = (c: JobCandidate) => {
    const segments = c.dir === '' ? [] : c.dir.split('/');
    return segments.map((_, i) => segments.slice(i).join('/')).concat('');
  };
  const committed = await committedInRepository([...new Set(files.flatMap(within))]);
  const name = (c: JobCandidate) => path.posix.basename(c.path);
  return new Set(files.filter((c) => within(c).some((d) => committed.has(d === '' ? name(c) : `${d}/${name(c)}`))).map((c) => c.file));
}

/**
 * The listed files git tracks in the checkout (its index: the checked-out
 * commit, head or merge, and anything an earlier step staged); files outside
 * the workspace have none. Git answers only from a work tree whose HEAD is one
 * of `checkoutCommits` (the pull request's head, its base, `GITHUB_SHA`): a
 * .git above the checkout can be another repository's (a workspace that is a
 * repository with the checkout in a subdirectory, a self-hosted runner inside
 * a clone), where the checkout's files are untracked. `unanswered`: the files
 * git cannot answer for (no such work tree holds them, git is missing, or it
 * fails: a checkout owned by another user, say). Taking those as untracked
 * would take every committed file for the job's.
 */
async function trackedInCheckout(
  files: readonly JobCandidate[],
  workspace: string,
  checkoutCommits: readonly string[],
): Promise<{ tracked: Set<string>; unanswered: JobCandidate[] }> {
  const known = new Set(checkoutCommits.map((sha) => sha.toLowerCase()));
  const tracked = new Set<string>();
  const unanswered: JobCandidate[] = [];
  // The work tree git finds from each directory the files were listed from (no git process where
  // there is no .git in it or above: forking one costs a fresh Action more than the gate), then one
  // listing per work tree at a known commit.
  const byDir = new Map<string, JobCandidate[]>();
  for (const c of files) if (!path.isAbsolute(c.path)) byDir.set(c.dir, [...(byDir.get(c.dir) ?? []), c]);
  const byTree = new Map<string, { prefix: string; files: JobCandidate[] }[]>();
  for (const [dir, listedThere] of byDir) {
    const absolute = path.resolve(workspace, dir);
    const tree = gitCouldFindRepository(absolute) ? await workTreeAt(absolute) : null;
    if (!tree || !known.has(tree.head)) unanswered.push(...listedThere);
    else byTree.set(tree.top, [...(byTree.get(tree.top) ?? []), { prefix: tree.prefix, files: listedThere }]);
  }
  for (const [top, dirs] of byTree) {
    const listed = await gitListing(
      top,
      dirs.map((d) => `:(literal)${d.prefix || '.'}`),
    );
    for (const d of dirs) {
      if (!listed) unanswered.push(...d.files);
      else for (const c of d.files) if (listed.has(d.prefix + path.posix.basename(c.path))) tracked.add(c.file);
    }
  }
  return { tracked, unanswered };
}

/**
 * The work tree git finds from `dir`: its top directory, `dir`'s path in it
 * (`''` or ending in `/`) and the commit its HEAD is; null when git cannot say
 * (no work tree, no commit yet, a name git prints on several lines).
 */
async function workTreeAt(dir: string): Promise<{ top: string; prefix: string; head: string } | null> {
  const result = await runGit(dir, ['rev-parse', '--show-toplevel', '--show-prefix', 'HEAD']).catch(() => null);
  if (!result || result.code !== 0) return null;
  const lines = result.stdout.toString('utf8').split('\n');
  if (lines.length !== 4 || lines[3] !== '' || !/^[0-9a-f]{40,64}$/.test(lines[2]!)) return null;
  return { top: lines[0]!, prefix: lines[1]!, head: lines[2]! };
}

/** The paths `git ls-files` lists from `dir` (relative to it), or null when git cannot answer. */
async function gitListing(dir: string, pathspecs: string[]): Promise<Set<string> | null> {
  const result = await runGit(dir, ['ls-files', '-z', '--', ...pathspecs]).catch(() => null);
  if (!result || result.code !== 0) return null;
  return new Set(result.stdout.toString('utf8').split('\0'));
}

const contentBytes = (l: LedgerSource): number => Buffer.byteLength(l.content, 'utf8');

async function readJobFile(e: JobCandidate): Promise<LedgerSource> {
  const content = await readRegularFile(e.file, logSafe(e.path));
  if (content === null) {
    return {
      kind: e.kind,
      path: e.path,
      commitSha: null,
      content: '',
      skipped: `grew over the ${formatBytes(LOAD_LIMITS.ledgerFileBytes)} limit while it was read; not read`,
    };
  }
  const kind = e.declared ?? ledgerKind(e.path, content);
  if (!kind) {
    throw new ActionError(
      `cannot tell what kind of ledger ${logSafe(e.path)} is: prefix it in the \`ledger\` input with \`agent-trace:\` or \`proofgate-session:\``,
    );
  }
  return { kind, path: e.path, commitSha: null, content };
}

/** The files the `ledger` input names (a directory's `.jsonl` files), with their sizes; none read yet. */
async function listLedgerFiles(inputs: LedgerInput[], workspace: string): Promise<JobCandidate[]> {
  const listed: JobCandidate[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(workspace, input.path);
    const shownInput = logSafe(input.path);
    const info = await lstat(absolute).catch(() => null);
    if (!info) {
      throw new ActionError(`ledger file ${shownInput} (input \`ledger\`) does not exist in ${workspace}: check the step that writes it ran before proofgate`);
    }
    await refuseSymlinkedDirectories(absolute, workspace, shownInput);
    if (info.isSymbolicLink()) throw symlinkError(shownInput);
    const files = info.isDirectory()
      ? (await readdir(absolute))
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => path.join(absolute, f))
      : [absolute];
    for (const file of files) {
      const shown = displayPath(file, workspace);
      const fileInfo = await lstat(file);
      if (fileInfo.isSymbolicLink()) throw symlinkError(logSafe(shown));
      if (!fileInfo.isFile()) throw new ActionError(`ledger file ${logSafe(shown)} is not a regular file`);
      // Until it is read, a ledger's kind is what the input or its directory says; an unknown one
      // that is not read counts as a session ledger, which fails the policies that rely on one.
      const declared = input.kind ?? ledgerKind(shown, '');
      listed.push({
        kind: declared ?? 'proofgate-session',
        declared,
        dir: displayPath(info.isDirectory() ? absolute : path.dirname(file), workspace),
        path: shown,
        bytes: fileInfo.size,
        file,
      });
    }
  }
  return listed;
}

/** The log line for input files committed in the checkout (or, without git, at a commit it may hold), which are not taken as the job's; names escaped. */
export function describeCommittedLedgerFiles(paths: string[], from: 'checkout' | 'repository' = 'checkout'): string {
  const shown = paths.slice(0, 5).map(logSafe).join(', ');
  const more = paths.length > 5 ? `, and ${paths.length - 5} more` : '';
  const where = from === 'checkout' ? 'in the checkout' : "at the pull request's head, its base or the checked-out commit (git could not list the checkout's)";
  return `ledger files committed ${where}, not taken as the job's (a pull request's own are read from its head): ${shown}${more}`;
}

/** The `ledger files:` log line: names escaped, so a crafted file name cannot start a workflow command. */
export function describeLedgerFiles(ledgers: LedgerSource[]): string {
  return `ledger files: ${ledgers.map((l) => `${logSafe(l.path)} (${l.kind})`).join(', ')}`;
}

/*
 * A ledger is read where it lies, never through a symlink: a link planted in
 * the checkout could point the gate at any file on the runner (its content
 * would land in the receipt) or at a ledger from somewhere else.
 */
function symlinkError(shown: string): ActionError {
  return new ActionError(`ledger file ${shown} is a symbolic link; proofgate reads ledgers only from regular files: list the file it points to instead`);
}

/** Directories between the workspace and a listed path must not be symlinks either (outside the workspace the runner's own layout is trusted). */
async function refuseSymlinkedDirectories(absolute: string, workspace: string, shown: string): Promise<void> {
  const relative = path.relative(path.resolve(workspace), absolute);
  if (relative === '' || isOutside(relative)) return;
  const parts = relative.split(path.sep).slice(0, -1);
  let dir = path.resolve(workspace);
  for (const part of parts) {
    dir = path.join(dir, part);
    const info = await lstat(dir).catch(() => null);
    if (info?.isSymbolicLink()) {
      throw new ActionError(
        `ledger path ${shown} goes through a symbolic link (${logSafe(displayPath(dir, workspace))}); proofgate reads ledgers only from real directories`,
      );
    }
  }
}

/**
 * Reads a regular file without following a symlink (O_NOFOLLOW closes the gap
 * between the check and the open); null when it is now over the per-file limit.
 */
async function readRegularFile(file: string, shown: string): Promise<string | null> {
  const info = await lstat(file);
  if (info.isSymbolicLink()) throw symlinkError(shown);
  if (!info.isFile()) throw new ActionError(`ledger file ${shown} is not a regular file`);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkError(shown);
    throw new ActionError(`cannot read ledger file ${shown}: ${(error as Error).message}`);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new ActionError(`ledger file ${shown} is not a regular file`);
    if (opened.size > LOAD_LIMITS.ledgerFileBytes) return null;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** The kind from the conventional directory, else from the first record's shape. */
export function ledgerKind(filePath: string, content: string): FileLedgerKind | null {
  const p = filePath.replace(/\\/g, '/');
  if (/(^|\/)\.agent-trace\//.test(p)) return 'agent-trace';
  if (/(^|\/)\.proofgate\/sessions\//.test(p)) return 'proofgate-session';
  const first = content.split('\n').find((l) => l.trim() !== '');
  if (!first) return null;
  let record: unknown;
  try {
    record = JSON.parse(first);
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Record<string, unknown>;
  if (typeof r['proofgate'] === 'string') return 'proofgate-session';
  if (typeof r['schema'] === 'string' && r['schema'].startsWith('agent-trace/')) return 'agent-trace';
  if (typeof r['version'] === 'string' && Array.isArray(r['files'])) return 'agent-trace';
  return null;
}

/** Workspace-relative with forward slashes when inside it; the absolute path otherwise. */
function displayPath(file: string, workspace: string): string {
  const relative = path.relative(workspace, file);
  return isOutside(relative) ? file : relative.split(path.sep).join('/');
}

/** A relative path that leaves its base (`..`, `../x`), as opposed to a name that merely starts with dots (`..x`). */
function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}
