/** The engine stays pure: no I/O, no clock, no environment, no GitHub clients. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PURE_DIRS = ['src/engine', 'src/glob', 'src/proofs', 'src/policy', 'src/attribution', 'src/receipt'];
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from ['"](node:)?(fs|fs\/promises|child_process|http|https|net|os)['"]/, 'I/O module import'],
  [/from ['"](@octokit\/[^'"]+|@actions\/[^'"]+|probot)['"]/, 'GitHub client import'],
  [/process\.(env|argv|cwd|exit)/, 'process access'],
  [/Date\.now\(\)|new Date\(\)/, 'reading the clock'],
  [/console\./, 'logging'],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('engine purity', () => {
  const files = PURE_DIRS.flatMap(sources);

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(FORBIDDEN)('no pure module uses %s', (pattern, what) => {
    const offenders = files.filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(offenders, `${what} in pure modules`).toEqual([]);
  });
});
