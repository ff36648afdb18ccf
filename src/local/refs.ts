/** Resolving refs and finding the upstream default branch to compare against. */
import { GitError, runGit } from './run-git.js';

/** Where to look for the branch a PR would target, most specific first. */
const DEFAULT_BRANCH_CANDIDATES = ['refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];
const ORIGIN_HEAD = 'refs/remotes/origin/HEAD';

/** The commit a ref names; a clear error naming the ref and the flag that set it. */
export async function resolveCommit(top: string, ref: string, flag: string): Promise<string> {
  if (ref === '' || ref.startsWith('-')) {
    throw new GitError(`invalid ref for ${flag}: ${JSON.stringify(ref)} (give a branch, tag or commit sha)`);
  }
  const result = await runGit(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const sha = result.stdout.toString('utf8').trim();
  if (result.code !== 0 || !sha) {
    const hint = ref.startsWith('origin/') ? `run \`git fetch origin\` or` : 'check the name with `git branch -a`, or';
    throw new GitError(`unknown revision ${JSON.stringify(ref)} for ${flag} in ${top} (${hint} pass a commit sha)`);
  }
  return sha;
}

/**
 * The upstream default branch and its merge base with head: origin/HEAD's
 * target, then origin/main, origin/master, main, master. null when none exists.
 */
export async function resolveDefaultBase(top: string, headSha: string, headRef: string): Promise<{ ref: string; mergeBase: string } | null> {
  const listing = await runGit(top, ['for-each-ref', '--format=%(refname)%00%(symref)', ORIGIN_HEAD, ...DEFAULT_BRANCH_CANDIDATES]);
  if (listing.code !== 0) return null;
  const refs = new Map<string, string>();
  for (const line of listing.stdout.toString('utf8').split('\n')) {
    const [name, symref] = line.split('\0');
    if (name) refs.set(name, symref ?? '');
  }
  const originHead = refs.get(ORIGIN_HEAD);
  const order = [...(originHead ? [originHead] : []), ...DEFAULT_BRANCH_CANDIDATES];
  const chosen = order.find((r) => r === originHead || refs.has(r));
  if (!chosen) return null;

  const short = chosen.replace(/^refs\/remotes\//, '').replace(/^refs\/heads\//, '');
  const result = await runGit(top, ['merge-base', chosen, headSha]);
  const mergeBase = result.stdout.toString('utf8').trim();
  if (result.code !== 0 || !mergeBase) {
    throw new GitError(`no common ancestor between ${short} and ${headRef} (in a shallow clone run \`git fetch --unshallow\`; otherwise pass --base REF)`);
  }
  return { ref: short, mergeBase };
}
