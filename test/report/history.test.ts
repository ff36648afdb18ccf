import { afterEach, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/history/load.js';
import { CLAUDE_OPUS, makeHistoryRepo, START, DAY, type HistoryRepo } from './history-repo.js';

let repo: HistoryRepo;
afterEach(() => repo?.cleanup());

describe('loadHistory', () => {
  it('splits the first-parent history into merged changes with their own commits and first-parent diff', async () => {
    repo = makeHistoryRepo();
    const squash = repo.squash(7, 1, 'Add docs', CLAUDE_OPUS, { 'docs/a.md': 'a\nb\n' });
    const merge = repo.mergePr(8, 2, [
      { message: `Add login\n\n${CLAUDE_OPUS}\n`, files: { 'src/login.ts': 'x\n' } },
      { message: 'Tidy login', files: { 'src/login.ts': 'y\nz\n', 'src/util.ts': 'u\n' } },
    ]);
    const direct = repo.direct(3, 'Bump version', { 'package.json': '{}\n' });

    const history = await loadHistory({ repoDir: repo.dir });
    expect(history.branch).toBe('main');
    const changes = history.changes.slice(1); // the initial commit is a direct change too
    expect(changes.map((c) => [c.sha, c.kind, c.number])).toEqual([
      [squash, 'squash', 7],
      [merge, 'merge', 8],
      [direct, 'direct', null],
    ]);
    const pr = changes[1]!;
    expect(pr.commits.map((c) => c.message.split('\n')[0])).toEqual(['Add login', 'Tidy login']);
    expect(pr.commits[1]!.files.sort()).toEqual(['src/login.ts', 'src/util.ts']);
    expect(pr.files.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'src/login.ts', additions: 2, deletions: 0 },
      { path: 'src/util.ts', additions: 1, deletions: 0 },
    ]);
    expect(pr.baseSha).toBe(squash);
    expect(Date.parse(pr.mergedAt)).toBe((START + 2 * DAY) * 1000);
    expect(changes[0]!.commits.map((c) => c.sha)).toEqual([squash]);
  });

  it('without line counts, lists the same paths with 0 lines, a leading newline of a path kept', async () => {
    repo = makeHistoryRepo();
    repo.mergePr(1, 1, [{ message: 'one', files: { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' } }]);
    // Sorted by git, the tab comes first: the newline that starts the second path is the path's own.
    repo.direct(2, 'Odd names', { '\tfirst.txt': '1\n', '\nsecond.txt': '2\n', 'plain.txt': '3\n' });
    const counted = await loadHistory({ repoDir: repo.dir });
    const paths = await loadHistory({ repoDir: repo.dir, lineCounts: false });
    expect(paths.changes.map((c) => c.files)).toEqual(counted.changes.map((c) => c.files.map((f) => ({ ...f, additions: 0, deletions: 0 }))));
    expect(paths.changes.at(-1)!.files.map((f) => f.path)).toEqual(['\tfirst.txt', '\nsecond.txt', 'plain.txt']);
    expect(counted.changes.at(-2)!.files).toEqual([
      { path: 'src/a.ts', additions: 1, deletions: 0 },
      { path: 'src/b.ts', additions: 1, deletions: 0 },
    ]);
  });

  it('does not credit a merge with commits an earlier merge already brought in', async () => {
    repo = makeHistoryRepo();
    repo.mergePr(1, 1, [{ message: 'one', files: { 'a.txt': '1\n' } }]);
    // A topic branch that started from the first topic (before it merged) and merged later.
    repo.git('checkout', '-q', 'topic-1');
    repo.git('checkout', '-q', '-b', 'stacked');
    repo.commit('two', { 'b.txt': '2\n' }, { at: START + 2 * DAY });
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '--no-commit', 'stacked');
    repo.commit('Merge pull request #2 from someone/stacked', {}, { at: START + 3 * DAY });
    const history = await loadHistory({ repoDir: repo.dir });
    const second = history.changes.find((c) => c.number === 2)!;
    expect(second.commits.map((c) => c.message.trim())).toEqual(['two']);
  });

  it('reads only the last N changes, or those merged after a date, with earlier commits out of every change', async () => {
    repo = makeHistoryRepo();
    for (let n = 1; n <= 5; n++) repo.mergePr(n, n * 2, [{ message: `c${n}`, files: { [`f${n}.txt`]: `${n}\n` } }]);
    const last = await loadHistory({ repoDir: repo.dir, last: 2 });
    expect(last.changes.map((c) => c.number)).toEqual([4, 5]);
    const since = await loadHistory({ repoDir: repo.dir, since: new Date((START + 5 * DAY) * 1000) });
    expect(since.changes.map((c) => c.number)).toEqual([3, 4, 5]);
    expect(since.changes[0]!.commits.map((c) => c.message.trim())).toEqual(['c3']);
  });

  it('gives each change the policy at its base, not the one it merged', async () => {
    repo = makeHistoryRepo();
    repo.direct(1, 'Add policy', { '.github/proofgate.yml': 'version: 1\n# v1\n' });
    repo.squash(2, 2, 'Relax policy', '', { '.github/proofgate.yml': 'version: 1\n# v2\n' });
    repo.direct(3, 'Later', { 'x.txt': 'x\n' });
    const history = await loadHistory({ repoDir: repo.dir, last: 3 });
    expect(history.changes.map((c) => c.policyText)).toEqual([null, 'version: 1\n# v1\n', 'version: 1\n# v2\n']);
    const tail = await loadHistory({ repoDir: repo.dir, last: 1 });
    expect(tail.changes[0]!.policyText).toBe('version: 1\n# v2\n');
  });

  it('reads the session ledgers a change added, not those already on the branch', async () => {
    repo = makeHistoryRepo();
    repo.squash(1, 1, 'First', '', { '.proofgate/sessions/s1.jsonl': '{"a":1}\n', 'a.txt': 'a\n' });
    repo.squash(2, 2, 'Second', '', { '.proofgate/sessions/s2.jsonl': '{"b":2}\n', '.proofgate/sessions/deep/x.jsonl': '{}\n', 'b.txt': 'b\n' });
    const history = await loadHistory({ repoDir: repo.dir, last: 2 });
    expect(history.changes.map((c) => c.ledgers.map((l) => [l.kind, l.path, l.content]))).toEqual([
      [['proofgate-session', '.proofgate/sessions/s1.jsonl', '{"a":1}\n']],
      [['proofgate-session', '.proofgate/sessions/s2.jsonl', '{"b":2}\n']],
    ]);
  });

  it('names the branch it could not find', async () => {
    repo = makeHistoryRepo();
    await expect(loadHistory({ repoDir: repo.dir, branch: 'nope' })).rejects.toThrow(/unknown branch "nope"/);
  });

  it('takes a branch that names one commit, not a range or an option, and all of a history shorter than --last', async () => {
    repo = makeHistoryRepo();
    for (let n = 1; n <= 3; n++) repo.mergePr(n, n * 2, [{ message: `c${n}`, files: { [`f${n}.txt`]: `${n}\n` } }]);
    for (const branch of ['main~1..main', '^main', '--all', 'main main']) {
      await expect(loadHistory({ repoDir: repo.dir, branch, last: 1 })).rejects.toThrow(/unknown branch/);
    }
    const all = await loadHistory({ repoDir: repo.dir, branch: 'main', last: 50 });
    expect(all.boundarySha).toBeNull();
    expect(all.changes.map((c) => c.number)).toEqual([null, 1, 2, 3]);
    const one = await loadHistory({ repoDir: repo.dir, branch: 'main', last: 1 });
    expect(one.boundarySha).toBe(repo.git('rev-parse', 'main~1').trim());
    expect(one.changes.map((c) => c.number)).toEqual([3]);
  });
});
