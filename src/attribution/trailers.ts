/**
 * Commit-message trailers, found by git's own rules (trailer.c), so that
 * proofgate sees exactly what `git interpret-trailers --parse --no-divider`
 * and `git log --format='%(trailers:only,unfold)'` show. Matching git matters:
 * a trailer git would not show must not attribute a commit, and vice versa.
 *
 * Assumes git's defaults: separator ":" (TOKEN_AND_SEPARATOR), comment character "#", no
 * `trailer.<token>.key` configuration.
 */

export interface Trailer {
  key: string;
  value: string;
}

const COMMENT_CHAR = '#';
/** Lines git itself writes; one of them lets a block be only 25% trailers. */
const GIT_GENERATED_PREFIXES = ['Signed-off-by: ', '(cherry picked from commit '];
const CUT_LINE = `${COMMENT_CHAR} ------------------------ >8 ------------------------\n`;

/** git's isspace(): only these four characters (no vertical tab or form feed). */
function isGitSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function trimGitSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGitSpace(s[start])) start++;
  while (end > start && isGitSpace(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Start of the line after the one starting at `pos` (or the end of the text). */
function nextLine(buf: string, pos: number): number {
  const nl = buf.indexOf('\n', pos);
  return nl === -1 ? buf.length : nl + 1;
}

/** Start of the last line of buf[0, len); -1 when len is 0. A final newline belongs to the last line. */
function lastLine(buf: string, len: number): number {
  if (len === 0) return -1;
  if (len === 1) return 0;
  return buf.lastIndexOf('\n', len - 2) + 1;
}

function isBlankLine(buf: string, pos: number): boolean {
  let i = pos;
  while (i < buf.length && buf[i] !== '\n' && isGitSpace(buf[i])) i++;
  return i >= buf.length || buf[i] === '\n';
}

/**
 * A token (alphanumerics and `-`), blanks after a non-empty token, then the
 * separator, from `lastIndex` on. git scans it character by character; a
 * sticky pattern does the same in native code, also on a process's first
 * messages, before the JIT has compiled a loop.
 */
const TOKEN_AND_SEPARATOR = /(?:[A-Za-z0-9-]+[ \t]*)?:/y;

/**
 * Offset of the separator in a line such as `Key: value` or `Key : value`;
 * -1 when the line does not start with a token (alphanumerics and `-`,
 * optionally followed by blanks) and a separator.
 */
function findSeparator(buf: string, pos: number): number {
  TOKEN_AND_SEPARATOR.lastIndex = pos;
  return TOKEN_AND_SEPARATOR.test(buf) ? TOKEN_AND_SEPARATOR.lastIndex - 1 - pos : -1;
}

/** Where a `# --- >8 ---` scissors line cuts the message off (git commit -v). */
function locateCutLine(buf: string): number {
  if (buf.startsWith(CUT_LINE)) return 0;
  const at = buf.indexOf(`\n${CUT_LINE}`);
  return at === -1 ? buf.length : at + 1;
}

/** Length of the message without trailing comments, blank lines and an old `Conflicts:` block. */
function trailerEnd(buf: string): number {
  const cutoff = locateCutLine(buf);
  let boc = 0;
  let bol = 0;
  let inOldConflictsBlock = false;
  while (bol < cutoff) {
    const next = nextLine(buf, bol);
    if (buf[bol] === COMMENT_CHAR || buf[bol] === '\n') {
      if (!boc) boc = bol;
    } else if (buf.startsWith('Conflicts:\n', bol)) {
      inOldConflictsBlock = true;
      if (!boc) boc = bol;
    } else if (inOldConflictsBlock && buf[bol] === '\t') {
      // a path inside the old conflicts block
    } else if (boc) {
      boc = 0;
      inOldConflictsBlock = false;
    }
    bol = next;
  }
  return boc ? boc : cutoff;
}

/**
 * Start of the trailer block in buf[0, len), or len when there is none. The
 * block is the last paragraph (never the title paragraph) when every line is a
 * trailer or a continuation, or when at least 25% are trailers and one is
 * git-generated.
 */
function trailerStart(buf: string, len: number): number {
  let s = 0;
  while (s < len) {
    if (buf[s] !== COMMENT_CHAR && isBlankLine(buf, s)) break;
    s = nextLine(buf, s);
  }
  const endOfTitle = Math.min(s, len);

  let onlySpaces = true;
  let recognizedPrefix = false;
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let possibleContinuationLines = 0;

  for (let l = lastLine(buf, len); l >= endOfTitle; l = lastLine(buf, l)) {
    if (buf[l] === COMMENT_CHAR) {
      nonTrailerLines += possibleContinuationLines;
      possibleContinuationLines = 0;
      continue;
    }
    if (isBlankLine(buf, l)) {
      if (onlySpaces) continue;
      nonTrailerLines += possibleContinuationLines;
      if (recognizedPrefix && trailerLines * 3 >= nonTrailerLines) return nextLine(buf, l);
      if (trailerLines && !nonTrailerLines) return nextLine(buf, l);
      return len;
    }
    onlySpaces = false;

    if (GIT_GENERATED_PREFIXES.some((p) => buf.startsWith(p, l))) {
      trailerLines++;
      possibleContinuationLines = 0;
      recognizedPrefix = true;
      continue;
    }
    if (findSeparator(buf, l) >= 1 && !isGitSpace(buf[l])) {
      trailerLines++;
      possibleContinuationLines = 0;
    } else if (isGitSpace(buf[l])) {
      possibleContinuationLines++;
    } else {
      nonTrailerLines += 1 + possibleContinuationLines;
      possibleContinuationLines = 0;
    }
  }
  return len;
}

/** Collapse each newline and the indentation after it into one space. */
function unfold(value: string): string {
  // Most values are one line, already trimmed: nothing to collapse.
  if (!value.includes('\n')) return trimGitSpace(value);
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i++] as string;
    if (ch === '\n') {
      while (i < value.length && isGitSpace(value[i])) i++;
      out += ' ';
    } else {
      out += ch;
    }
  }
  return trimGitSpace(out);
}

/** The trailers of a commit message, in order, with continuation lines unfolded. */
export function parseTrailers(message: string): Trailer[] {
  const end = trailerEnd(message);
  const start = trailerStart(message, end);
  const block = message.slice(start, end);

  // Split keeping each line's newline, as git's strbuf_split does.
  const lines: string[] = [];
  for (let pos = 0; pos < block.length;) {
    const next = nextLine(block, pos);
    lines.push(block.slice(pos, next));
    pos = next;
  }

  const entries: string[] = [];
  let lastIsTrailer = false;
  for (const line of lines) {
    if (lastIsTrailer && isGitSpace(line[0])) {
      entries[entries.length - 1] += line;
      continue;
    }
    entries.push(line);
    lastIsTrailer = findSeparator(line, 0) >= 1;
  }

  const trailers: Trailer[] = [];
  for (const entry of entries) {
    if (entry[0] === COMMENT_CHAR) continue;
    const sep = findSeparator(entry, 0);
    if (sep < 1) continue;
    trailers.push({
      key: trimGitSpace(entry.slice(0, sep)),
      value: unfold(trimGitSpace(entry.slice(sep + 1))),
    });
  }
  return trailers;
}
