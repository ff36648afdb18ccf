/**
 * The merged history that `proofgate report` and `proofgate backtest` read is
 * held to the load limits a pull request is (src/limits.ts): each merged change
 * was a pull request, and its session ledgers and Git AI notes were its
 * author's to write, as many and as large as they liked. What is not read is
 * listed as not read, the way every other loader lists it.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BAD_LINES } from '../../src/attribution/ledgers/common.js';
import { loadHistory } from '../../src/history/load.js';
import { changeSnapshot, replayChange } from '../../src/history/replay.js';
import { LOAD_LIMITS } from '../../src/limits.js';
import { defaultPolicy } from '../../src/policy/default.js';
import { loadPolicy } from '../../src/policy/load.js';
import { analyze } from '../../src/report/analyze.js';
import { formatBytes } from '../../src/text.js';
import { makeHistoryRepo, sessionLedger, type HistoryRepo } from './history-repo.js';

let repo: HistoryRepo;
afterEach(() => repo?.cleanup());

const session = (id: string) => sessionLedger(id, [{ model: 'acme-1', costUsd: 0.1 }]);

/** A session ledger of about `bytes` bytes: a session padded with retry records. */
function ledgerOf(id: string, bytes: number): string {
  const retry = `${JSON.stringify({ type: 'retry', reason: 'x'.repeat(1000) })}\n`;
  return session(id) + retry.repeat(Math.ceil(bytes / retry.length));
}

function sessionFiles(prefix: string, count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`.proofgate/sessions/${prefix}${String(i).padStart(2, '0')}.jsonl`] = session(`${prefix}${i}`);
  return files;
}

const summary = (ledgers: Array<{ path: string; commitSha: string | null; content: string; skipped?: string }>) =>
  ledgers.map((l) => ({ path: l.path, commitSha: l.commitSha, read: l.content !== '', skipped: l.skipped ?? null }));

describe('the merged history is read within the load limits of a pull request', () => {
  it(`reads at most ${LOAD_LIMITS.ledgerFiles} session ledgers of one change and lists the rest as not read; each change has its own allowance`, async () => {
    repo = makeHistoryRepo();
    repo.squash(1, 1, 'Many sessions', '', { ...sessionFiles('a', LOAD_LIMITS.ledgerFiles + 1), 'a.txt': 'a\n' });
    repo.squash(2, 2, 'Some sessions', '', { ...sessionFiles('b', 30), 'b.txt': 'b\n' });
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 2 });

    const first = summary(changes[0]!.ledgers);
    expect(first.filter((l) => l.read)).toHaveLength(LOAD_LIMITS.ledgerFiles);
    expect(first.some((l) => l.path === '.proofgate/sessions/a50.jsonl')).toBe(false);
    expect(first.filter((l) => !l.read)).toEqual([
      { path: '.proofgate/sessions', commitSha: null, read: false, skipped: '1 more ledger file past the limit of 50 ledger files; not read' },
    ]);
    expect(summary(changes[1]!.ledgers).filter((l) => l.read)).toHaveLength(30);
    expect(changes[1]!.ledgers.every((l) => l.skipped === undefined)).toBe(true);
  });

  it('does not read a session ledger over the per-file limit, and reads the change’s other ledgers', async () => {
    repo = makeHistoryRepo();
    const big = ledgerOf('big', 1.2 * LOAD_LIMITS.ledgerFileBytes);
    repo.squash(1, 1, 'A long session', '', { '.proofgate/sessions/big.jsonl': big, '.proofgate/sessions/small.jsonl': session('small') });
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 1 });
    expect(changes[0]!.ledgers).toEqual([
      { kind: 'proofgate-session', path: '.proofgate/sessions/small.jsonl', commitSha: null, content: session('small') },
      {
        kind: 'proofgate-session',
        path: '.proofgate/sessions/big.jsonl',
        commitSha: null,
        content: '',
        skipped: `${formatBytes(Buffer.byteLength(big))}, over the ${formatBytes(LOAD_LIMITS.ledgerFileBytes)} limit; not read`,
      },
    ]);
  });

  it(`stops reading a change's ledgers at ${formatBytes(LOAD_LIMITS.ledgerTotalBytes)} in all`, async () => {
    repo = makeHistoryRepo();
    const files: Record<string, string> = {};
    const each = ledgerOf('x', 0.9 * 1024 * 1024);
    const fit = Math.floor(LOAD_LIMITS.ledgerTotalBytes / Buffer.byteLength(each));
    for (let i = 0; i <= fit; i++) files[`.proofgate/sessions/p${i}.jsonl`] = each;
    repo.squash(1, 1, 'Long sessions', '', files);
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 1 });
    const ledgers = summary(changes[0]!.ledgers);
    expect(ledgers.filter((l) => l.read)).toHaveLength(fit);
    expect(ledgers.filter((l) => !l.read)).toEqual([
      {
        path: `.proofgate/sessions/p${fit}.jsonl`,
        commitSha: null,
        read: false,
        skipped: `${formatBytes(Buffer.byteLength(each))}; with it the ledger files would total over the ${formatBytes(LOAD_LIMITS.ledgerTotalBytes)} limit; not read`,
      },
    ]);
  });

  it('does not read a Git AI note over the per-file limit: it is listed as not read, and a small note is read', async () => {
    repo = makeHistoryRepo();
    const big = repo.squash(1, 1, 'Feature', '', { 'src/a.ts': 'a\n' });
    const small = repo.squash(2, 2, 'More', '', { 'src/b.ts': 'b\n' });
    const entry = '  s_0123456789abcd 1-1\n';
    const note = (lines: number) => `src/a.ts\n${entry.repeat(lines)}---\n{"schema_version":"authorship/3.0.0"}\n`;
    const over = note(Math.ceil(LOAD_LIMITS.ledgerFileBytes / entry.length));
    const noteFile = path.join(repo.dir, '.git', 'note.txt');
    writeFileSync(noteFile, over);
    repo.git('notes', '--ref=ai', 'add', '-F', noteFile, big);
    repo.git('notes', '--ref=ai', 'add', '-m', note(1).trimEnd(), small);
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 2 });
    expect(changes.map((c) => c.ledgers)).toEqual([
      [
        {
          kind: 'git-ai-note',
          path: 'refs/notes/ai',
          commitSha: big,
          content: '',
          skipped: `${formatBytes(Buffer.byteLength(over))}, over the ${formatBytes(LOAD_LIMITS.ledgerFileBytes)} limit; not read`,
        },
      ],
      [{ kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: small, content: note(1) }],
    ]);
  });
});

