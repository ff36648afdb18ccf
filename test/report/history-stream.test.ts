/**
 * The history's commits are read while git prints them (HistoryLogReader):
 * whatever pieces the output arrives in, the commits are the ones a parse of
 * the whole listing gives, and the backtest's verdicts are the same.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { build, type Slice } from '../../scripts/history-slice.js';
import { attributionAhead } from '../../src/attribution/attribute.js';
import { backtest } from '../../src/backtest/backtest.js';
import { historyLogArgs, loadHistory } from '../../src/history/load.js';
import { HistoryLogReader, parseHistoryLog, type HistoryCommit } from '../../src/history/parse.js';
import { runGit } from '../../src/local/run-git.js';
import { loadPolicy } from '../../src/policy/load.js';
import { CLAUDE_OPUS, makeHistoryRepo, type HistoryRepo } from './history-repo.js';

const MARKER = 'proofgate-0123456789abcdef0123456789abcdef';

let repo: HistoryRepo | undefined;
afterEach(() => repo?.cleanup());
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A history with what can straddle two pieces: multi-byte characters, empty commits, merges, odd paths. */
function trickyHistory(): HistoryRepo {
  const made = makeHistoryRepo();
  made.mergePr(1, 1, [
    { message: `Grüße aus Zürich 🤖 — 日本語のメッセージ\n\n${CLAUDE_OPUS}\n`, files: { 'src/ä.ts': 'a\n', 'docs/🤖.md': 'b\n' } },
    { message: 'Second\n\nbody with a NUL-free but long line ' + 'x'.repeat(70_000), files: { '\nleading-newline.txt': '1\n' } },
  ]);
  made.git('commit', '-q', '--allow-empty', '-m', 'An empty commit: no files follow its header');
  made.squash(2, 2, 'Squashed 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', CLAUDE_OPUS, { 'src/b.ts': 'b\n' });
  return made;
}

async function listing(dir: string): Promise<Buffer> {
  const result = await runGit(dir, historyLogArgs(MARKER, ['HEAD']));
  expect(result.code).toBe(0);
  return result.stdout;
}

function readInPieces(out: Buffer, sizes: (i: number) => number): HistoryCommit[] {
  const seen: string[] = [];
  const reader = new HistoryLogReader(MARKER, (c) => seen.push(c.sha));
  for (let at = 0, i = 0; at < out.length; i++) {
    const size = Math.max(1, sizes(i));
    reader.push(out.subarray(at, at + size));
    at += size;
  }
  const commits = reader.end();
  expect(seen).toEqual(commits.map((c) => c.sha));
  return commits;
}

