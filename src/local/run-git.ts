/**
 * Runs git without a shell: arguments are passed as an array, never
 * interpolated into a command line, so paths and refs cannot inject anything.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';

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

export interface RunGitOptions {
  /** Given each piece of the output as it arrives; if it throws, git is stopped and the run rejects with that error. */
  onStdout?: (piece: Buffer) => void;
  /** Stops git when aborted; the run then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs `git <args>` in `cwd`. Resolves with the exit code instead of rejecting
 * so callers decide which codes are errors; rejects only when git cannot run,
 * when `onStdout` throws, or when `signal` is aborted. Output handed to
 * `onStdout` is not also kept (a report's listing runs to tens of megabytes):
 * the result's stdout is then empty.
 */
export function runGit(cwd: string, args: string[], input?: string | Buffer, { onStdout, signal }: RunGitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let failure: Error | null = null;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('git', [...FIXED_CONFIG, ...args], { cwd, signal, env: { ...process.env, ...FIXED_ENV } });
    } catch (error) {
      // Some failures (a file given as the directory) throw rather than emit 'error'.
      reject(cannotRun(error as NodeJS.ErrnoException, cwd));
      return;
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= signal?.aborted ? stopped(signal) : cannotRun(error, cwd);
    });
    child.stdout.on('data', (piece: Buffer) => {
      if (failure) return;
      if (!onStdout) {
        stdout.push(piece);
        return;
      }
      try {
        onStdout(piece);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        child.kill();
      }
    });
    child.stderr.on('data', (piece: Buffer) => stderr.push(piece));
    // 'close' comes after 'error' and after the output has been read, also when git never started.
    child.on('close', (code) => {
      if (signal?.aborted) reject(stopped(signal));
      else if (failure) reject(failure);
      else resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8'), code: code ?? 1 });
    });
    // A git that exits before reading its input closes the pipe (EPIPE): its exit code says what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

const stopped = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new GitError('git was stopped'));

/** Why git could not be started: a missing git and a missing directory both say ENOENT on spawn. */
function cannotRun(error: NodeJS.ErrnoException, cwd: string): GitError {
  if (error.code === 'ENOENT') {
    return existsSync(cwd)
      ? new GitError(`git not found on PATH (install git or fix PATH)`)
      : new GitError(`no such directory: ${cwd} (pass --repo DIR pointing at a git repository)`);
  }
  if (error.code === 'ENOTDIR') return new GitError(`not a directory: ${cwd} (pass --repo DIR pointing at a git work tree)`);
  return new GitError(`could not run git in ${cwd}: ${error.message.split('\n')[0]}`, { cause: error });
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
