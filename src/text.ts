/** Small wording helpers shared by the engine and the renderers. */

/** The 7-character abbreviation GitHub shows for a commit. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** `1 file`, `3,000 files`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
