/**
 * Parsers for git's NUL-separated output. Paths may contain spaces, quotes,
 * newlines or any byte but NUL, so nothing here splits on whitespace.
 */
import type { ChangedFile, FileStatus, Identity } from '../snapshot.js';
import { GitError } from './run-git.js';

const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
  U: 'changed',
  X: 'changed',
};

/** `git diff --name-status -z -M`: `S\0path\0` or `R100\0old\0new\0`. */
export function parseNameStatus(out: string): ChangedFile[] {
  const tokens = out.split('\0');
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < tokens.length) {
    const code = tokens[i++];
    if (!code) continue;
    const letter = code[0] ?? 'X';
    const status = STATUS[letter] ?? 'changed';
    if (letter === 'R' || letter === 'C') {
      const previousPath = tokens[i++] ?? '';
      const path = tokens[i++] ?? '';
      files.push({ path, status, previousPath, additions: 0, deletions: 0 });
    } else {
      const path = tokens[i++] ?? '';
      files.push({ path, status, previousPath: null, additions: 0, deletions: 0 });
    }
  }
  return files;
}

/**
 * `git diff --numstat -z -M`: `add\tdel\tpath\0`, or for a rename
 * `add\tdel\t\0old\0new\0`. Binary files show `-` and count as 0.
 */
export function parseNumstat(out: string): Map<string, { additions: number; deletions: number }> {
  const tokens = out.split('\0');
  const counts = new Map<string, { additions: number; deletions: number }>();
  let i = 0;
  while (i < tokens.length) {
    const head = tokens[i++];
    if (!head) continue;
    const first = head.indexOf('\t');
    const second = head.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    const additions = Number.parseInt(head.slice(0, first), 10) || 0;
    const deletions = Number.parseInt(head.slice(first + 1, second), 10) || 0;
    let path = head.slice(second + 1);
    if (path === '') {
      i++; // the old path of a rename
      path = tokens[i++] ?? '';
    }
    counts.set(path, { additions, deletions });
  }
  return counts;
}

export interface RawCommit {
  sha: string;
  parents: string[];
  author: Identity;
  committer: Identity;
  authoredAt: string | null;
  message: string;
}

/** The `--format` that {@link parseCommitLog} reads: eight NUL-separated fields. */
export const COMMIT_FORMAT = '%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%aI%x00%B';
const COMMIT_FIELDS = 8;

/** `git log -z --format=COMMIT_FORMAT`: commit messages cannot contain NUL, so fields chunk by eight. */
export function parseCommitLog(out: string): RawCommit[] {
  const tokens = out.split('\0');
  const commits: RawCommit[] = [];
  for (let i = 0; i + COMMIT_FIELDS <= tokens.length; i += COMMIT_FIELDS) {
    const [sha, parents, an, ae, cn, ce, date, message] = tokens.slice(i, i + COMMIT_FIELDS) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    commits.push({
      sha: sha.trim(),
      parents: parents.split(' ').filter(Boolean),
      author: identity(an, ae),
      committer: identity(cn, ce),
      authoredAt: date || null,
      message,
    });
  }
  return commits;
}

/**
 * The `--format` of the per-commit file listing that {@link parseCommitFiles}
 * reads: an empty token, then `marker`, then the sha. Git never prints an empty
 * path, and `marker` is chosen at random for each run, so no committed path can
 * pose as a header (git's own separators, `\n` before the files of a commit and
 * an empty token after a merge's header, are not enough to tell them apart).
 */
export function commitFilesFormat(marker: string): string {
  if (!/^[0-9a-z-]{16,}$/.test(marker)) throw new Error(`unsafe commit-files marker: ${JSON.stringify(marker)}`);
  return `%x00${marker}%x00%H`;
}

/**
 * `git log -z --name-only --format=commitFilesFormat(marker)`: for each commit
 * `\0marker\0sha\0`, then its files (`\nfile\0file\0…`, after a merge
 * `\0file\0…`). Headers must arrive in `expectedOrder`; anything else means
 * the listing is not what was asked for, and guessing would credit files to
 * the wrong commit.
 */
export function parseCommitFiles(out: string, expectedOrder: string[], marker: string): Map<string, string[]> {
  const tokens = out.split('\0');
  const files = new Map<string, string[]>();
  let current: string[] | null = null;
  let firstOfCommit = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '' && tokens[i + 1] === marker) {
      const header = tokens[i + 2] ?? '';
      i += 2;
      const expected = expectedOrder[files.size];
      if (header !== expected) {
        throw new GitError(
          `git log listed commit ${JSON.stringify(header.slice(0, 64))} where ${expected ?? 'no further commit'} was expected in the per-commit file list`,
        );
      }
      current = [];
      files.set(header, current);
      firstOfCommit = true;
      continue;
    }
    if (token === '') {
      // A separator (git never prints an empty path). After a merge's header it stands
      // where the newline would, so the next name is not newline-prefixed.
      firstOfCommit = false;
      continue;
    }
    if (!current) throw new GitError('git log printed a file name before any commit in the per-commit file list');
    const path = firstOfCommit && token.startsWith('\n') ? token.slice(1) : token;
    firstOfCommit = false;
    if (path) current.push(path);
  }
  if (files.size !== expectedOrder.length) {
    throw new GitError(`git log listed files for ${files.size} of ${expectedOrder.length} commits in the range`);
  }
  return files;
}

