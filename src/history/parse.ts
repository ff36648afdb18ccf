/**
 * Parsers for the two `git log` listings the history loader reads. Both put a
 * random marker in front of every commit, so no message or path can pose as
 * a commit header; paths may hold any byte but NUL.
 */
import { StringDecoder } from 'node:string_decoder';
import { identity } from '../local/parse.js';
import { GitError } from '../local/run-git.js';
import type { Identity } from '../snapshot.js';

export interface HistoryCommit {
  sha: string;
  parents: string[];
  author: Identity;
  committer: Identity;
  authoredAt: string | null;
  /** ISO 8601: when the commit was made (for a merge: when the change was merged). */
  committedAt: string;
  message: string;
  /** Paths the commit changed; a merge lists those its own resolution changed. */
  files: string[];
}

/** The `--format` for {@link parseHistoryLog}: header, nine fields, the message, an end marker; then the files. */
export function historyLogFormat(marker: string): string {
  checkMarker(marker);
  return `%x00${marker}%x00%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%aI%x00%cI%x00%B%x00${marker}-end`;
}

/** `git log -z --name-only --format=historyLogFormat(marker)`, in git's order. */
export function parseHistoryLog(out: string, marker: string, identities: IdentityCache = new IdentityCache()): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  const end = `${marker}-end`;
  walkNameListing(out, marker, (tokens, i) => {
    if (tokens.length < i + 12 || tokens[i + 11] !== end) {
      throw new GitError(`git log printed a commit header that is not the requested format near ${JSON.stringify((tokens[i + 2] ?? '').slice(0, 64))}`);
    }
    const commit: HistoryCommit = {
      sha: tokens[i + 2]!.trim(),
      parents: parentsOf(tokens[i + 3]!),
      author: identities.of(tokens[i + 4]!, tokens[i + 5]!),
      committer: identities.of(tokens[i + 6]!, tokens[i + 7]!),
      authoredAt: tokens[i + 8] || null,
      committedAt: tokens[i + 9]!,
      message: tokens[i + 10]!,
      files: [],
    };
    commits.push(commit);
    return { last: i + 11, addPath: (path) => commit.files.push(path) };
  });
  // Lists grown path by path keep room for more: the history is kept whole, so each is cut to its length.
  for (const commit of commits) if (commit.files.length > 0) commit.files = commit.files.slice();
  return commits;
}

/** `%P`: the parents, separated by one space; none for a root commit. */
function parentsOf(field: string): string[] {
  if (field === '') return [];
  const parents = field.split(' ');
  return parents.includes('') ? parents.filter(Boolean) : parents;
}

/**
 * A history has few distinct authors and committers, each on thousands of
 * commits: one frozen identity object for each name and email, which every
 * commit of one listing shares, rather than two new objects per commit.
 */
export class IdentityCache {
  /** By email, then by name (no key is built from the two). */
  private readonly byEmail = new Map<string, Map<string, Identity>>();

  of(name: string, email: string): Identity {
    let byName = this.byEmail.get(email);
    if (!byName) this.byEmail.set(email, (byName = new Map<string, Identity>()));
    let found = byName.get(name);
    if (!found) byName.set(name, (found = Object.freeze(identity(name, email))));
    return found;
  }
}

/**
 * Reads the same listing while git is still printing it: each commit is parsed,
 * and handed to `onCommit`, as soon as the next commit's header shows it is
 * whole, so a caller can start work on the first commits while git reads the
 * rest. Text is decoded as it arrives (a character split between two pieces
 * waits for its end); the result is the same as parseHistoryLog of the whole.
 */
export class HistoryLogReader {
  private readonly decoder = new StringDecoder('utf8');
  private readonly boundary: string;
  /** The text after the last whole commit, in the pieces it came in: joined only once a header ends a commit, so a long message costs no repeated copies. */
  private pieces: string[] = [];
  private length = 0;
  /** The last characters read, where a header split between two pieces begins. */
  private tail = '';
  private readonly commits: HistoryCommit[] = [];
  private readonly identities = new IdentityCache();

  constructor(
    private readonly marker: string,
    private readonly onCommit: (commit: HistoryCommit) => void = () => undefined,
  ) {
    checkMarker(marker);
    this.boundary = `\0${marker}\0`;
  }

