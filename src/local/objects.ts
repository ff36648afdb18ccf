/** Objects and their sizes from git: sizes first, so the load limits decide what is read. */
import { ledgerSizeProblem } from '../limits.js';
import type { LedgerSource } from '../snapshot.js';
import { parseCatFileBatch, parseCatFileBatchCheck, type BatchObject } from './parse.js';
import { GitError, firstErrorLine, runGit } from './run-git.js';

/** Where Git AI keeps its notes. */
export const NOTES_REF = 'refs/notes/ai';

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

/** The named objects, in order, from one `git cat-file --batch`; no process when no name is given. */
export async function readObjects(top: string, names: string[], signal?: AbortSignal): Promise<BatchObject[]> {
  if (names.length === 0) return [];
  const result = await runGit(top, ['cat-file', '--batch', '--buffer'], names.join('\n') + '\n', { signal });
  if (result.code !== 0) throw new GitError(`git cat-file failed: ${firstErrorLine(result.stderr)}`);
  return parseCatFileBatch(result.stdout, names);
}

export interface NotedCommit {
  blob: string;
  commitSha: string;
}

/**
 * Which Git AI notes to read. A note is the pull request author's to write, as
 * large as they like: like a ledger file, one over the per-file limit is not
 * read but listed (sizes from one `git cat-file --batch-check`, none when no
 * commit has a note).
 */
export async function admitNotes(
  noted: NotedCommit[],
  sizesOf: (names: string[]) => ReturnType<typeof objectSizes>,
): Promise<{ read: NotedCommit[]; oversized: LedgerSource[] }> {
  const sizes = noted.length > 0 ? await sizesOf(noted.map((n) => n.blob)) : new Map<string, { size: number }>();
  const read: NotedCommit[] = [];
  const oversized: LedgerSource[] = [];
  for (const note of noted) {
    const skipped = ledgerSizeProblem(sizes.get(note.blob)?.size ?? 0);
    if (skipped !== null) oversized.push({ kind: 'git-ai-note', path: NOTES_REF, commitSha: note.commitSha, content: '', skipped });
    else read.push(note);
  }
  return { read, oversized };
}
