import type { AttributionEvidence, FileClaim, LedgerProblem, SessionSummary } from '../types.js';

/** What one ledger says, plus what could not be read from it. */
export interface LedgerReading {
  claims: FileClaim[];
  sessions: SessionSummary[];
  /** Evidence to merge into the attribution of the commits the ledger names. */
  commitEvidence: Array<{ commitSha: string; evidence: AttributionEvidence }>;
  problems: LedgerProblem[];
  /** Why none of the ledger could be read (a session ledger whose header cannot be), when what it holds may count. */
  unread?: string;
}

export function emptyReading(): LedgerReading {
  return { claims: [], sessions: [], commitEvidence: [], problems: [] };
}

export interface JsonLine {
  line: number;
  value: unknown;
}

/**
 * Lines that are not JSON read before a ledger is read no further. Each costs
 * a thrown SyntaxError (a few microseconds): a ledger of 1 MiB can hold half a
 * million of them, seconds of CPU in every evaluation of the pull request.
 */
export const MAX_BAD_LINES = 1000;

/**
 * Parse JSON Lines. Blank lines are skipped; a line that is not JSON is a
 * problem (its number is in `badLines`), and a bad last line without a final newline is reported as
 * truncated (an append that was cut off). After MAX_BAD_LINES bad lines the
 * rest is not read: `unread` then says so.
 */
export function readJsonLines(content: string, source: string, problems: LedgerProblem[]): { lines: JsonLine[]; badLines: number[]; unread: string | null } {
  const out: JsonLine[] = [];
  const badLines: number[] = [];
  const lines = content.split('\n');
  const endsWithNewline = content.endsWith('\n');
  let bad = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(text) as unknown });
    } catch {
      const isLast = i === lines.length - 1;
      badLines.push(i + 1);
      problems.push({
        source,
        line: i + 1,
        message:
          isLast && !endsWithNewline ? 'the last line is truncated (not complete JSON); the record was ignored' : 'not valid JSON; the record was ignored',
      });
      if (++bad === MAX_BAD_LINES && !isLast) {
        const unread = `more than ${MAX_BAD_LINES.toLocaleString('en-US')} lines are not valid JSON; the ledger was read no further than line ${i + 1}`;
        problems.push({ source, line: i + 1, message: unread });
        return { lines: out, badLines, unread };
      }
    }
  }
  return { lines: out, badLines, unread: null };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** Whether a possibly abbreviated sha names the given full sha. */
export function shaMatches(short: string, full: string): boolean {
  const s = short.toLowerCase();
  return s.length >= 7 && full.toLowerCase().startsWith(s);
}
