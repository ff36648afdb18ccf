/**
 * One set of load limits (src/limits.ts) for every shell: the same pull
 * request over a limit gets the same verdict from the App (Probot against the
 * loopback fake GitHub), the Action (its run() against the same kind of fake,
 * reading ledgers from the head or from its `ledger` input) and the CLI (real
 * git). Before the limits were shared, the CLI read every ledger and accepted
 * a 300 KiB policy that the App refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/action/run.js';
import type { Receipt } from '../../src/receipt/json.js';
import { receiptFromCheckRunText } from '../../src/receipt/markdown.js';
import { LOAD_LIMITS } from '../../src/limits.js';
import { formatBytes } from '../../src/text.js';
import { addAgentPullRequest, claudeCodeMessage } from '../support/fake-github/builders.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';
import { pullRequestPayload, readOutputs, runnerEnv, runnerFiles, type RunnerFiles } from '../action/harness.js';
import { startHarness, type Harness } from '../app/support/harness.js';
import { pullRequestEvent } from '../app/support/payloads.js';
import { runCli } from '../cli/run.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { readFile } from 'node:fs/promises';

const REPO = 'acme/widgets';
const AGENT = { name: 'Alice Example', email: 'alice@example.com' };

/** Agent changes anywhere need the agent to have run the tests, as its session ledger records. */
const LEDGER_POLICY = `version: 1
proofs:
  ran-tests:
    kind: ledger
    validation: tests
    trust: self-reported
routes:
  - name: all
    paths: ["**"]
    require: [ran-tests]
`;

/** A session ledger that records a passing `tests` validation. */
function session(id: string): string {
  return (
    [
      { proofgate: 'session/1', id, agent: 'claude-code', startedAt: '2026-01-10T12:00:00Z' },
      { type: 'validation', name: 'tests', result: 'pass' },
      { type: 'end', outcome: 'success' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n'
  );
}

/** One more session ledger than the limit admits: s00 … s50. */
function sessionFiles(count = LOAD_LIMITS.ledgerFiles + 1): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const id = `s${String(i).padStart(2, '0')}`;
    files[`.proofgate/sessions/${id}.jsonl`] = session(id);
  }
  return files;
}

/** 300 KiB: over the 256 KiB policy limit, but a valid policy. */
const HUGE_POLICY = `${LEDGER_POLICY}#${'-'.repeat(300 * 1024 - Buffer.byteLength(LEDGER_POLICY) - 2)}\n`;

interface Outcome {
  conclusion: string;
  /** The receipt's notes about ledgers, or the policy errors. */
  problems: string[];
}

const ledgerNotes = (receipt: Receipt): string[] => receipt.notes.filter((n) => n.startsWith('ledger '));
const policyErrors = (receipt: Receipt): string[] => receipt.policyErrors.map((e) => e.message);

// --- the App -----------------------------------------------------------------

let app: Harness;

/** `headFiles` are the pull request's own (it adds them); `merged` are at head too, left by earlier changes. */
async function viaApp(
  policy: string,
  headFiles: Record<string, string>,
  pick: (r: Receipt) => string[],
  merged: Record<string, string> = {},
  /** Symbolic links the pull request adds: path → target. */
  links: Record<string, string> = {},
): Promise<Outcome> {
  const { pr, headSha } = addAgentPullRequest(app.fake, { policy, addedFiles: [...Object.keys(headFiles), ...Object.keys(links)] });
  for (const [file, text] of Object.entries({ ...merged, ...headFiles })) app.fake.setFile(REPO, headSha, file, text);
  for (const [file, target] of Object.entries(links)) app.fake.setSymlink(REPO, headSha, file, target);
  await app.deliver('pull_request', pullRequestEvent(app.fake, REPO, pr.number, 'opened'));
  const run = app.fake.checkRunsFor(REPO, headSha).find((r) => r.name === 'proofgate');
  const receipt = receiptFromCheckRunText(run?.output.text ?? '') as Receipt;
  return { conclusion: run?.conclusion ?? run?.status ?? 'none', problems: pick(receipt) };
}

// --- the Action --------------------------------------------------------------

let fake: FakeGitHub;
let files: RunnerFiles | null = null;
const savedEnv = { ...process.env };

