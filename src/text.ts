/** Small wording helpers shared by the engine and the renderers. */

/** The 7-character abbreviation GitHub shows for a commit. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * `3,000`: a count with its thousands grouped as en-US does. Written out because the
 * first `toLocaleString` in a process loads ICU's locale data (~18 ms of the
 * Action's start-up) for nothing but commas.
 */
export function formatCount(n: number): string {
  // Counts are safe integers; anything else (fractions, past 2^53) is left to ICU.
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 || Object.is(n, -0) ? `-${digits}` : digits;
}

/** `1 file`, `3,000 files`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `512 bytes`, `3.5 KiB`, `25 MiB`. */
export function formatBytes(bytes: number): string {
  const round = (n: number): string => String(Math.round(n * 10) / 10);
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${round(bytes / 1024)} KiB`;
  return `${round(bytes / (1024 * 1024))} MiB`;
}
