import { describe, expect, it } from 'vitest';
import { parseCatFileBatch, parseCommitFiles, parseNameStatus, parseNumstat, parseRemoteRepository } from '../../src/local/parse.js';

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

  it('splits per-commit file lists by the expected shas, even when a file is named like a sha', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const out = `${a}\0\n${b}\0x\0${b}\0\0`;
    expect(Object.fromEntries(parseCommitFiles(out, [a, b]))).toEqual({ [a]: [b, 'x'], [b]: [] });
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
