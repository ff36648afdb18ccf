/** Object sizes from git, read before the objects themselves so the load limits decide what is read. */
import { parseCatFileBatchCheck } from './parse.js';
import { GitError, firstErrorLine, runGit } from './run-git.js';

/** Each named object's type and size in bytes (absent when missing), from one `git cat-file --batch-check`. */
export async function objectSizes(top: string, names: string[], signal?: AbortSignal): Promise<Map<string, { type: string; size: number }>> {
  const result = await runGit(top, ['cat-file', '--batch-check', '--buffer'], names.join('\n') + '\n', { signal });
  if (result.code !== 0) throw new GitError(`git cat-file failed: ${firstErrorLine(result.stderr)}`);
  const sizes = new Map<string, { type: string; size: number }>();
  for (const object of parseCatFileBatchCheck(result.stdout.toString('utf8'), names)) {
    if (!('missing' in object)) sizes.set(object.name, { type: object.type, size: object.size });
  }
  return sizes;
}
