/**
 * Attacks that matter end to end: real git repositories through the CLI, where
 * the loader (base-revision policy, rename detection, raw paths) is part of the
 * defence. Expected exit codes (docs/cli.md): 0 success, 1 failure, 3 pending.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { AIDER_TRAILER, CLAUDE_TRAILER, runCli, TEST_POLICY } from '../cli/run.js';
import { runnerCommands } from '../action/harness.js';
import { liveText, tagNames, textOutsideCode, toHtml } from '../support/gfm.js';

const repos: TempRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

function repoWithPolicy(files: Record<string, string> = {}): TempRepo {
  const repo = makeFeatureRepo({ '.github/proofgate.yml': TEST_POLICY, 'README.md': '# x\n', ...files });
  repos.push(repo);
  return repo;
}

const FAST = AIDER_TRAILER; // gpt-5-mini: tier fast in TEST_POLICY
const PERMISSIVE = 'version: 1\nroutes: []\n';

/** Source changes need the `test` check, and a session may retry once. */
const RETRY_BUDGET_POLICY = `version: 1
proofs:
  tests:
    kind: check
    name: test
routes:
  - name: source
    paths: ["src/**"]
    require: [tests]
budgets:
  maxRetries: 1
`;

describe('attacks through real git and the CLI', () => {
  it('a PR that replaces the policy and lets a fast model into src/auth is judged by the base policy', async () => {
    const repo = repoWithPolicy();
    repo.commit(`Relax the gate\n\n${FAST}\n`, { '.github/proofgate.yml': PERMISSIVE, 'src/auth/login.ts': 'export const x = 1;\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json']);
    expect(run.code).toBe(1);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.policy.origin).toBe('base-branch');
    expect(receipt.violations.map((v: { kind: string }) => v.kind)).toContain('tier');
  });

  it("a fast model moving a file out of src/auth with git mv is held to the old path's route", async () => {
    const repo = repoWithPolicy({ 'src/auth/token.ts': 'export const secret = "s3cr3t";\nexport const more = 1;\n' });
    repo.git('mv', 'src/auth/token.ts', 'src/token.ts');
    repo.commit(`Move token\n\n${FAST}\n`, { 'src/token.ts': 'export const secret = "s3cr3t";\nexport const more = 2;\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json']);
    expect(run.code).toBe(1);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.routes.find((r: { name: string }) => r.name === 'auth').files).toContain('src/token.ts');
  });

  it('a fast model moving a file from an unrestricted route into a path only the default covers is held to the default', async () => {
    const policy = `version: 1
tiers:
  strong: ["claude-opus-*"]
routes:
  - name: scratch
    paths: ["scratch/**"]
default:
  tiers: [strong]
`;
    const repo = makeFeatureRepo({ '.github/proofgate.yml': policy, 'scratch/core.ts': 'export const core = 1;\nexport const more = 1;\n' });
    repos.push(repo);
    repo.git('rm', '-q', 'scratch/core.ts');
    repo.commit(`Promote core\n\n${FAST}\n`, { 'src/core.ts': 'export const core = 1;\nexport const more = 2;\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.violations).toMatchObject([{ kind: 'tier', route: 'default', files: ['src/core.ts'] }]);
    expect(run.code).toBe(1);
  });

  it('a hostile trailer reaches the markdown receipt inert', async () => {
    const repo = repoWithPolicy();
    const evil = 'Co-Authored-By: Sign in at https://evil.example/login [here](https://evil.example/login) @acme/owners <noreply@anthropic.com>';
    repo.commit(`Add\n\n${evil}\n`, { 'src/auth/a.ts': 'export {};\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'markdown']);
    expect(run.code).toBe(1);
    const html = toHtml(run.stdout.split('<details>')[0]!);
    expect(tagNames(html).has('a')).toBe(false);
    expect(liveText(textOutsideCode(html))).toEqual([]);
  });

  it('file names and a trailer holding workflow commands stay text in the receipt `proofgate check` prints into a CI log', async () => {
    const repo = repoWithPolicy();
    repo.commit(`Add\n\nCo-Authored-By: Claude Opus 4.6 ##[stop-commands]x <noreply@anthropic.com>\n`, {
      'src/auth/a ##[warning]forged.ts': 'export {};\n',
      'src/auth/::error::b.ts': 'export {};\n',
    });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass']);
    // The runner reads `::command::` at the start of a line and `##[command]` anywhere in one.
    expect(runnerCommands(run.stdout)).toEqual([]);
    expect(run.stdout).toContain('src/auth/a #\\u{23}[warning]forged.ts');
  });

  it("a strong model with the policy's proof asserted passes (the gate is not simply closed)", async () => {
    const repo = repoWithPolicy();
    repo.commit(`Add\n\n${CLAUDE_TRAILER}\n`, { 'src/auth/a.ts': 'export {};\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass']);
    expect(run.code).toBe(0);
  });

  it('a fast model adding src/auth/token<newline>.ts is caught by src/auth/** and is a path violation', async () => {
    const repo = repoWithPolicy();
    repo.commit(`Add\n\n${FAST}\n`, { 'src/auth/token\n.ts': 'export {};\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass']);
    expect(run.code).toBe(1);
  });

  it("a commit claiming Claude Code in a pull request Devin's bot account opened is still held to a route that admits only claude-code", async () => {
    const policy = `version: 1
tiers:
  frontier: ["claude-opus-*"]
proofs:
  tests:
    kind: check
    name: test
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [frontier]
    agents: [claude-code]
    require: [tests]
`;
    const repo = makeFeatureRepo({ '.github/proofgate.yml': policy });
    repos.push(repo);
    repo.commit(`Add login\n\n${CLAUDE_TRAILER}\n`, { 'src/auth/login.ts': 'export const login = 1;\n' });
    const args = ['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json'];
    // The control: opened by a person, the commit is Claude Code's and passes.
    expect((await runCli(args)).code).toBe(0);
    const run = await runCli([...args, '--pr-author', 'devin-ai-integration[bot]']);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.violations.filter((v: { kind: string }) => v.kind === 'agent')).toMatchObject([
      { message: expect.stringContaining('devin'), files: ['src/auth/login.ts'] },
    ]);
    expect(run.code).toBe(1);
  });

  it('a session ledger the pull request commits in a format version this proofgate does not read leaves the budget unchecked: not a pass', async () => {
    const policy = RETRY_BUDGET_POLICY;
    const ledger = (version: string, retries: number) =>
      [
        { proofgate: version, id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
        ...Array.from({ length: retries }, (_, i) => ({ type: 'retry', reason: `attempt ${i + 2}` })),
        { type: 'end', outcome: 'success' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    const args = (repo: TempRepo) => ['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json'];
    const within = makeFeatureRepo({ '.github/proofgate.yml': policy });
    repos.push(within);
    within.commit(`Add\n\n${CLAUDE_TRAILER}\n`, { 'src/a.ts': 'export {};\n', '.proofgate/sessions/s1.jsonl': ledger('session/2', 1) });
    // The control: the same session in a version proofgate reads is within the budget.
    expect((await runCli(args(within))).code).toBe(0);
    const repo = makeFeatureRepo({ '.github/proofgate.yml': policy });
    repos.push(repo);
    repo.commit(`Add\n\n${CLAUDE_TRAILER}\n`, { 'src/a.ts': 'export {};\n', '.proofgate/sessions/s1.jsonl': ledger('session/3', 5) });
    const run = await runCli(args(repo));
    const receipt = JSON.parse(run.stdout);
    expect(receipt.violations).toMatchObject([
      { kind: 'ledger', message: expect.stringContaining('unsupported session ledger version "session/3"'), files: ['.proofgate/sessions/s1.jsonl'] },
    ]);
    expect(run.code).toBe(1);
  });

  describe('a repository that keeps 60 merged session ledgers, under a retry budget', () => {
    const policy = RETRY_BUDGET_POLICY;
    const ledger = (id: string, retries: number) =>
      [
        { proofgate: 'session/1', id, agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
        ...Array.from({ length: retries }, (_, i) => ({ type: 'retry', reason: `attempt ${i + 2}` })),
        { type: 'end', outcome: 'success' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    const sessions = (prefix: string, count: number, retries: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => {
          const id = `${prefix}${String(i).padStart(2, '0')}`;
          return [`.proofgate/sessions/${id}.jsonl`, ledger(id, retries)];
        }),
      );
    // Named by date, as session files are: every merged one sorts before the change's own.
    const merged = sessions('2026-11-0', 60, 0);
    const own = (retries: number) => ({ '.proofgate/sessions/2026-11-20-refresh.jsonl': ledger('2026-11-20-refresh', retries) });
    const check = async (files: Record<string, string>) => {
      const repo = repoWithPolicy({ '.github/proofgate.yml': policy, ...merged });
      repo.commit(`Add\n\n${CLAUDE_TRAILER}\n`, { 'src/a.ts': 'export {};\n', ...files });
      const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json']);
      const receipt = JSON.parse(run.stdout) as { violations: Array<{ kind: string; message: string; files: string[] }> };
      return { code: run.code, violations: receipt.violations.map((v) => [v.kind, v.files]) };
    };

    it('the session the pull request adds is read and held to the budget: within it passes, over it fails on the budget', async () => {
      expect(await check(own(1))).toEqual({ code: 0, violations: [] });
      expect(await check(own(5))).toEqual({ code: 1, violations: [['budget', []]] });
    });

    it('60 tiny sessions the pull request adds, sorting before its over-budget one, cannot hide it: not a pass', async () => {
      expect(await check({ ...sessions('0000-', 60, 0), ...own(5) })).toEqual({ code: 1, violations: [['ledger', ['.proofgate/sessions']]] });
    });
  });
});
