import type { AttributionEvidence, FileClaim, LedgerProblem, SessionSummary } from '../types.js';

/** What one ledger says, plus what could not be read from it. */
export interface LedgerReading {
  claims: FileClaim[];
  sessions: SessionSummary[];
  /** Evidence to merge into the attribution of the commits the ledger names. */
  commitEvidence: Array<{ commitSha: string; evidence: AttributionEvidence }>;
  problems: LedgerProblem[];
}

export function emptyReading(): LedgerReading {
  return { claims: [], sessions: [], commitEvidence: [], problems: [] };
}

export interface JsonLine {
  line: number;
  value: unknown;
}

/**
 * Parse JSON Lines. Blank lines are skipped; a line that is not JSON is a
 * problem, and a bad last line without a final newline is reported as
 * truncated (an append that was cut off).
 */
export function readJsonLines(content: string, source: string, problems: LedgerProblem[]): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = content.split('\n');
  const endsWithNewline = content.endsWith('\n');
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(text) as unknown });
    } catch {
      const isLast = i === lines.length - 1;
      problems.push({
        source,
        line: i + 1,
        message:
          isLast && !endsWithNewline ? 'the last line is truncated (not complete JSON); the record was ignored' : 'not valid JSON; the record was ignored',
      });
    }
  });
  return out;
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
