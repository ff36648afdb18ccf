/** `30d | 12w | 2026-01-31`: a point in time, relative to `now` or a date; null when not one of those. */
const UNIT_DAYS: Record<string, number> = { d: 1, w: 7 };

export function parseSinceValue(value: string, now: Date): Date | null {
  const text = value.trim();
  const relative = /^(\d{1,5})([dw])$/.exec(text);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_DAYS[relative[2]!]! * 86_400_000);
  if (/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return null;
}