/** An identity from git: login unknown; a bot when the name or GitHub noreply email says `[bot]`. */
export function identity(name: string, email: string): Identity {
  const isBot = /\[bot\]$/i.test(name.trim()) || /\[bot\]@users\.noreply\.github\.com$/i.test(email.trim());
  return { name: name || null, email: email || null, login: null, isBot };
}

/** `git notes list`: `noteBlob annotatedObject` per line. Returns annotated → blob. */
export function parseNotesList(out: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [blob, target] = line.trim().split(/\s+/);
    if (blob && target) notes.set(target, blob);
  }
  return notes;
}

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
  /** Bytes of a blob, with `--long` (`-l`); null otherwise and for trees. */
  size: number | null;
}

/** `git ls-tree -r -z [-l]`: `mode type sha[ size]\tpath\0` (the size padded with spaces). */
export function parseLsTree(out: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, sha, size] = record.slice(0, tab).split(/ +/);
    if (!mode || !type || !sha) continue;
    const bytes = size !== undefined && /^\d+$/.test(size) ? Number(size) : null;
    entries.push({ mode, type, sha, path: record.slice(tab + 1), size: bytes });
  }
  return entries;
}

export type BatchObject = { name: string; type: string; content: Buffer } | { name: string; missing: true };

/**
 * `git cat-file --batch`: for each input line, `sha type size\n<content>\n`
 * or `<input> missing\n` (also `ambiguous`). Sizes are bytes, so this works on
 * the raw buffer; one answer per requested name, in order.
 */
export function parseCatFileBatch(out: Buffer, requested: string[]): BatchObject[] {
  const objects: BatchObject[] = [];
  let offset = 0;
  for (const name of requested) {
    const eol = out.indexOf(0x0a, offset);
    if (eol < 0) break;
    const header = out.subarray(offset, eol).toString('utf8');
    offset = eol + 1;
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!match) {
      objects.push({ name, missing: true });
      continue;
    }
    const size = Number(match[3]);
    objects.push({ name, type: match[2] ?? '', content: out.subarray(offset, offset + size) });
    offset += size + 1;
  }
  return objects;
}

/**
 * `git cat-file --batch-check`: for each input line, `sha type size` or
 * `<input> missing` (also `ambiguous`). Read by position, one answer per
 * requested name: the answer names the object by sha, not by the name asked.
 */
export function parseCatFileBatchCheck(
  out: string,
  requested: string[],
): Array<{ name: string; type: string; size: number } | { name: string; missing: true }> {
  const lines = out.split('\n');
  return requested.map((name, i) => {
    const match = /^[0-9a-f]{40,64} (\S+) (\d+)$/.exec(lines[i] ?? '');
    return match ? { name, type: match[1]!, size: Number(match[2]) } : { name, missing: true as const };
  });
}

/** `owner/name` from a remote URL (`git@host:o/n.git`, `https://host/o/n`, `ssh://git@host/o/n.git`); null for local paths. */
export function parseRemoteRepository(url: string): { owner: string; name: string } | null {
  const trimmed = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const path =
    /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.+)$/i.exec(trimmed)?.[1] ?? // scheme://[user@]host[:port]/path
    /^[^@/\s]+@[^:/\s]+:(.+)$/.exec(trimmed)?.[1]; // scp-like user@host:path
  if (!path || trimmed.startsWith('file://')) return null;
  const parts = path.split('/').filter(Boolean);
  const owner = parts[parts.length - 2];
  const name = parts[parts.length - 1];
  return owner && name ? { owner, name } : null;
}

/**
 * `git diff --raw --numstat -z -M` in one pass: first a raw entry per file
 * (`:mode mode sha sha STATUS\0path\0`, a rename or copy `...R100\0old\0new\0`),
 * then the numstat entries ({@link parseNumstat}). Raw headers start with `:`
 * and numstat heads with a digit or `-`; paths are read by position, so a path
 * that starts with `:` is still a path.
 */
export function parseRawNumstat(out: string): ChangedFile[] {
  const tokens = out.split('\0');
  const files: ChangedFile[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i]!.startsWith(':')) {
    const header = tokens[i++]!;
    const letter = header.slice(header.lastIndexOf(' ') + 1)[0] ?? 'X';
    const status = STATUS[letter] ?? 'changed';
    if (letter === 'R' || letter === 'C') {
      const previousPath = tokens[i++] ?? '';
      const path = tokens[i++] ?? '';
      files.push({ path, status, previousPath, additions: 0, deletions: 0 });
    } else {
      files.push({ path: tokens[i++] ?? '', status, previousPath: null, additions: 0, deletions: 0 });
    }
  }
  const counts = parseNumstat(tokens.slice(i).join('\0'));
  return files.map((file) => ({ ...file, ...(counts.get(file.path) ?? {}) }));
}
