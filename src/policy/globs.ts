/**
 * Glob checks shared by the policy validator: a pattern that cannot match is a
 * policy error, not a route that silently gates nothing.
 */
import picomatch from 'picomatch';

/** As src/glob.ts compiles them: dotfiles such as `.github/**` are ordinary paths. */
const PATH_GLOB_OPTIONS = { dot: true } as const;
/** Model ids (and check names) are names, not paths: `*` matches any text, `/` included. */
const NAME_GLOB_OPTIONS = { bash: true, dot: true } as const;

export interface GlobProblem {
  message: string;
  hint: string | null;
}

/** Whether a path pattern is an exclusion (`!docs/**`), as the engine reads it. */
export function isNegation(pattern: string): boolean {
  return pattern.startsWith('!');
}

/** Why `pattern` is unusable, or null when it compiles and can match something. */
export function globProblem(pattern: string, kind: 'path' | 'model'): GlobProblem | null {
  const body = kind === 'path' && isNegation(pattern) ? pattern.slice(1) : pattern;
  if (body.trim() === '') return { message: `empty glob ${JSON.stringify(pattern)}`, hint: 'write a pattern such as `src/**`' };
  if (kind === 'path' && (body.startsWith('/') || body.startsWith('./'))) {
    return {
      message: `glob ${JSON.stringify(pattern)} never matches: paths are relative to the repository root`,
      hint: `write ${JSON.stringify((body === pattern ? '' : '!') + body.replace(/^\.?\/+/, ''))}`,
    };
  }
  let source: string;
  try {
    // strictBrackets turns an unclosed `[`, `{` or `(` into an error instead of a literal character.
    const options = kind === 'path' ? PATH_GLOB_OPTIONS : NAME_GLOB_OPTIONS;
    source = picomatch.makeRe(body, { ...options, strictBrackets: true }).source;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(' - ')[0] : String(error);
    return {
      message: `glob ${JSON.stringify(pattern)} does not compile: ${reason}`,
      hint: 'close the bracket, or escape it with `\\` to match it literally',
    };
  }
  // picomatch compiles patterns it cannot turn into a regex (e.g. the range `[z-a]`) to one that matches nothing.
  if (source === '$^') return { message: `glob ${JSON.stringify(pattern)} can never match`, hint: 'check its ranges and escapes' };
  return null;
}