describe('HistoryLogReader', () => {
  it('reads the same commits as a parse of the whole listing, whatever pieces git writes in', async () => {
    repo = trickyHistory();
    const out = await listing(repo.dir);
    const whole = parseHistoryLog(out.toString('utf8'), MARKER);
    expect(whole.length).toBe(6);
    expect(whole.some((c) => c.message.includes('🤖') && c.files.includes('docs/🤖.md'))).toBe(true);
    expect(whole.find((c) => c.message.startsWith('An empty commit'))!.files).toEqual([]);
    // Every split point within the first commits' headers, then a few regular and irregular sizes.
    for (let size = 1; size <= 97; size += 3) expect(readInPieces(out, () => size)).toEqual(whole);
    for (const size of [4096, 65_536, out.length]) expect(readInPieces(out, () => size)).toEqual(whole);
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) % 9000;
    expect(readInPieces(out, random)).toEqual(whole);
  });

  it('gives the commits of one listing shared identities that no reader can change under the others', async () => {
    repo = trickyHistory();
    const commits = readInPieces(await listing(repo.dir), () => 512);
    // The same person authored commits in different pieces: one object, frozen.
    const byPerson = new Map<string, Set<object>>();
    for (const c of commits)
      for (const who of [c.author, c.committer]) byPerson.set(`${who.name} ${who.email}`, (byPerson.get(`${who.name} ${who.email}`) ?? new Set()).add(who));
    expect([...byPerson.values()].every((objects) => objects.size === 1)).toBe(true);
    expect(commits.filter((c) => c.author === commits[0]!.author).length).toBeGreaterThan(1);
    expect(Object.isFrozen(commits[0]!.author)).toBe(true);
    expect(() => ((commits[0]!.author as { login: string | null }).login = 'mallory')).toThrow(TypeError);
    // A root commit has no parents; the others list theirs.
    expect(commits.at(-1)!.parents).toEqual([]);
    expect(commits.every((c, i) => i === commits.length - 1 || c.parents.length >= 1)).toBe(true);
  });

  it('hands over each commit once the next header shows it whole, before the listing ends', async () => {
    repo = trickyHistory();
    const out = await listing(repo.dir);
    const handed: string[] = [];
    const reader = new HistoryLogReader(MARKER, (c) => handed.push(c.sha));
    const half = Math.floor(out.length / 2);
    reader.push(out.subarray(0, half));
    const early = handed.length;
    reader.push(out.subarray(half));
    const all = reader.end();
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(all.length);
    expect(handed).toEqual(all.map((c) => c.sha));

    // Byte by byte, a header split across any number of pieces is still seen: all but the last commit are handed before the end.
    const byByte: string[] = [];
    const slow = new HistoryLogReader(MARKER, (c) => byByte.push(c.sha));
    for (let at = 0; at < out.length; at++) slow.push(out.subarray(at, at + 1));
    expect(byByte.length).toBe(all.length - 1);
    expect(slow.end().length).toBe(all.length);
  });

  it('loadHistory hands every commit to onCommit, and stops git with the error onCommit throws', async () => {
    repo = trickyHistory();
    const handed: string[] = [];
    const history = await loadHistory({ repoDir: repo.dir, onCommit: (c) => handed.push(c.sha) });
    // Every commit of the range: the changes' own commits and the merge commits that brought them in.
    const inRange = new Set(history.changes.flatMap((c) => [c.sha, ...c.commits.map((k) => k.sha)]));
    expect(handed.length).toBe(inRange.size);
    expect(new Set(handed)).toEqual(inRange);
    const failure = new Error('the reader gave up');
    await expect(
      loadHistory({
        repoDir: repo.dir,
        onCommit: () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
  });
});

describe('stopping a history read', () => {
  it('stops git once the listings run when the caller aborts, and rejects with the reason', async () => {
    repo = trickyHistory();
    const stop = new AbortController();
    const reason = new Error('the policy has errors');
    let reading = 0;
    let handed = 0;
    const read = loadHistory({
      repoDir: repo.dir,
      onReading: () => {
        reading++;
        stop.abort(reason);
      },
      onCommit: () => handed++,
      signal: stop.signal,
    });
    await expect(read).rejects.toBe(reason);
    expect(reading).toBe(1);
    expect(handed).toBe(0);
    // The same read, not stopped, calls onReading once and completes.
    let once = 0;
    const whole = await loadHistory({ repoDir: repo.dir, onReading: () => once++ });
    expect(once).toBe(1);
    expect(whole.changes.length).toBeGreaterThan(0);
  });
});

describe('attributing ahead', () => {
  it('leaves the backtest of a real history exactly as it was', async () => {
    const slice = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/history/aider.json'), 'utf8')) as Slice;
    const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-stream-aider-'));
    dirs.push(dir);
    build(slice, dir);
    const proposedText =
      'version: 1\ntiers:\n  frontier: ["claude-opus-*", "gpt-5*"]\nroutes:\n  - name: source\n    paths: ["**/*.py"]\n    tiers: [frontier]\n';
    writeFileSync(path.join(dir, 'proposed.yml'), proposedText);
    const loaded = loadPolicy(proposedText, { path: 'proposed.yml', origin: 'file', ref: null });
    if (!loaded.ok) throw new Error('the proposed policy does not load');
    // Ahead first: its commits are not yet attributed in this test file's process.
    let attributedAhead = 0;
    const ahead = attributionAhead();
    const history = await loadHistory({ repoDir: dir, last: 300, onCommit: (c) => (attributedAhead++, ahead(c)) });
    const withAhead = backtest(history.changes, loaded.policy);
    const plain = backtest((await loadHistory({ repoDir: dir, last: 300 })).changes, loaded.policy);
    expect(attributedAhead).toBeGreaterThanOrEqual(300);
    expect(plain.changes).toBe(300);
    expect(plain.counts['newly-blocked'] + plain.counts['newly-needs-evidence']).toBeGreaterThan(0);
    expect(withAhead).toEqual(plain);
  }, 60_000);
});
