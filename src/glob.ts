/** Glob compilation, done once per policy: matching runs per file, compiling must not. */
import picomatch from 'picomatch';

export type Matcher = (value: string) => boolean;

/**
 * Path globs with picomatch semantics; a leading `!` excludes. A path matches
 * when it matches some positive glob and no negated one.
 */
export function compilePathGlobs(globs: readonly string[]): Matcher {
  const include = globs.filter((g) => !g.startsWith('!')).map(compilePathGlob);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => compilePathGlob(g.slice(1)));
  return (path) => include.some((m) => m(path)) && !exclude.some((m) => m(path));
}

/**
 * The literal directory (or file) every match of these globs lies under, or null
 * when some glob can match anywhere (such as `**` followed by `/*.md`). Used to index routes.
 */
export function literalBases(globs: readonly string[]): string[] | null {
  const bases = globs.filter((g) => !g.startsWith('!')).map((g) => picomatch.scan(g).base);
  return bases.every((b) => b.length > 0) ? bases : null;
}

/**
 * One glob as a bare RegExp behind a literal-prefix test: most route globs start
 * with a directory (`src/auth/**`), so most paths are rejected by `startsWith`.
 */
function compilePathGlob(glob: string): Matcher {
  const re = picomatch.makeRe(glob, { dot: true });
  const { base } = picomatch.scan(glob);
  if (!base) return (path) => re.test(path);
  const dir = `${base}/`;
  return (path) => (path.startsWith(dir) || path === base) && re.test(path);
}

/**
 * Name globs for check names and model ids, where `*` matches any text
 * (check names contain `/` and spaces: "ci / test (20.x)").
 */
export function compileNameGlobs(globs: readonly string[]): Matcher {
  if (globs.length === 0) return () => false;
  return picomatch(globs as string[], { bash: true, dot: true });
}

const nameGlobCache = new Map<string, Matcher>();

/** One name glob, compiled once per process (check names are matched on every event). */
export function nameGlob(glob: string): Matcher {
  let matcher = nameGlobCache.get(glob);
  if (!matcher) {
    if (nameGlobCache.size >= 1000) nameGlobCache.clear();
    nameGlobCache.set(glob, (matcher = compileNameGlobs([glob])));
  }
  return matcher;
}
