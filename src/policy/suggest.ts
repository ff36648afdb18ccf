/** "Did you mean …?" suggestions for misspelt keys and names. */

/**
 * Edit distance counting a swap of neighbours as one edit (`teirs` → `tiers`),
 * case-insensitive (a key typed `Require` is still `require`).
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(s.length, t.length);
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: at most a
 * third of the word's length in edits (at least one), ties broken by list order;
 * failing that, the only candidate that contains the word.
 */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== null) return best;
  // `Copilot` for `github-copilot`: a word the user typed that one candidate contains.
  const needle = word.toLowerCase();
  const containing = [...candidates].filter((c) => needle.length >= 3 && c.toLowerCase().includes(needle));
  return containing.length === 1 ? (containing[0] ?? null) : null;
}

/** `a`, `b` or `c` in backticks, for hints that list valid values. */
export function listValues(values: readonly unknown[]): string {
  return values.map((v) => `\`${String(v)}\``).join(', ');
}

/** A hint naming the closest candidate and, failing that, the valid ones. */
export function suggestionHint(word: string, candidates: readonly string[], noun: string): string {
  const guess = closest(word, candidates);
  if (guess !== null) return `did you mean \`${guess}\`?`;
  if (candidates.length === 0) return `no ${noun}s are defined`;
  return `valid ${noun}s: ${listValues(candidates)}`;
}
