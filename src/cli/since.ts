/** `--since 30d | 12w | 2026-01-31` and whole-number flags, as usage errors when malformed. */
import { parseSinceValue } from '../report/since.js';
import { CliError } from './io.js';

export function parseSince(value: string, now: Date): Date {
  const date = parseSinceValue(value, now);
  if (date === null) throw new CliError(`--since must be a duration such as 30d or 12w, or a date such as 2026-01-31, got ${JSON.stringify(value)}`);
  return date;
}

export function parsePositiveInt(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw new CliError(`${flag} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  return Number(value);
}
