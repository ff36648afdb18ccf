/**
 * The changed files a ledger's file claim names (src/attribution/ledgers/paths.ts):
 * the spelling of a path never lets a claim miss the file, and a path that could
 * name several files names each of them.
 */
import { describe, expect, it } from 'vitest';
import { claimedPaths, knownPaths } from '../../src/attribution/ledgers/paths.js';

const changed = knownPaths(['src/a.ts', 'a.ts', 'src\\a.ts', 'docs/guide.md']);
const named = (raw: string) => {
  const r = claimedPaths(raw, changed);
  return { paths: [...r.paths].sort(), ambiguous: r.ambiguous !== null };
};

describe('claimedPaths', () => {
  it('keeps a plain path as it is, names starting with dots included', () => {
    expect(named('src/a.ts')).toEqual({ paths: ['src/a.ts'], ambiguous: false });
    expect(named('.agent-trace/..x/.y')).toEqual({ paths: ['.agent-trace/..x/.y'], ambiguous: false });
  });

  it('spells `./`, `//`, `.` and `..` inside the repository, and a trailing `/`, as git does', () => {
    for (const raw of ['./src/a.ts', 'src//a.ts', 'src/./a.ts', 'src/../src/a.ts', 'lib/../src/a.ts', 'src/a.ts/']) {
      expect(named(raw), raw).toEqual({ paths: ['src/a.ts'], ambiguous: false });
    }
  });

  it('takes a path with a backslash in both readings, the literal name and the Windows path', () => {
    expect(named('src\\a.ts')).toEqual({ paths: ['src/a.ts', 'src\\a.ts'], ambiguous: true });
    expect(named('.\\docs\\guide.md')).toEqual({ paths: ['.\\docs\\guide.md', 'docs/guide.md'], ambiguous: true });
  });

  it('takes a path that leaves the root, or an absolute one, for every changed path it ends with; as written when there is none', () => {
    expect(named('../src/a.ts')).toEqual({ paths: ['a.ts', 'src/a.ts'], ambiguous: true });
    expect(named('../../elsewhere/notes.md')).toEqual({ paths: ['../../elsewhere/notes.md'], ambiguous: true });
    expect(named('/home/dev/repo/src/a.ts')).toEqual({ paths: ['a.ts', 'src/a.ts'], ambiguous: false });
    expect(named('/home/dev/repo/src/b.ts')).toEqual({ paths: ['/home/dev/repo/src/b.ts'], ambiguous: false });
  });

  it('takes a Windows absolute path, with either separator, for every changed path it ends with, as a POSIX one', () => {
    expect(named('C:\\Users\\dev\\repo\\src\\a.ts')).toEqual({ paths: ['C:\\Users\\dev\\repo\\src\\a.ts', 'a.ts', 'src/a.ts'], ambiguous: true });
    expect(named('C:/Users/dev/repo/src/a.ts')).toEqual({ paths: ['a.ts', 'src/a.ts'], ambiguous: true });
    expect(named('d:/work/docs/guide.md')).toEqual({ paths: ['docs/guide.md'], ambiguous: true });
    expect(named('C:/Users/dev/repo/src/b.ts')).toEqual({ paths: ['C:/Users/dev/repo/src/b.ts'], ambiguous: true });
    // A directory named `C:` is a name git allows: its changed file is named too.
    expect(claimedPaths('C:/src/a.ts', knownPaths(['C:/src/a.ts', 'src/a.ts'])).paths.sort()).toEqual(['C:/src/a.ts', 'src/a.ts']);
  });
});