/** A symbolic link at `at` in the repository's work tree, pointing at `target`, for the next commit. */
/** The report of a loaded history, under the built-in policy. */
const reportOf = (history: Awaited<ReturnType<typeof loadHistory>>) =>
  analyze(history.changes, { repository: 'demo', branch: history.branch, tipSha: history.tipSha, reworkWindowDays: 14, tierPolicy: defaultPolicy() });

function link(at: string, target: string): void {
  mkdirSync(path.dirname(path.join(repo.dir, at)), { recursive: true });
  symlinkSync(target, path.join(repo.dir, at));
}

describe('a ledger path that is a symbolic link (mode 120000) in the merged history', () => {
  it("is listed as not read, in a squash merge and in a merge commit's side, never read as a ledger whose text is its target's path", async () => {
    repo = makeHistoryRepo();
    // The link points at a session that passes; git would give its path, `../../docs/real.jsonl`, as the ledger's text.
    repo.write('docs/real.jsonl', session('real'));
    link('.proofgate/sessions/linked.jsonl', '../../docs/real.jsonl');
    repo.squash(1, 1, 'A linked session', '', { '.proofgate/sessions/own.jsonl': session('own'), 'a.txt': 'a\n' });
    repo.git('checkout', '-q', '-b', 'topic-linked');
    link('.agent-trace/linked.jsonl', '../docs/real.jsonl');
    repo.commit('Trace by link', { 'b.txt': 'b\n' });
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #2 from someone/topic-linked', 'topic-linked');
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 2 });

    expect(changes.map((c) => c.ledgers)).toEqual([
      [
        { kind: 'proofgate-session', path: '.proofgate/sessions/own.jsonl', commitSha: null, content: session('own') },
        { kind: 'proofgate-session', path: '.proofgate/sessions/linked.jsonl', commitSha: null, content: '', skipped: 'a symbolic link; not read' },
      ],
      [{ kind: 'agent-trace', path: '.agent-trace/linked.jsonl', commitSha: null, content: '', skipped: 'a symbolic link; not read' }],
    ]);
  });

  it('fails a replayed policy with budgets, and leaves the change’s cost unknown in the report', async () => {
    repo = makeHistoryRepo();
    repo.write('docs/real.jsonl', session('real'));
    link('.proofgate/sessions/linked.jsonl', '../../docs/real.jsonl');
    repo.squash(1, 1, 'A linked session', '', { '.proofgate/sessions/own.jsonl': session('own'), 'a.txt': 'a\n' });
    const history = await loadHistory({ repoDir: repo.dir, last: 1 });
    const budgets = loadPolicy('version: 1\nbudgets:\n  maxCostUsd: 5\nroutes:\n  - name: all\n    paths: ["**"]\n', {
      path: 'proposed.yml',
      origin: 'file',
      ref: null,
    });
    if (!budgets.ok) throw new Error('test policy does not load');
    const verdict = replayChange(history.changes[0]!, { kind: 'policy', policy: budgets.policy, origin: 'file' });
    expect(verdict.conclusion).toBe('failure');
    expect(verdict.violations.map((v) => v.message)).toContain(
      "1 session ledger not read (a symbolic link; not read), so the policy's budgets and ledger proofs cannot be checked",
    );
    expect(verdict.notes).toContain('ledger .proofgate/sessions/linked.jsonl: a symbolic link; not read (not trusted)');
    const report = reportOf(history);
    expect(report.changes.map((c) => c.ledger)).toEqual([null]);
  });
});