async function viaAction(
  policy: string,
  headFiles: Record<string, string>,
  pick: (r: Receipt) => string[],
  workspaceLedgers: Record<string, string> | null = null,
  merged: Record<string, string> = {},
  /** Where in the workspace the job writes its ledger files, the `ledger` input's directory. */
  jobDir = 'out/.proofgate/sessions',
  /** Files committed in the workspace, a git work tree as actions/checkout leaves it (none: not a work tree). */
  checkout: Record<string, string> = {},
  /**
   * An archive checkout instead (actions/checkout on a runner without git 2.18): `checkout`'s files without
   * git, of a merge commit (`GITHUB_SHA`) that holds them and `baseOnly`, files merged into the base since the branch.
   */
  archive: { baseOnly: Record<string, string>; checkoutSha?: string } | null = null,
  /** Symbolic links the pull request adds: path → target. */
  links: Record<string, string> = {},
): Promise<Outcome> {
  const { pr, headSha } = addAgentPullRequest(fake, { policy, addedFiles: [...Object.keys(headFiles), ...Object.keys(links)] });
  for (const [file, text] of Object.entries({ ...merged, ...headFiles })) fake.setFile(REPO, headSha, file, text);
  for (const [file, target] of Object.entries(links)) fake.setSymlink(REPO, headSha, file, target);
  files = await runnerFiles(pullRequestPayload(fake, REPO, pr.number));
  const env: Record<string, string> = {};
  if (archive) {
    const mergeSha = fake.setBranch(REPO, `pull/${pr.number}/merge`);
    env['GITHUB_SHA'] = archive.checkoutSha ?? mergeSha;
    for (const [file, text] of Object.entries({ ...checkout, ...archive.baseOnly })) {
      fake.setFile(REPO, mergeSha, file, text);
      mkdirSync(path.dirname(path.join(files.dir, file)), { recursive: true });
      writeFileSync(path.join(files.dir, file), text);
    }
  } else if (Object.keys(checkout).length > 0) commitInto(files.dir, checkout);
  const inputs: Record<string, string> = {};
  if (workspaceLedgers) {
    for (const [file, text] of Object.entries(workspaceLedgers)) {
      const at = path.join(files.dir, jobDir, path.basename(file));
      await mkdir(path.dirname(at), { recursive: true });
      await writeFile(at, text);
    }
    inputs['ledger'] = `proofgate-session:${jobDir}`;
  }
  process.env = { PATH: savedEnv['PATH'], ...runnerEnv(fake, files, { repo: REPO, inputs }), ...env };
  await run({ retryDelaysMs: [], headRetryDelaysMs: [1, 1] });
  process.exitCode = undefined;
  const outputs = await readOutputs(files.outputPath);
  const receipt = JSON.parse(await readFile(outputs['receipt']!, 'utf8')) as Receipt;
  return { conclusion: outputs['conclusion'] ?? 'none', problems: pick(receipt) };
}

function commitInto(dir: string, committed: Record<string, string>): void {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], { stdio: 'pipe' });
  git('init', '-q');
  for (const [file, text] of Object.entries(committed)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  git('add', '--', ...Object.keys(committed));
  git('commit', '-q', '-m', 'checkout');
}

// --- the CLI -----------------------------------------------------------------

let repo: TempRepo | null = null;

async function viaCli(
  policy: string,
  headFiles: Record<string, string>,
  merged: Record<string, string> = {},
  links: Record<string, string> = {},
): Promise<{ code: number; receipt: Receipt | null; stderr: string }> {
  repo = makeFeatureRepo({ 'README.md': '# demo\n', '.github/proofgate.yml': policy, ...merged });
  for (const [file, target] of Object.entries(links)) {
    mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true });
    symlinkSync(target, path.join(repo.dir, file));
  }
  repo.commit(claudeCodeMessage('Add token refresh to the auth module'), { 'src/auth/refresh.ts': 'export {};\n', ...headFiles }, { author: AGENT });
  const result = await runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feature', '--format', 'json']);
  return { code: result.code, receipt: result.stdout.trim() ? (JSON.parse(result.stdout) as Receipt) : null, stderr: result.stderr };
}

beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  app = await startHarness();
  fake.repositories.clear();
  fake.checkRuns.length = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.env = { ...savedEnv };
  await app.close();
  await files?.cleanup();
  files = null;
  repo?.cleanup();
  repo = null;
});

