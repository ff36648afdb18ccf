/**
 * Glob checks shared by the policy validator: a pattern that cannot match is a
 * policy error, not a route that silently gates nothing.
 */
import { compileModelGlob } from '../glob/name.js';
import { GlobSyntaxError, parsePathGlob } from '../glob/path.js';

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
  try {
    if (kind === 'model') {
      compileModelGlob(body.toLowerCase());
      return null;
    }
    const patterns = parsePathGlob(body);
    if (patterns.every((p) => p.segments.some((s) => s.kind === 'literal' && s.text === ''))) {
      return {
        message: `glob ${JSON.stringify(pattern)} never matches: a path has no empty segment (a trailing \`/\` or \`//\`)`,
        hint: `write ${JSON.stringify(pattern.replace(/\/+$/, '/**').replace(/\/{2,}/g, '/'))}`,
      };
    }
    return null;
  } catch (error) {
    if (!(error instanceof GlobSyntaxError)) throw error;
    return {
      message: `glob ${JSON.stringify(pattern)} does not compile: it ${error.message}`,
      hint: kind === 'path' ? 'path globs: docs/policy.md#path-globs' : 'model globs: docs/policy.md#tiers',
    };
  }
}
