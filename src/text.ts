/** Small wording helpers shared by the engine and the renderers. */

/** The 7-character abbreviation GitHub shows for a commit. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** `1 file`, `3,000 files`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `512 bytes`, `3.5 KiB`, `25 MiB`. */
export function formatBytes(bytes: number): string {
  const round = (n: number): string => String(Math.round(n * 10) / 10);
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${round(bytes / 1024)} KiB`;
  return `${round(bytes / (1024 * 1024))} MiB`;
}