describe('the same pull request over a load limit gets the same verdict in every shell', () => {
  it('51 session ledgers: the 51st is not read anywhere, and the gate fails everywhere', async () => {
    const expected = 'ledger .proofgate/sessions: 1 more ledger file past the limit of 50 ledger files; not read (not trusted)';

    const fromApp = await viaApp(LEDGER_POLICY, sessionFiles(), ledgerNotes);
    const fromAction = await viaAction(LEDGER_POLICY, sessionFiles(), ledgerNotes);
    // The Action's `ledger` input shares the same limits.
    const fromActionInput = await viaAction(LEDGER_POLICY, {}, ledgerNotes, sessionFiles());
    const cli = await viaCli(LEDGER_POLICY, sessionFiles());

    expect(fromApp).toEqual({ conclusion: 'failure', problems: [expected] });
    expect(fromAction).toEqual(fromApp);
    expect({ ...fromActionInput, problems: fromActionInput.problems.map((p) => p.replace('out/.proofgate/sessions', '.proofgate/sessions')) }).toEqual(fromApp);
    expect(cli.code).toBe(1);
    expect({ conclusion: cli.receipt?.conclusion, problems: ledgerNotes(cli.receipt!) }).toEqual(fromApp);
  });

  it('50 session ledgers are within the limits: every shell passes', async () => {
    const within = sessionFiles(LOAD_LIMITS.ledgerFiles);
    expect(await viaApp(LEDGER_POLICY, within, ledgerNotes)).toEqual({ conclusion: 'success', problems: [] });
    expect(await viaAction(LEDGER_POLICY, within, ledgerNotes)).toEqual({ conclusion: 'success', problems: [] });
    const cli = await viaCli(LEDGER_POLICY, within);
    expect([cli.code, cli.receipt?.conclusion]).toEqual([0, 'success']);
  });

  it('a session ledger over 1 MiB is not read anywhere', async () => {
    const big = session('big') + `${JSON.stringify({ type: 'retry', reason: 'x'.repeat(1000) })}\n`.repeat(1100);
    const headFiles = { '.proofgate/sessions/big.jsonl': big };
    const size = `${Math.round((Buffer.byteLength(big) / 1024 / 1024) * 10) / 10} MiB`;
    const expected = `ledger .proofgate/sessions/big.jsonl: ${size}, over the 1 MiB limit; not read (not trusted)`;

    const fromApp = await viaApp(LEDGER_POLICY, headFiles, ledgerNotes);
    expect(fromApp).toEqual({ conclusion: 'failure', problems: [expected] });
    expect(await viaAction(LEDGER_POLICY, headFiles, ledgerNotes)).toEqual(fromApp);
    const cli = await viaCli(LEDGER_POLICY, headFiles);
    expect({ conclusion: cli.receipt?.conclusion, problems: ledgerNotes(cli.receipt!) }).toEqual(fromApp);
  });

  it('a 300 KiB policy is a policy error everywhere', async () => {
    const message = 'policy file is 300 KiB; the limit is 256 KiB';
    expect(Buffer.byteLength(HUGE_POLICY)).toBe(300 * 1024);

    const fromApp = await viaApp(HUGE_POLICY, {}, policyErrors);
    expect(fromApp).toEqual({ conclusion: 'failure', problems: [message] });
    expect(await viaAction(HUGE_POLICY, {}, policyErrors)).toEqual(fromApp);
    const cli = await viaCli(HUGE_POLICY, {});
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`.github/proofgate.yml:1:1: ${message}`);

    const validate = await runCli(['validate', path.join(repo!.dir, '.github/proofgate.yml')]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain(message);
  });
});

describe('a ledger path that is a symbolic link (git mode 120000) gets the same verdict in every shell', () => {
  it('is listed as not read, never read as a ledger whose text is its target, and fails the ledger proof everywhere', async () => {
    // The link points at a session that passes; its blob's text is the path `../../docs/passing.jsonl`.
    const headFiles = { '.proofgate/sessions/own.jsonl': session('own'), 'docs/passing.jsonl': session('passing') };
    const links = { '.proofgate/sessions/linked.jsonl': '../../docs/passing.jsonl' };
    const expected = {
      conclusion: 'failure',
      problems: [
        'ledger .proofgate/sessions/linked.jsonl: a symbolic link; not read (not trusted)',
        "1 session ledger not read (a symbolic link; not read), so the policy's budgets and ledger proofs cannot be checked: .proofgate/sessions/linked.jsonl",
      ],
    };
    expect(await viaApp(LEDGER_POLICY, headFiles, ledgerProblems, {}, links)).toEqual(expected);
    expect(await viaAction(LEDGER_POLICY, headFiles, ledgerProblems, null, {}, undefined, {}, null, links)).toEqual(expected);
    const cli = await viaCli(LEDGER_POLICY, headFiles, {}, links);
    expect({ conclusion: cli.receipt?.conclusion, problems: ledgerProblems(cli.receipt!) }).toEqual(expected);
  });
});

