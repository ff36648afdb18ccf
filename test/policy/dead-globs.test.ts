/**
 * `proofgate validate --repo`: route globs and exclusions that match no file of
 * the repository (docs/cli.md). The hint says when only a case variant
 * matches, or when the glob holds `[ ]` (literal in path globs).
 */
import { describe, expect, it } from 'vitest';
import { deadGlobIssues } from '../../src/policy/dead-globs.js';
import { positionIssues } from '../../src/policy/load.js';
import { load, yaml, FILE } from './helpers.js';

const TEXT = yaml(
  'version: 1',
  'routes:',
  '  - name: code',
  '    paths: ["src/**", "!src/**/*.snap"]',
  '  - name: typo',
  '    paths: ["src/atuh/**", "SRC/Auth/**", "app/[slug]/**", "!docs/**"]',
);
const FILES = ['src/auth/login.ts', 'src/a.ts', 'README.md'];

describe('globs that match no file', () => {
  const deadGlobs = () => deadGlobIssues(load(TEXT).doc, FILES, 'at HEAD (1a2b3c4)');

  it('are reported for globs and exclusions alike, each with the hint that fits', () => {
    expect(deadGlobs()).toEqual([
      {
        path: ['routes', 0, 'paths', 1],
        anchor: 'value',
        message: 'exclusion "!src/**/*.snap" of route `code` matches no file at HEAD (1a2b3c4)',
        hint: 'check its spelling: a route that matches nothing gates nothing',
      },
      {
        path: ['routes', 1, 'paths', 0],
        anchor: 'value',
        message: 'glob "src/atuh/**" of route `typo` matches no file at HEAD (1a2b3c4)',
        hint: 'check its spelling: a route that matches nothing gates nothing',
      },
      {
        path: ['routes', 1, 'paths', 1],
        anchor: 'value',
        message: 'glob "SRC/Auth/**" of route `typo` matches no file at HEAD (1a2b3c4)',
        hint: 'only a case variant matches, such as "src/auth/login.ts"',
      },
      {
        path: ['routes', 1, 'paths', 2],
        anchor: 'value',
        message: 'glob "app/[slug]/**" of route `typo` matches no file at HEAD (1a2b3c4)',
        hint: '`[` and `]` are literal in path globs; write alternatives as `{a,b}`',
      },
      {
        path: ['routes', 1, 'paths', 3],
        anchor: 'value',
        message: 'exclusion "!docs/**" of route `typo` matches no file at HEAD (1a2b3c4)',
        hint: 'check its spelling: a route that matches nothing gates nothing',
      },
    ]);
  });

  it('are none when every glob matches a file', () => {
    expect(deadGlobIssues(load(yaml('version: 1', 'routes:', '  - { name: code, paths: ["src/**", "!src/a.ts"] }')).doc, FILES, 'x')).toEqual([]);
  });

  it('are placed at their line and column in the policy text', () => {
    const issues = deadGlobs();
    expect(positionIssues(TEXT, FILE, issues.slice(1, 3))).toEqual([
      { file: FILE, line: 6, column: 13, path: 'routes[1].paths[0]', message: issues[1]!.message, hint: issues[1]!.hint },
      { file: FILE, line: 6, column: 28, path: 'routes[1].paths[1]', message: issues[2]!.message, hint: issues[2]!.hint },
    ]);
  });
});
