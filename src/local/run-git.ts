/**
 * Runs git without a shell: arguments are passed as an array, never
 * interpolated into a command line, so paths and refs cannot inject anything.
 */
import { execFile } from 'node:child_process';

/** A git failure turned into one line a user can act on. */
export class GitError extends Error {
  override name = 'GitError';
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Settings that keep git's output machine-readable whatever the user's config says. */
const FIXED_CONFIG = [
  '-c',
  'core.quotepath=off',
  '-c',
  'log.showSignature=false',
  '-c',
  'color.ui=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'advice.graftFileDeprecated=false',
];

/**
 * Replace refs (`refs/replace/*`) and a graft file (`info/grafts`) would let a
 * checkout make git report another commit's message, author, parents or files
 * under a sha: git reads the objects themselves, nothing substituted.
 */
const FIXED_ENV = {
  // Full stdio buffering: into a pipe, git log otherwise flushes after every
  // commit, and reading a long history in ~600-byte pieces cost more CPU than git itself.
  GIT_FLUSH: '0',
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_NO_REPLACE_OBJECTS: '1',
  GIT_GRAFT_FILE: '/dev/null',
  LC_ALL: 'C',
};

const MAX_BUFFER = 1024 * 1024 * 1024;

export interface RunGitOptions {
  /** Given each piece of the output as it arrives; if it throws, git is stopped and the run rejects with that error. */
  onStdout?: (piece: Buffer) => void;
  /** Stops git when aborted; the run then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs `git <args>` in `cwd`. Resolves with the exit code instead of rejecting
 * so callers decide which codes are errors; rejects only when git cannot run,
 * when `onStdout` throws, or when `signal` is aborted.
 */
export function runGit(cwd: string, args: string[], input?: string | Buffer, { onStdout, signal }: RunGitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let readError: { error: Error } | null = null;
    const child = execFile(
      'git',
      [...FIXED_CONFIG, ...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: MAX_BUFFER,
        signal,
        env: { ...process.env, ...FIXED_ENV },
      },
      (error, stdout, stderr) => {
        if (readError) {
          reject(readError.error);
          return;
        }
        if (signal?.aborted) {
          reject(signal.reason instanceof Error ? signal.reason : new GitError('git was stopped'));
          return;
        }
        const err = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
        if (err && typeof err.code === 'string') {
          if (err.code === 'ENOENT') {
            reject(new GitError(`git not found on PATH (install git or fix PATH)`));
          } else if (err.code === 'ENOTDIR') {
            reject(new GitError(`not a directory: ${cwd} (pass --repo DIR pointing at a git work tree)`));
          } else {
            reject(new GitError(`could not run git in ${cwd}: ${err.message.split('\n')[0]}`, { cause: error }));
          }
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr: stderr.toString('utf8'), code });
      },
    );
    if (onStdout) {
      child.stdout?.on('data', (piece: Buffer) => {
        if (readError) return;
        try {
          onStdout(piece);
        } catch (error) {
          readError = { error: error instanceof Error ? error : new Error(String(error)) };
          child.kill();
        }
      });
    }
    // execFile reports a missing cwd as ENOENT on spawn; stdin errors (EPIPE) are reported through the callback.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

/** Runs git and returns stdout as text; a non-zero exit becomes a GitError with git's first error line. */
export async function gitText(cwd: string, args: string[], what: string, options?: RunGitOptions): Promise<string> {
  const result = await runGit(cwd, args, undefined, options);
  if (result.code !== 0) throw new GitError(`${what}: ${firstErrorLine(result.stderr)}`);
  return result.stdout.toString('utf8');
}

/** The line of git's stderr that says what went wrong, without the `fatal:` prefix. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'git failed';
  return line.replace(/^(fatal|error):\s*/, '');
}
