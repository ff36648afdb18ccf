/**
 * Unsafe paths (docs/policy.md, "Unsafe paths"): a changed path, or the old
 * path of a rename, holding a control, line-separator or bidirectional
 * character is a violation of kind `path`; receipts write each such character
 * as `\u{…}`.
 */
import { describe, expect, it } from 'vitest';
import { showPath, unsafePathViolations } from '../../src/engine/paths.js';
import type { ChangedFile } from '../../src/snapshot.js';
import { emptySnapshot } from '../../src/snapshot.js';

const changed = (path: string, previousPath: string | null = null): ChangedFile => ({
  path,
  status: previousPath ? 'renamed' : 'modified',
  previousPath,
  additions: 1,
  deletions: 0,
});
const violations = (files: ChangedFile[]) => unsafePathViolations({ ...emptySnapshot('b'.repeat(40), 'h'.repeat(40)), files });

describe('unsafe paths', () => {
  it('writes each unsafe character as an upper-case code point of at least four digits', () => {
    expect(showPath('src/auth/token\n.ts')).toBe('src/auth/token\\u{000A}.ts');
    expect(showPath('a\u202eb\u2028c\u007f')).toBe('a\\u{202E}b\\u{2028}c\\u{007F}');
    expect(showPath('src/ok-é.ts')).toBe('src/ok-é.ts');
  });

  it('is one violation naming the first three paths and listing every one, the old path of a rename included', () => {
    const files = [changed('a\n1'), changed('ok.ts'), changed('b.ts', 'old\r.ts'), changed('c\u2029'), changed('d\u200e')];
    expect(violations(files)).toEqual([
      {
        kind: 'path',
        message: '4 changed paths with control or bidirectional characters: `a\\u{000A}1`, `old\\u{000D}.ts`, `c\\u{2029}`, …',
        next: 'Rename the file so its path has no control characters (newline, carriage return, U+2028/U+2029, bidi controls), then push again.',
        route: null,
        files: ['a\n1', 'old\r.ts', 'c\u2029', 'd\u200e'],
        commit: null,
      },
    ]);
    expect(violations([changed('a\n1'), changed('b\t2'), changed('c\u00852')])[0]!.message).toBe(
      '3 changed paths with control or bidirectional characters: `a\\u{000A}1`, `b\\u{0009}2`, `c\\u{0085}2`',
    );
    expect(violations([changed('x\u0000')])[0]!.message).toBe('1 changed path with control or bidirectional characters: `x\\u{0000}`');
  });

  it('is nothing when every path is plain, and names a path once', () => {
    expect(violations([changed('src/a.ts', 'src/b.ts')])).toEqual([]);
    expect(violations([changed('a\n', 'a\n')])[0]!.files).toEqual(['a\n']);
  });
});
