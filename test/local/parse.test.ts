import { describe, expect, it } from 'vitest';
import {
  commitFilesFormat,
  parseCatFileBatch,
  parseCommitFiles,
  parseNameStatus,
  parseNumstat,
  parseRawNumstat,
  parseRemoteRepository,
} from '../../src/local/parse.js';

describe('git output parsers', () => {
  it('reads name-status with renames, copies and type changes', () => {
    expect(parseNameStatus('M\0a b.txt\0R087\0old\0new\0C100\0x\0y\0T\0link\0D\0gone\0')).toEqual([
      { path: 'a b.txt', status: 'modified', previousPath: null, additions: 0, deletions: 0 },
      { path: 'new', status: 'renamed', previousPath: 'old', additions: 0, deletions: 0 },
      { path: 'y', status: 'copied', previousPath: 'x', additions: 0, deletions: 0 },
      { path: 'link', status: 'changed', previousPath: null, additions: 0, deletions: 0 },
      { path: 'gone', status: 'removed', previousPath: null, additions: 0, deletions: 0 },
    ]);
  });

  it('reads numstat with renames and binary files', () => {
    const counts = parseNumstat('3\t1\ta.txt\0-\t-\timg.png\0' + '2\t0\t\0old name\0new name\0');
    expect(Object.fromEntries(counts)).toEqual({
      'a.txt': { additions: 3, deletions: 1 },
      'img.png': { additions: 0, deletions: 0 },
      'new name': { additions: 2, deletions: 0 },
    });
  });

  describe('parseCommitFiles', () => {
    const marker = 'proofgate-0123456789abcdef';
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const m = 'c'.repeat(40);
    const header = (sha: string) => `\0${marker}\0${sha}\0`;

    it('splits by headers at record boundaries: a file named like the next sha stays a file', () => {
      // a: two files, the first after git's newline; b: no files; m: a merge, whose files follow an empty token.
      const out = `${header(a)}\n${b}\0x\0${header(b)}${header(m)}\0${b}\0m.txt\0`;
      expect(Object.fromEntries(parseCommitFiles(out, [a, b, m], marker))).toEqual({ [a]: [b, 'x'], [b]: [], [m]: [b, 'm.txt'] });
    });

    it('reads a clean merge (header and separator, no files) followed by another commit', () => {
      const out = `${header(m)}\0${header(a)}\nf\0`;
      expect(Object.fromEntries(parseCommitFiles(out, [m, a], marker))).toEqual({ [m]: [], [a]: ['f'] });
    });

    it('keeps names that start with a newline or look like the marker without the boundary', () => {
      const out = `${header(a)}\n\nodd\0${marker}\0${b}\0`;
      expect(Object.fromEntries(parseCommitFiles(out, [a], marker))).toEqual({ [a]: ['\nodd', marker, b] });
    });

    it("keeps a merge's first name that starts with a newline (no newline follows a merge's header)", () => {
      const out = `${header(m)}\0\nsrc/x\0`;
      expect(Object.fromEntries(parseCommitFiles(out, [m], marker))).toEqual({ [m]: ['\nsrc/x'] });
    });

    it('fails instead of guessing when headers are out of order, missing or preceded by files', () => {
      expect(() => parseCommitFiles(`${header(b)}${header(a)}`, [a, b], marker)).toThrow(
        `git log listed commit "${b}" where ${a} was expected in the per-commit file list`,
      );
      expect(() => parseCommitFiles(header(a), [a, b], marker)).toThrow('git log listed files for 1 of 2 commits in the range');
      expect(() => parseCommitFiles(`${header(a)}${header(b)}`, [a], marker)).toThrow(/where no further commit was expected/);
      expect(() => parseCommitFiles(`stray\0${header(a)}`, [a], marker)).toThrow(/file name before any commit/);
    });

    it('builds a format whose marker cannot break the format string', () => {
      expect(commitFilesFormat(marker)).toBe(`%x00${marker}%x00%H`);
      expect(() => commitFilesFormat('%H%x00short')).toThrow(/unsafe commit-files marker/);
    });
  });

  it('reads cat-file --batch answers by byte size, including missing objects', () => {
    const sha = 'c'.repeat(40);
    const body = Buffer.from('héllo\nworld');
    const out = Buffer.concat([Buffer.from(`${sha} blob ${body.length}\n`), body, Buffer.from('\nx:y missing\n')]);
    const [first, second] = parseCatFileBatch(out, [sha, 'x:y']);
    expect(first && 'content' in first && first.content.toString('utf8')).toBe('héllo\nworld');
    expect(second).toEqual({ name: 'x:y', missing: true });
  });

  it('names the repository from common remote URL shapes and ignores local paths', () => {
    expect(parseRemoteRepository('git@github.com:acme/widgets.git')).toEqual({ owner: 'acme', name: 'widgets' });
    expect(parseRemoteRepository('https://github.com/acme/widgets')).toEqual({ owner: 'acme', name: 'widgets' });
    expect(parseRemoteRepository('ssh://git@ghe.example.com:2222/acme/widgets.git/')).toEqual({ owner: 'acme', name: 'widgets' });
    expect(parseRemoteRepository('/srv/git/widgets.git')).toBeNull();
    expect(parseRemoteRepository('../widgets')).toBeNull();
    expect(parseRemoteRepository('file:///srv/acme/widgets.git')).toBeNull();
  });
});

describe('parseRawNumstat', () => {
  it('joins raw statuses and numstat counts, reading paths by position', () => {
    const raw =
      ':100644 100644 96cc558 96cc558 R100\0a\0a2\0:100644 100644 96cc558 b991fe9 M\0:b\0' +
      ':000000 100644 0000000 bdc955b A\0bin\0:100644 000000 96cc558 0000000 D\0d e\0';
    const numstat = '0\t0\t\0a\0a2\0' + '1\t0\t:b\0' + '-\t-\tbin\0' + '0\t50\td e\0';
    expect(parseRawNumstat(raw + numstat)).toEqual([
      { path: 'a2', status: 'renamed', previousPath: 'a', additions: 0, deletions: 0 },
      { path: ':b', status: 'modified', previousPath: null, additions: 1, deletions: 0 },
      { path: 'bin', status: 'added', previousPath: null, additions: 0, deletions: 0 },
      { path: 'd e', status: 'removed', previousPath: null, additions: 0, deletions: 50 },
    ]);
  });
});
