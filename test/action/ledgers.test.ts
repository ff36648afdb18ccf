import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { describeCommittedLedgerFiles, describeLedgerFiles, ledgerKind, readJobLedgers, type CommittedInRepository } from '../../src/action/ledgers.js';
import type { LedgerInput } from '../../src/action/inputs.js';
import type { LedgerSource } from '../../src/snapshot.js';

/** A workspace no commit holds anything of (its files are all the job's). */
const NOTHING_COMMITTED: CommittedInRepository = () => Promise.resolve(new Set());

/** The listed ledger files alone, within the load limits (no ledgers read from the head, none committed anywhere). */
async function readLedgerFiles(inputs: LedgerInput[], workspace: string): Promise<LedgerSource[]> {
  return (await readJobLedgers(inputs, workspace, [], new Set(), NOTHING_COMMITTED, [])).job;
}

const SESSION = '{"proofgate":"session/1","id":"s1","agent":"claude-code","startedAt":"2026-01-10T12:00:00Z"}\n';
const TRACE = '{"version":"0.1.0","id":"t1","timestamp":"2026-01-10T12:00:00Z","files":[]}\n';
const FLAT_TRACE = '{"schema":"agent-trace/v0.1.0","session_id":"x","file_path":"src/a.ts"}\n';

let workspace = '';
beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'proofgate-ledgers-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function put(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
  await writeFile(path.join(workspace, file), content);
}

describe('readLedgerFiles', () => {
  it('reads each listed file, with its kind and workspace-relative path', async () => {
    await put('out/session.jsonl', SESSION);
    await put('traces/run.jsonl', TRACE);
    const ledgers = await readLedgerFiles(
      [
        { path: 'out/session.jsonl', kind: null },
        { path: 'traces/run.jsonl', kind: 'agent-trace' },
      ],
      workspace,
    );
    expect(ledgers).toEqual([
      { kind: 'proofgate-session', path: 'out/session.jsonl', commitSha: null, content: SESSION, origin: 'job' },
      { kind: 'agent-trace', path: 'traces/run.jsonl', commitSha: null, content: TRACE, origin: 'job' },
    ]);
  });

  it('reads every .jsonl file of a listed directory in name order', async () => {
    await put('.proofgate/sessions/b.jsonl', SESSION);
    await put('.proofgate/sessions/a.jsonl', SESSION);
    await put('.proofgate/sessions/notes.txt', 'not a ledger');
    const ledgers = await readLedgerFiles([{ path: '.proofgate/sessions', kind: null }], workspace);
    expect(ledgers.map((l) => [l.path, l.kind])).toEqual([
      ['.proofgate/sessions/a.jsonl', 'proofgate-session'],
      ['.proofgate/sessions/b.jsonl', 'proofgate-session'],
    ]);
  });

  it('keeps an absolute path outside the workspace as given', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'proofgate-runner-temp-'));
    try {
      await writeFile(path.join(outside, 'trace.jsonl'), FLAT_TRACE);
      const [ledger] = await readLedgerFiles([{ path: path.join(outside, 'trace.jsonl'), kind: null }], workspace);
      expect(ledger).toMatchObject({ kind: 'agent-trace', path: path.join(outside, 'trace.jsonl') });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('fails on a listed file that does not exist, saying which and what to check', async () => {
    await expect(readLedgerFiles([{ path: 'out/missing.jsonl', kind: null }], workspace)).rejects.toThrow(
      `ledger file out/missing.jsonl (input \`ledger\`) does not exist in ${workspace}: check the step that writes it ran before proofgate`,
    );
  });

  it('asks for a kind prefix when the kind cannot be told', async () => {
    await put('out/unknown.jsonl', '{"hello":"world"}\n');
    await expect(readLedgerFiles([{ path: 'out/unknown.jsonl', kind: null }], workspace)).rejects.toThrow(
      'cannot tell what kind of ledger out/unknown.jsonl is: prefix it in the `ledger` input with `agent-trace:` or `proofgate-session:`',
    );
  });
});