describe('a replayed change whose session ledger was not read', () => {
  const LEDGER_POLICY = `version: 1
budgets:
  maxCostUsd: 5
routes:
  - name: all
    paths: ["**"]
`;
  const policy = () => {
    const result = loadPolicy(LEDGER_POLICY, { path: 'proposed.yml', origin: 'file', ref: null });
    if (!result.ok) throw new Error('test policy does not load');
    return { kind: 'policy' as const, policy: result.policy, origin: 'file' as const };
  };

  it('fails a policy with budgets, as a pull request with that ledger does, and notes why', async () => {
    repo = makeHistoryRepo();
    const big = ledgerOf('big', 1.2 * LOAD_LIMITS.ledgerFileBytes);
    repo.squash(1, 1, 'A long session', '', { '.proofgate/sessions/big.jsonl': big, 'a.txt': 'a\n' });
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 1 });
    const verdict = replayChange(changes[0]!, policy(), changeSnapshot(changes[0]!));
    const why = `${formatBytes(Buffer.byteLength(big))}, over the 1 MiB limit; not read`;
    expect(verdict.conclusion).toBe('failure');
    expect(verdict.violations.map((v) => v.message)).toContain(
      `1 session ledger not read (${why}), so the policy's budgets and ledger proofs cannot be checked`,
    );
    expect(verdict.notes).toContain(`ledger .proofgate/sessions/big.jsonl: ${why} (not trusted)`);
  });

  it(`fails it when more than ${MAX_BAD_LINES} lines of the ledger are not JSON`, async () => {
    repo = makeHistoryRepo();
    const garbage = session('s').replace(/\n$/, '\n' + 'not json\n'.repeat(MAX_BAD_LINES + 5));
    repo.squash(1, 1, 'A garbled session', '', { '.proofgate/sessions/s.jsonl': garbage, 'a.txt': 'a\n' });
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 1 });
    const verdict = replayChange(changes[0]!, policy(), changeSnapshot(changes[0]!));
    expect(verdict.conclusion).toBe('failure');
    expect(verdict.violations.map((v) => v.message)).toContain(
      `1 session ledger not read (more than 1,000 lines are not valid JSON; the ledger was read no further than line ${session('s').split('\n').length - 1 + MAX_BAD_LINES}), so the policy's budgets and ledger proofs cannot be checked`,
    );
  });
});

describe('the report of a change whose session ledger was not read in full', () => {
  it('gives its tokens and cost as unknown, not as the sum of the ledgers that were read', async () => {
    repo = makeHistoryRepo();
    const big = ledgerOf('big', 1.2 * LOAD_LIMITS.ledgerFileBytes);
    const garbage = session('g').replace(/\n$/, '\n' + 'not json\n'.repeat(MAX_BAD_LINES + 5));
    repo.squash(1, 1, 'Read in full', '', { '.proofgate/sessions/a.jsonl': session('a'), 'a.txt': 'a\n' });
    repo.squash(2, 2, 'One ledger too large', '', { '.proofgate/sessions/b.jsonl': session('b'), '.proofgate/sessions/big.jsonl': big, 'b.txt': 'b\n' });
    repo.squash(3, 3, 'One ledger garbled', '', { '.proofgate/sessions/c.jsonl': session('c'), '.proofgate/sessions/g.jsonl': garbage, 'c.txt': 'c\n' });
    const history = await loadHistory({ repoDir: repo.dir, last: 3 });
    const report = reportOf(history);
    expect(report.changes.map((c) => [c.subject, c.ledger?.costUsd ?? null])).toEqual([
      ['Read in full (#1)', 0.1],
      ['One ledger too large (#2)', null],
      ['One ledger garbled (#3)', null],
    ]);
  });
});
