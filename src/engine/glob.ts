/** Glob compilation, done once per policy: matching runs per file, compiling must not. */
import picomatch from 'picomatch';

export type Matcher = (value: string) => boolean;

/**
 * Path globs with picomatch semantics; a leading `!` excludes. A path matches
 * when it matches some positive glob and no negated one.
 */
export function compilePathGlobs(globs: readonly string[]): Matcher {
  const include = globs.filter((g) => !g.startsWith('!'));
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const isIncluded = include.length > 0 ? picomatch(include, { dot: true }) : () => false;
  if (exclude.length === 0) return isIncluded;
  const isExcluded = picomatch(exclude, { dot: true });
  return (path) => isIncluded(path) && !isExcluded(path);
}

/**
 * Name globs for check names and model ids, where `*` matches any text
 * (check names contain `/` and spaces: "ci / test (20.x)").
 */
export function compileNameGlobs(globs: readonly string[]): Matcher {
  if (globs.length === 0) return () => false;
  return picomatch(globs as string[], { bash: true, dot: true });
}