describe('readJobLedgers in a checkout', () => {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', workspace, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], { stdio: 'pipe' });

  it("takes only the files the job wrote: a ledger committed in the checkout is not the job's, changed or not, unless the change itself adds it", async () => {
    git('init', '-q');
    await put('.proofgate/sessions/earlier.jsonl', SESSION);
    await put('.proofgate/sessions/earlier-edited.jsonl', SESSION);
    await put('.proofgate/sessions/this-change.jsonl', SESSION);
    await put('.proofgate/sessions/odd [name]*.jsonl', SESSION);
    git('add', '.');
    git('commit', '-q', '-m', 'checkout');
    await put('.proofgate/sessions/earlier-edited.jsonl', SESSION + SESSION);
    await put('.proofgate/sessions/written-by-the-job.jsonl', SESSION);
    await put('.proofgate/sessions/odd [name].jsonl', SESSION);
    const { job, committed } = await readJobLedgers(
      [{ path: '.proofgate/sessions', kind: null }],
      workspace,
      [],
      new Set(['.proofgate/sessions/this-change.jsonl']),
      unasked,
      [OTHER_SHA, headOf(workspace)],
    );
    expect(committed).toEqual(['.proofgate/sessions/earlier-edited.jsonl', '.proofgate/sessions/earlier.jsonl', '.proofgate/sessions/odd [name]*.jsonl']);
    expect(describeCommittedLedgerFiles(committed)).toBe(
      "ledger files committed in the checkout, not taken as the job's (a pull request's own are read from its head): .proofgate/sessions/earlier-edited.jsonl, .proofgate/sessions/earlier.jsonl, .proofgate/sessions/odd [name]*.jsonl",
    );
    expect(job.map((l) => l.path)).toEqual([
      '.proofgate/sessions/odd [name].jsonl',
      '.proofgate/sessions/this-change.jsonl',
      '.proofgate/sessions/written-by-the-job.jsonl',
    ]);
  });

  it("asks the work tree of a checkout in a subdirectory of the workspace (actions/checkout's `path:`)", async () => {
    const sub = path.join(workspace, 'repo');
    await mkdir(sub, { recursive: true });
    execFileSync('git', ['-C', sub, 'init', '-q'], { stdio: 'pipe' });
    await put('repo/.proofgate/sessions/merged.jsonl', SESSION);
    execFileSync('git', ['-C', sub, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'add', '.'], { stdio: 'pipe' });
    execFileSync('git', ['-C', sub, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'commit', '-q', '-m', 'checkout'], { stdio: 'pipe' });
    await put('repo/.proofgate/sessions/written-by-the-job.jsonl', SESSION);
    const { job, committed, committedFrom } = await readJobLedgers([{ path: 'repo/.proofgate/sessions', kind: null }], workspace, [], new Set(), unasked, [
      headOf(sub),
    ]);
    expect([committed, committedFrom]).toEqual([['repo/.proofgate/sessions/merged.jsonl'], 'checkout']);
    expect(job.map((l) => l.path)).toEqual(['repo/.proofgate/sessions/written-by-the-job.jsonl']);
  });

  /** A repository at `dir` with one commit of `files` (workspace-relative), the way a clone unrelated to the pull request would be. */
  async function commitIn(dir: string, files: string[]): Promise<string> {
    await mkdir(dir, { recursive: true });
    const at = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], { stdio: 'pipe' });
    at('init', '-q');
    for (const f of files) await put(f, SESSION);
    at('add', '.');
    at('commit', '-q', '-m', 'commit');
    return headOf(dir);
  }

  it("in a workspace that is another repository, with the pull request's archive checkout in a subdirectory, the pull request's repository decides", async () => {
    await commitIn(workspace, ['tools/setup.jsonl']);
    // actions/checkout with `path: pr` and no git: the files are untracked in the workspace's repository, which says nothing of them.
    await put('pr/.proofgate/sessions/earlier.jsonl', SESSION);
    await put('pr/.proofgate/sessions/written-by-the-job.jsonl', SESSION);
    const repository = committedAt(['.proofgate/sessions/earlier.jsonl']);
    const { job, committed, committedFrom } = await readJobLedgers(
      [{ path: 'pr/.proofgate/sessions', kind: null }],
      workspace,
      [],
      new Set(),
      repository,
      PR_COMMITS,
    );
    expect(repository.asked).toHaveLength(1);
    expect([committed, committedFrom]).toEqual([['pr/.proofgate/sessions/earlier.jsonl'], 'repository']);
    expect(job.map((l) => l.path)).toEqual(['pr/.proofgate/sessions/written-by-the-job.jsonl']);
  });

  it("a checkout's own work tree inside a workspace that is another repository answers when it is at a commit of the pull request, and only then", async () => {
    await commitIn(workspace, ['tools/setup.jsonl']);
    const prHead = await commitIn(path.join(workspace, 'pr'), ['pr/.proofgate/sessions/earlier.jsonl']);
    await put('pr/.proofgate/sessions/written-by-the-job.jsonl', SESSION);
    const inputs = [{ path: 'pr/.proofgate/sessions', kind: null }];
    const atHead = await readJobLedgers(inputs, workspace, [], new Set(), unasked, [prHead, ...PR_COMMITS]);
    expect([atHead.committed, atHead.committedFrom]).toEqual([['pr/.proofgate/sessions/earlier.jsonl'], 'checkout']);
    expect(atHead.job.map((l) => l.path)).toEqual(['pr/.proofgate/sessions/written-by-the-job.jsonl']);
    // At another commit (a clone of something else), git's listing is not the pull request's.
    const repository = committedAt(['.proofgate/sessions/earlier.jsonl']);
    const elsewhere = await readJobLedgers(inputs, workspace, [], new Set(), repository, PR_COMMITS);
    expect(repository.asked).toHaveLength(1);
    expect([elsewhere.committed, elsewhere.committedFrom]).toEqual([['pr/.proofgate/sessions/earlier.jsonl'], 'repository']);
  });

  it('a workspace inside an unrelated clone (a self-hosted runner whose _work lies in one) with an archive checkout: the repository decides', async () => {
    const outer = await mkdtemp(path.join(tmpdir(), 'proofgate-runner-clone-'));
    try {
      execFileSync('git', ['-C', outer, 'init', '-q'], { stdio: 'pipe' });
      await writeFile(path.join(outer, 'runsvc.sh'), '#!/bin/sh\n');
      execFileSync('git', ['-C', outer, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'add', '.'], { stdio: 'pipe' });
      execFileSync('git', ['-C', outer, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'commit', '-q', '-m', 'runner'], { stdio: 'pipe' });
      const nested = path.join(outer, '_work/repo/repo');
      await mkdir(path.join(nested, '.proofgate/sessions'), { recursive: true });
      await writeFile(path.join(nested, '.proofgate/sessions/earlier.jsonl'), SESSION);
      await writeFile(path.join(nested, '.proofgate/sessions/written-by-the-job.jsonl'), SESSION);
      const repository = committedAt(['.proofgate/sessions/earlier.jsonl']);
      const { job, committed, committedFrom } = await readJobLedgers(
        [{ path: '.proofgate/sessions', kind: null }],
        nested,
        [],
        new Set(),
        repository,
        PR_COMMITS,
      );
      expect(repository.asked).toHaveLength(1);
      expect([committed, committedFrom]).toEqual([['.proofgate/sessions/earlier.jsonl'], 'repository']);
      expect(job.map((l) => l.path)).toEqual(['.proofgate/sessions/written-by-the-job.jsonl']);
      // GitHub cannot answer: the read fails rather than take the files for the job's.
      const failing: CommittedInRepository = async () => {
        throw new Error('GitHub failed while listing the files committed in .proofgate/sessions (502)');
      };
      await expect(readJobLedgers([{ path: '.proofgate/sessions', kind: null }], nested, [], new Set(), failing, PR_COMMITS)).rejects.toThrow('GitHub failed');
    } finally {
      await rm(outer, { recursive: true, force: true });
    }
  });

  it('takes every listed file outside a git work tree that no commit of the repository holds', async () => {
    await put('.proofgate/sessions/a.jsonl', SESSION);
    const { job } = await readJobLedgers([{ path: '.proofgate/sessions', kind: null }], workspace, [], new Set(), NOTHING_COMMITTED, PR_COMMITS);
    expect(job.map((l) => l.path)).toEqual(['.proofgate/sessions/a.jsonl']);
  });
});