  push(piece: Buffer): void {
    const text = this.decoder.write(piece);
    // Only the new text, and the few characters before it, can hold a header not seen before.
    const window = this.tail + text;
    const last = window.lastIndexOf(this.boundary);
    this.pieces.push(text);
    this.length += text.length;
    this.tail = window.slice(-(this.boundary.length - 1));
    const start = last < 0 ? 0 : this.length - window.length + last;
    // Every commit before the last header is whole (a commit starts with its header).
    if (start <= 0) return;
    const pending = this.pieces.join('');
    this.take(pending.slice(0, start));
    const rest = pending.slice(start);
    this.pieces = [rest];
    this.length = rest.length;
  }

  end(): HistoryCommit[] {
    this.take(this.pieces.join('') + this.decoder.end());
    this.pieces = [];
    this.length = 0;
    return this.commits;
  }

  private take(text: string): void {
    for (const commit of parseHistoryLog(text, this.marker, this.identities)) {
      this.commits.push(commit);
      this.onCommit(commit);
    }
  }
}

/**
 * Walks a `git log -z --name-only` listing whose commits start with the marker:
 * `header(tokens, i)` reads the header at token i and says where it ends and
 * what to do with each path after it. Only the first path after a header
 * carries the newline that ends the header; any other leading newline is the
 * path's own.
 */
function walkNameListing(out: string, marker: string, header: (tokens: string[], i: number) => { last: number; addPath: (path: string) => void }): void {
  const tokens = out.split('\0');
  let addPath: ((path: string) => void) | null = null;
  let firstOfCommit = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '' && tokens[i + 1] === marker) {
      const read = header(tokens, i);
      addPath = read.addPath;
      i = read.last;
      firstOfCommit = true;
      continue;
    }
    if (token === '') {
      firstOfCommit = false;
      continue;
    }
    if (!addPath) throw new GitError('git log printed a file name before any commit');
    const path = firstOfCommit && token.startsWith('\n') ? token.slice(1) : token;
    firstOfCommit = false;
    if (path) addPath(path);
  }
}

export interface LineCount {
  path: string;
  additions: number;
  deletions: number;
}

/** The `--format` for {@link parseFirstParentStats}. */
export function statsLogFormat(marker: string): string {
  checkMarker(marker);
  return `%x00${marker}%x00%H`;
}

/**
 * `git log -z --first-parent --numstat --no-renames --diff-merges=first-parent
 * --format=statsLogFormat(marker)`: each mainline commit's diff against its
 * first parent, i.e. what the change brought to the branch. Binary files count 0 lines.
 */
export function parseFirstParentStats(out: string, marker: string): Map<string, LineCount[]> {
  const tokens = out.split('\0');
  const stats = new Map<string, LineCount[]>();
  let current: LineCount[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '' && tokens[i + 1] === marker) {
      current = [];
      stats.set((tokens[i + 2] ?? '').trim(), current);
      i += 2;
      continue;
    }
    if (token === '') continue;
    if (!current) throw new GitError('git log printed a line count before any commit');
    const record = token.startsWith('\n') ? token.slice(1) : token;
    const first = record.indexOf('\t');
    const second = record.indexOf('\t', first + 1);
    if (first < 0 || second < 0)
      throw new GitError(`git log printed a line count that is not \`added\\tdeleted\\tpath\`: ${JSON.stringify(record.slice(0, 80))}`);
    current.push({
      path: record.slice(second + 1),
      additions: Number.parseInt(record.slice(0, first), 10) || 0,
      deletions: Number.parseInt(record.slice(first + 1, second), 10) || 0,
    });
  }
  return stats;
}

/**
 * The same listing with `--name-only` in place of `--numstat`: the paths
 * without line counts (0 each), for readers that never use them, since git
 * then compares trees only, not file contents. Only the first path after a
 * header carries the newline that ends the header (see walkNameListing).
 */
export function parseFirstParentNames(out: string, marker: string): Map<string, LineCount[]> {
  const names = new Map<string, LineCount[]>();
  walkNameListing(out, marker, (tokens, i) => {
    const paths: LineCount[] = [];
    names.set((tokens[i + 2] ?? '').trim(), paths);
    return { last: i + 2, addPath: (path) => paths.push({ path, additions: 0, deletions: 0 }) };
  });
  return names;
}

function checkMarker(marker: string): void {
  if (!/^[0-9a-z-]{16,}$/.test(marker)) throw new Error(`unsafe log marker: ${JSON.stringify(marker)}`);
}