/** A session ledger whose `tests` validation failed: the one a change would want unread. */
function failingSession(id: string): string {
  return (
    [
      { proofgate: 'session/1', id, agent: 'claude-code', startedAt: '2026-02-01T12:00:00Z' },
      { type: 'validation', name: 'tests', result: 'fail' },
      { type: 'end', outcome: 'failure' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n'
  );
}

/** Session ledgers named `<prefix>00.jsonl` …, each recording a passing `tests` validation. */
function sessionsNamed(prefix: string, count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const id = `${prefix}${String(i).padStart(2, '0')}`;
    out[`.proofgate/sessions/${id}.jsonl`] = session(id);
  }
  return out;
}

/** 60 ledgers earlier changes merged, named by date: all sort before a newer change's. */
const MERGED = sessionsNamed('2026-01-01-', 60);
/** The session ledger the pull request adds: named by a later date, it sorts after every merged one. */
const OWN = { '.proofgate/sessions/2026-02-01-token-refresh.jsonl': session('2026-02-01-token-refresh') };
const ledgerViolations = (receipt: Receipt): string[] =>
  receipt.violations.filter((v) => v.kind === 'ledger').map((v) => `${v.message}: ${v.files.join(', ')}`);
const ledgerProblems = (receipt: Receipt): string[] => [...ledgerNotes(receipt), ...ledgerViolations(receipt)];

describe('a repository that keeps many merged ledgers: the change’s own are read first', () => {
  it('60 merged session ledgers and the one the pull request adds: its own is read and counted, and every shell passes', async () => {
    // In path order the own ledger was the 61st: not read, and the gate failed an honest change.
    const rest = 'ledger .proofgate/sessions: 11 more ledger files past the limit of 50 ledger files; not read (not trusted)';
    const fromApp = await viaApp(LEDGER_POLICY, OWN, ledgerProblems, MERGED);
    expect(fromApp).toEqual({ conclusion: 'success', problems: [rest] });
    expect(await viaAction(LEDGER_POLICY, OWN, ledgerProblems, null, MERGED)).toEqual(fromApp);
    const cli = await viaCli(LEDGER_POLICY, OWN, MERGED);
    expect({ code: cli.code, conclusion: cli.receipt?.conclusion, problems: ledgerProblems(cli.receipt!) }).toEqual({ code: 0, ...fromApp });
  });

  it("the Action's own ledger file (input `ledger`) is read before the 60 merged ones at the head, which give up what it takes", async () => {
    const fromAction = await viaAction(LEDGER_POLICY, {}, ledgerProblems, OWN, MERGED);
    expect(fromAction).toEqual({
      conclusion: 'success',
      problems: [
        // 50 read from the head, 10 not; one of the 50 then made room for the job's file.
        'ledger .proofgate/sessions: 11 more ledger files past the limit of 50 ledger files; not read (not trusted)',
      ],
    });
  });

  it('merged ledgers that fill the 5 MiB in all leave room for the pull request’s own', async () => {
    // Six merged ledgers that come to 80 bytes short of 5 MiB: in path order the own one was over the total.
    const sized = (id: string, bytes: number) => {
      const records = (reason: string) =>
        [
          { proofgate: 'session/1', id, agent: 'claude-code', startedAt: '2026-01-10T12:00:00Z' },
          { type: 'retry', reason },
          { type: 'end', outcome: 'success' },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n') + '\n';
      return records('x'.repeat(bytes - Buffer.byteLength(records(''))));
    };
    const merged: Record<string, string> = {};
    for (const i of [1, 2, 3, 4, 5]) merged[`.proofgate/sessions/2026-01-0${i}.jsonl`] = sized(`2026-01-0${i}`, 1_000_000);
    const last = '.proofgate/sessions/2026-01-06.jsonl';
    merged[last] = sized('2026-01-06', LOAD_LIMITS.ledgerTotalBytes - 5_000_000 - 80);
    expect(Buffer.byteLength(Object.values(OWN)[0]!)).toBeGreaterThan(80);
    const rest = `ledger ${last}: ${formatBytes(Buffer.byteLength(merged[last]))}; with it the ledger files would total over the 5 MiB limit; not read (not trusted)`;
    const fromApp = await viaApp(LEDGER_POLICY, OWN, ledgerProblems, merged);
    expect(fromApp).toEqual({ conclusion: 'success', problems: [rest] });
    const cli = await viaCli(LEDGER_POLICY, OWN, merged);
    expect({ conclusion: cli.receipt?.conclusion, problems: ledgerProblems(cli.receipt!) }).toEqual(fromApp);
  });

  it('a change cannot hide its failing ledger behind 60 tiny passing ones that sort first: not green anywhere', async () => {
    const decoys = sessionsNamed('0000-', 60);
    const real = { '.proofgate/sessions/2026-02-01-token-refresh.jsonl': failingSession('2026-02-01-token-refresh') };
    const expected = {
      conclusion: 'failure',
      problems: [
        'ledger .proofgate/sessions: 71 more ledger files past the limit of 50 ledger files; not read (not trusted)',
        "1 session ledger not read (71 more ledger files past the limit of 50 ledger files; not read), so the policy's budgets and ledger proofs cannot be checked: .proofgate/sessions",
      ],
    };
    // With 60 merged ledgers in the tree too: the change's 61 come first, and its 61st is not read.
    const fromApp = await viaApp(LEDGER_POLICY, { ...decoys, ...real }, ledgerProblems, MERGED);
    expect(fromApp).toEqual(expected);
    expect(await viaAction(LEDGER_POLICY, { ...decoys, ...real }, ledgerProblems, null, MERGED)).toEqual(expected);
    const cli = await viaCli(LEDGER_POLICY, { ...decoys, ...real }, MERGED);
    expect({ conclusion: cli.receipt?.conclusion, problems: ledgerProblems(cli.receipt!) }).toEqual(expected);
  });

  it("with the `ledger` input naming the checkout's ledger directory, the ledgers earlier changes committed there are not the job's: they do not prove this change ran the tests", async () => {
    // The pull request adds code only; the checkout holds three merged sessions that each record passing tests.
    const merged = sessionsNamed('2026-01-01-', 3);
    const fromAction = await viaAction(LEDGER_POLICY, {}, ledgerProblems, {}, merged, '.proofgate/sessions', merged);
    expect(fromAction.conclusion).not.toBe('success');
    // A session the job writes beside them is its own, and proves it.
    const withOwn = await viaAction(LEDGER_POLICY, {}, ledgerProblems, { 'job.jsonl': session('job') }, merged, '.proofgate/sessions', merged);
    expect(withOwn.conclusion).toBe('success');
  });

  it("the same in a checkout without git (an archive of the merge commit): the ledgers committed at the head or merged into the base since are not the job's", async () => {
    const merged = sessionsNamed('2026-01-01-', 3);
    // Merged into the base after the pull request branched: in the merge commit the archive holds, not at the head.
    const since = sessionsNamed('2026-01-20-', 1);
    const archive = { baseOnly: since };
    const fromAction = await viaAction(LEDGER_POLICY, {}, ledgerProblems, {}, merged, '.proofgate/sessions', merged, archive);
    expect(fromAction.conclusion).not.toBe('success');
    const withOwn = await viaAction(LEDGER_POLICY, {}, ledgerProblems, { 'job.jsonl': session('job') }, merged, '.proofgate/sessions', merged, archive);
    expect(withOwn.conclusion).toBe('success');
  });

  it('in a checkout without git whose commit GitHub cannot list, the job’s files are not taken on trust: the gate cannot evaluate', async () => {
    const merged = sessionsNamed('2026-01-01-', 3);
    const unknown = 'f'.repeat(40);
    const limitViolations = (r: Receipt) => r.violations.filter((v) => v.kind === 'limit').map((v) => v.message);
    const fromAction = await viaAction(LEDGER_POLICY, {}, limitViolations, { 'job.jsonl': session('job') }, merged, '.proofgate/sessions', merged, {
      baseOnly: {},
      checkoutSha: unknown,
    });
    expect(fromAction.conclusion).toBe('failure');
    expect(fromAction.problems).toEqual([expect.stringContaining(`GitHub does not know commit ${unknown}, so proofgate cannot tell which files it holds`)]);
  });

  it("a job's ledger file past the count limit, in a directory named like the head's, is not taken for one of the head's: not green", async () => {
    // 50 passing ledgers of the change at the head take the limit; the job writes its failing one into the
    // workspace's `.proofgate/sessions`, the directory the head's ledgers are listed under too.
    const own = sessionsNamed('s', 50);
    const fromAction = await viaAction(LEDGER_POLICY, own, ledgerProblems, { 'zz.jsonl': failingSession('zz') }, {}, '.proofgate/sessions');
    expect(fromAction.conclusion).toBe('failure');
    expect(fromAction.problems).toContain(
      "1 session ledger not read (1 more ledger file past the limit of 50 ledger files; not read), so the policy's budgets and ledger proofs cannot be checked: .proofgate/sessions",
    );
  });
});
