/** Summaries that print only what the samples can carry: a p99 needs at least 100 of them. */
export interface Summary {
  n: number;
  median: number;
  p99: number | null;
  max: number;
  text: string;
}

export const fmtMs = (ms: number): string => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const p99 = sorted.length >= 100 ? percentile(sorted, 99) : null;
  const max = sorted[sorted.length - 1] ?? NaN;
  const text = `median ${fmtMs(median)}${p99 === null ? '' : `, p99 ${fmtMs(p99)}`}, max ${fmtMs(max)} (n=${sorted.length})`;
  return { n: sorted.length, median, p99, max, text };
}
