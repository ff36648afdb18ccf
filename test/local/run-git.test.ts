import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError, gitText, runGit } from '../../src/local/run-git.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function repo(): string {
  dir = mkdtempSync(path.join(tmpdir(), 'proofgate-run-git-'));
  return dir;
}

describe('runGit', () => {
  it("resolves with git's exit code and stderr rather than rejecting", async () => {
    const cwd = repo();
    await runGit(cwd, ['init', '-q']);
    const result = await runGit(cwd, ['rev-parse', '--verify', 'no-such-ref']);
    expect(result.code).toBe(128);
    expect(result.stderr).toMatch(/^fatal: /m);
    await expect(gitText(cwd, ['rev-parse', '--verify', 'no-such-ref'], 'reading the ref')).rejects.toThrow(/^reading the ref: Needed a single revision$/);
  });

  it('writes the input to git and keeps the output, unless each piece goes to onStdout', async () => {
    const cwd = repo();
    await runGit(cwd, ['init', '-q']);
    // The blob id git gives "hello\n" everywhere.
    const blob = await runGit(cwd, ['hash-object', '--stdin'], 'hello\n');
    expect(blob.stdout.toString()).toBe('ce013625030ba8dba906f756967f9e9ca394464a\n');

    const big = `${'x'.repeat(1 << 20)}\n`;
    writeFileSync(path.join(cwd, 'big.txt'), big);
    const kept = await runGit(cwd, ['hash-object', '-w', 'big.txt']);
    const id = kept.stdout.toString().trim();
    const pieces: Buffer[] = [];
    const streamed = await runGit(cwd, ['cat-file', 'blob', id], undefined, { onStdout: (piece) => pieces.push(piece) });
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.length).toBe(0);
    expect(Buffer.concat(pieces).toString()).toBe(big);
  });

  it('stops git and rejects with the error onStdout throws', async () => {
    const cwd = repo();
    await runGit(cwd, ['init', '-q']);
    writeFileSync(path.join(cwd, 'big.txt'), 'y'.repeat(4 << 20));
    const id = (await runGit(cwd, ['hash-object', '-w', 'big.txt'])).stdout.toString().trim();
    const stop = new Error('enough');
    await expect(
      runGit(cwd, ['cat-file', 'blob', id], undefined, {
        onStdout: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const cwd = repo();
    const controller = new AbortController();
    const reason = new Error('no longer needed');
    const running = runGit(cwd, ['hash-object', '--stdin'], undefined, { signal: controller.signal });
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
  });

  it('says which of git or the directory is missing, in a GitError', async () => {
    const cwd = repo();
    await expect(runGit(path.join(cwd, 'gone'), ['status'])).rejects.toThrow(
      new GitError(`no such directory: ${path.join(cwd, 'gone')} (pass --repo DIR pointing at a git repository)`),
    );
    writeFileSync(path.join(cwd, 'file'), '');
    await expect(runGit(path.join(cwd, 'file'), ['status'])).rejects.toThrow(/^not a directory: .*file \(pass --repo DIR/);
    const savedPath = process.env.PATH;
    process.env.PATH = cwd;
    try {
      await expect(runGit(cwd, ['status'])).rejects.toThrow(/^git not found on PATH/);
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
