/**
 * Route globs that match no file of a repository. A route or an exclusion that
 * matches nothing is almost always a typo, and a typo in a route silently
 * loosens the gate: its files fall to `default` or to a looser route.
 */
import { compileRouteGlobs } from '../glob.js';
import { foldCase } from '../glob/path.js';
import type { PolicyIssue } from './issue.js';
import type { PolicyDocument } from './schema.js';

/** `where` completes "matches no file …", e.g. "at HEAD (1a2b3c4)". */
export function deadGlobIssues(doc: PolicyDocument, files: readonly string[], where: string): PolicyIssue[] {
  const folded = files.map(foldCase);
  const issues: PolicyIssue[] = [];
  doc.routes.forEach((route, i) => {
    route.paths.forEach((glob, j) => {
      const negated = glob.startsWith('!');
      const globs = compileRouteGlobs([negated ? glob.slice(1) : glob]);
      if (files.some(globs.includes)) return;
      const variant = files.find((_, k) => globs.includesFolded(folded[k]!));
      issues.push({
        path: ['routes', i, 'paths', j],
        anchor: 'value',
        message: `${negated ? 'exclusion' : 'glob'} ${JSON.stringify(glob)} of route \`${route.name}\` matches no file ${where}`,
        hint:
          variant !== undefined
            ? `only a case variant matches, such as ${JSON.stringify(variant)}`
            : /\[[^\]]*\]/.test(glob)
              ? '`[` and `]` are literal in path globs; write alternatives as `{a,b}`'
              : 'check its spelling: a route that matches nothing gates nothing',
      });
    });
  });
  return issues;
}
