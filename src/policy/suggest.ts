/** "Did you mean …?" suggestions for misspelt keys and names. */

/** Levenshtein distance, case-insensitive (a key typed `Require` is still `require`). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: at most a
 * third of the word's length in edits (at least one), ties broken by list order.
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
  return best;
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