/** The pull request's head, base and merge commit, where no work tree is at any of them. */
const PR_COMMITS = ['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)];
const OTHER_SHA = '4'.repeat(40);
const headOf = (dir: string) => execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

/** Git answered: the repository is not asked. */
const unasked: CommittedInRepository = async () => {
  throw new Error('the repository was asked although git could list the checkout');
};

/** The repository's listing: these paths are committed; records the directories it was asked about. */
function committedAt(paths: string[]): CommittedInRepository & { asked: string[][] } {
  const asked: string[][] = [];
  return Object.assign(
    async (dirs: string[]) => {
      asked.push(dirs);
      return new Set(paths);
    },
    { asked },
  );
}

describe('readJobLedgers where git cannot list the checkout', () => {
  // An archive checkout (actions/checkout without git 2.18) of the merge commit: earlier changes' sessions are
  // files like the job's. `merged.jsonl` is at the head, `merged-since.jsonl` only in the merge commit (merged into the base after the branch).
  const inputs = [
    { path: '.proofgate/sessions', kind: null },
    { path: 'out/trace.jsonl', kind: 'agent-trace' as const },
  ];
  async function archiveCheckout(): Promise<void> {
    await put('.proofgate/sessions/merged.jsonl', SESSION);
    await put('.proofgate/sessions/merged-since.jsonl', SESSION);
    await put('.proofgate/sessions/this-change.jsonl', SESSION);
    await put('.proofgate/sessions/written-by-the-job.jsonl', SESSION);
    await put('out/trace.jsonl', TRACE);
  }
  const listing = [
    '.proofgate/sessions/merged.jsonl',
    '.proofgate/sessions/merged-since.jsonl',
    '.proofgate/sessions/this-change.jsonl',
    '.proofgate/sessions/other.jsonl',
  ];

  it("without a work tree, a file a commit the checkout may hold has at its path is not the job's, unless the change adds it", async () => {
    await archiveCheckout();
    const repository = committedAt(listing);
    const { job, committed, committedFrom } = await readJobLedgers(
      inputs,
      workspace,
      [],
      new Set(['.proofgate/sessions/this-change.jsonl']),
      repository,
      PR_COMMITS,
    );
    // One question, about the directories the files were listed from (a file's own directory for a listed file),
    // each also without its leading segments: the checkout could lie in a subdirectory of the workspace.
    expect(repository.asked).toEqual([['.proofgate/sessions', 'sessions', '', 'out']]);
    expect(job.map((l) => l.path)).toEqual(['.proofgate/sessions/this-change.jsonl', '.proofgate/sessions/written-by-the-job.jsonl', 'out/trace.jsonl']);
    expect(committed).toEqual(['.proofgate/sessions/merged-since.jsonl', '.proofgate/sessions/merged.jsonl']);
    expect(committedFrom).toBe('repository');
    expect(describeCommittedLedgerFiles(committed, committedFrom)).toBe(
      "ledger files committed at the pull request's head, its base or the checked-out commit (git could not list the checkout's), not taken as the job's (a pull request's own are read from its head): .proofgate/sessions/merged-since.jsonl, .proofgate/sessions/merged.jsonl",
    );
  });

  it('when git fails in the workspace (a .git that points nowhere), the repository decides, not an empty answer', async () => {
    await archiveCheckout();
    await writeFile(path.join(workspace, '.git'), 'gitdir: /nonexistent/proofgate-worktree\n');
    const repository = committedAt(listing);
    const { job, committedFrom } = await readJobLedgers(inputs, workspace, [], new Set(), repository, PR_COMMITS);
    expect(committedFrom).toBe('repository');
    expect(job.map((l) => l.path)).toEqual(['.proofgate/sessions/written-by-the-job.jsonl', 'out/trace.jsonl']);
  });

  it("without a work tree, a checkout in a subdirectory of the workspace (actions/checkout's `path:`) is read at the repository's paths", async () => {
    await put('repo/.proofgate/sessions/merged.jsonl', SESSION);
    await put('repo/.proofgate/sessions/written-by-the-job.jsonl', SESSION);
    const repository = committedAt(['.proofgate/sessions/merged.jsonl']);
    const { job, committed } = await readJobLedgers([{ path: 'repo/.proofgate/sessions', kind: null }], workspace, [], new Set(), repository, PR_COMMITS);
    expect(repository.asked).toEqual([['repo/.proofgate/sessions', '.proofgate/sessions', 'sessions', '']]);
    expect(committed).toEqual(['repo/.proofgate/sessions/merged.jsonl']);
    expect(job.map((l) => l.path)).toEqual(['repo/.proofgate/sessions/written-by-the-job.jsonl']);
  });

  it('a listing that fails fails the read: the files are not taken for the job’s', async () => {
    await archiveCheckout();
    const failing: CommittedInRepository = async () => {
      throw new Error('GitHub failed while listing the files committed in .proofgate/sessions (502)');
    };
    await expect(readJobLedgers(inputs, workspace, [], new Set(), failing, PR_COMMITS)).rejects.toThrow('GitHub failed while listing');
  });

  it('files outside the workspace need no listing', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'proofgate-runner-temp-'));
    try {
      await writeFile(path.join(outside, 'trace.jsonl'), FLAT_TRACE);
      const { job } = await readJobLedgers([{ path: path.join(outside, 'trace.jsonl'), kind: null }], workspace, [], new Set(), unasked, PR_COMMITS);
      expect(job.map((l) => l.path)).toEqual([path.join(outside, 'trace.jsonl')]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('readLedgerFiles with links and crafted names', () => {
  it('refuses a listed ledger that is a symlink, without reading what it points to', async () => {
    await put('secret.txt', '{"proofgate":"session/1","id":"stolen"}\n');
    await symlink(path.join(workspace, 'secret.txt'), path.join(workspace, 'session.jsonl'));
    await expect(readLedgerFiles([{ path: 'session.jsonl', kind: null }], workspace)).rejects.toThrow(
      'ledger file session.jsonl is a symbolic link; proofgate reads ledgers only from regular files: list the file it points to instead',
    );
  });

  it('refuses a symlink inside a listed directory', async () => {
    await put('.proofgate/sessions/a.jsonl', SESSION);
    await put('elsewhere/b.jsonl', SESSION);
    await symlink(path.join(workspace, 'elsewhere/b.jsonl'), path.join(workspace, '.proofgate/sessions/b.jsonl'));
    await expect(readLedgerFiles([{ path: '.proofgate/sessions', kind: null }], workspace)).rejects.toThrow(
      'ledger file .proofgate/sessions/b.jsonl is a symbolic link',
    );
  });

  it('refuses a listed path that goes through a symlinked directory in the workspace', async () => {
    await put('real/sessions/a.jsonl', SESSION);
    await symlink(path.join(workspace, 'real'), path.join(workspace, '.proofgate'));
    await expect(readLedgerFiles([{ path: '.proofgate/sessions', kind: null }], workspace)).rejects.toThrow(
      'ledger path .proofgate/sessions goes through a symbolic link (.proofgate); proofgate reads ledgers only from real directories',
    );
    await expect(readLedgerFiles([{ path: '.proofgate/sessions/a.jsonl', kind: null }], workspace)).rejects.toThrow(/goes through a symbolic link/);
  });

  it('refuses a listed path that is not a regular file', async () => {
    await mkdir(path.join(workspace, 'dir.jsonl', 'x'), { recursive: true });
    await expect(readLedgerFiles([{ path: '.', kind: null }], workspace)).rejects.toThrow('ledger file dir.jsonl is not a regular file');
  });

  it('keeps a name with a newline as it is, and logs it escaped on one line', async () => {
    const name = 'a\n::add-mask::ghs_x\r\n::warning::forged.jsonl';
    await put(`.proofgate/sessions/${name}`, SESSION);
    const ledgers = await readLedgerFiles([{ path: '.proofgate/sessions', kind: null }], workspace);
    expect(ledgers.map((l) => l.path)).toEqual([`.proofgate/sessions/${name}`]);
    expect(describeLedgerFiles(ledgers)).toBe('ledger files: .proofgate/sessions/a\\n::add-mask::ghs_x\\r\\n::warning::forged.jsonl (proofgate-session)');
  });
});

describe('ledgerKind', () => {
  it('tells the kind from the conventional directory first, then the first record', () => {
    expect(ledgerKind('.agent-trace/x.jsonl', '')).toBe('agent-trace');
    expect(ledgerKind('sub/.proofgate/sessions/x.jsonl', '')).toBe('proofgate-session');
    expect(ledgerKind('a.jsonl', `\n${SESSION}`)).toBe('proofgate-session');
    expect(ledgerKind('a.jsonl', TRACE)).toBe('agent-trace');
    expect(ledgerKind('a.jsonl', FLAT_TRACE)).toBe('agent-trace');
    expect(ledgerKind('a.jsonl', 'not json')).toBeNull();
    expect(ledgerKind('a.jsonl', '')).toBeNull();
  });
});
