/** `--since 30d | 12w | 2026-01-31`: a point in time, relative to now or a date. */
import { CliError } from './io.js';

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7 };

export function parseSince(value: string, now: Date): Date {
  const relative = /^(\d{1,5})([dw])$/.exec(value.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_DAYS[relative[2]!]! * 86_400_000);
  if (/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) {
    const date = new Date(value.trim().length === 10 ? `${value.trim()}T00:00:00Z` : value.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new CliError(`--since must be a duration such as 30d or 12w, or a date such as 2026-01-31, got ${JSON.stringify(value)}`);
}

export function parsePositiveInt(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw new CliError(`${flag} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  return Number(value);
}
