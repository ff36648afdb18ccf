import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFeatureRepo, makeRepo, type TempRepo } from '../local/repo.js';
import { AIDER_TRAILER, CLAUDE_TRAILER, runCli, TEST_POLICY } from './run.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** origin/main holds the policy; the feature branch has one Claude commit on src/. */
function claudeRepo(policy: string | null = TEST_POLICY) {
  const repo = makeFeatureRepo(policy === null ? { 'README.md': '# x\n' } : { '.github/proofgate.yml': policy, 'README.md': '# x\n' });
  repos.push(repo);
  const sha = repo.commit(`Add parser\n\n${CLAUDE_TRAILER}\n`, { 'src/parser.ts': 'export const parse = 1;\n' });
  return { repo, sha };
}

describe('proofgate check', () => {
  it('exits 3 (pending) when a required check cannot be known locally', async () => {
    const { repo } = claudeRepo();
    const run = await runCli(['check', '--repo', repo.dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^proofgate: PENDING/);
    expect(run.stdout).toContain('src/parser.ts');
  });

  it('exits 0 (success) when the required proof is asserted to pass', async () => {
    const { repo } = claudeRepo();
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^proofgate: (SUCCESS|PASSED|PASS)/i);
  });

  it('exits 1 (failure) when the required proof is asserted to fail', async () => {
    const { repo } = claudeRepo();
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=fail']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^proofgate: FAIL/);
  });

  it('exits 1 when a fast model touches a frontier-only path, even with the proof passing', async () => {
    const { repo } = claudeRepo();
    repo.commit(`Tweak login\n\n${AIDER_TRAILER}\n`, { 'src/auth/login.ts': 'export const login = 2;\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json']);
    expect(run.code).toBe(1);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.conclusion).toBe('failure');
    expect(receipt.violations.some((v: { kind: string; files: string[] }) => v.kind === 'tier' && v.files.includes('src/auth/login.ts'))).toBe(true);
  });

  it('exits 0 with a note when there is nothing to gate', async () => {
    const repo = makeRepo();
    repos.push(repo);
    repo.commit('Only commit', { '.github/proofgate.yml': TEST_POLICY, 'src/a.ts': 'a\n' });
    const run = await runCli(['check', '--repo', repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: HEAD is the base (main (merge base with HEAD)): no commits to gate\n');
    expect(run.stdout).toMatch(/^proofgate: /);
  });

  it('prints the receipt as JSON with the conclusion and per-commit attribution', async () => {
    const { repo, sha } = claudeRepo();
    const human = repo.commit('Fix typo', { 'README.md': '# y\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
    expect(run.code).toBe(3);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.conclusion).toBe('pending');
    expect(receipt.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(receipt.policy).toMatchObject({ path: '.github/proofgate.yml', origin: 'base-branch', ref: repo.baseSha });
    expect(
      receipt.attribution.commits.map((c: { sha: string; agent: string | null; model: string | null }) => ({ sha: c.sha, agent: c.agent, model: c.model })),
    ).toEqual([
      { sha, agent: 'claude-code', model: 'claude-opus-4-6' },
      { sha: human, agent: null, model: null },
    ]);
  });

  it('renders markdown for a check-run summary', async () => {
    const { repo } = claudeRepo();
    const run = await runCli(['check', '--repo', repo.dir, '--format', 'markdown']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('| ');
    expect(run.stdout).toContain('src/parser.ts');
    expect(run.stdout).toContain('<details>');
  });

  it('reads the policy from the base revision, not from head', async () => {
    const { repo } = claudeRepo();
    // The branch rewrites the policy to require nothing; the base's policy still applies.
    repo.commit('Relax policy', { '.github/proofgate.yml': 'version: 1\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'tests=pass', '--format', 'json']);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.proofs.map((p: { name: string }) => p.name)).toContain('tests');
    expect(receipt.policy.ref).toBe(repo.baseSha);
  });

  it('uses --policy from disk, and the built-in default when the base has none (and says so)', async () => {
    const { repo } = claudeRepo(null);
    const fallback = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
    expect(fallback.stderr).toContain(`note: no .github/proofgate.yml at the base revision ${repo.baseSha.slice(0, 12)}; using the built-in default policy`);
    expect(JSON.parse(fallback.stdout).policy.origin).toBe('default');

    const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-policy-'));
    writeFileSync(path.join(dir, 'p.yml'), TEST_POLICY);
    const fromFile = await runCli(['check', '--repo', repo.dir, '--policy', 'p.yml', '--format', 'json'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(fromFile.code).toBe(3);
    expect(JSON.parse(fromFile.stdout).policy).toMatchObject({ path: 'p.yml', origin: 'file', ref: null });
  });

  it('exits 2 listing positioned errors for an invalid policy', async () => {
    const { repo } = claudeRepo(
      'version: 1\nroutes:\n  - name: src\n    paths: ["src/**"]\n    require: [missing-proof]\n  - name: docs\n    paths: ["docs/**"]\n    tiers: [nope]\n',
    );
    const run = await runCli(['check', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines.slice(0, -1).every((l) => /^\.github\/proofgate\.yml:\d+:\d+: /.test(l))).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\.github\/proofgate\.yml:5:\d+: .*missing-proof/);
    expect(lines[1]).toMatch(/^\.github\/proofgate\.yml:8:\d+: .*nope/);
    // The hint names the repository's policy file by a path that works from the current directory.
    const target = path.relative(process.cwd(), path.join(realpathSync(repo.dir), '.github/proofgate.yml'));
    expect(lines.at(-1)).toBe(
      `proofgate: the policy .github/proofgate.yml at the base revision ${repo.baseSha.slice(0, 12)} has 2 errors (fix it, then run \`proofgate validate ${target}\`)`,
    );
    const fromRepo = await runCli(['check'], { cwd: repo.dir });
    expect(fromRepo.stderr.trim().split('\n').at(-1)).toMatch(/\(fix it, then run `proofgate validate \.github\/proofgate\.yml`\)$/);
  });

  it('exits 2 naming the valid proofs for an unknown --proof name', async () => {
    const { repo } = claudeRepo();
    const run = await runCli(['check', '--repo', repo.dir, '--proof', 'lint=pass']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'proofgate: unknown proof "lint" in --proof; the policy defines: tests, policy-change-approval\n',
    });
  });

  it('exits 2 with one line for a bad ref or a directory that is not a repository', async () => {
    const { repo } = claudeRepo();
    const badRef = await runCli(['check', '--repo', repo.dir, '--base', 'nope']);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/^proofgate: unknown revision "nope" for --base in .*\n$/);
    const notRepo = await runCli(['check', '--repo', tmpdir()]);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/^proofgate: not a git repository: .* \(run inside a clone or pass --repo DIR\)\n$/);
  });

  it('resolves --repo against the working directory', async () => {
    const { repo } = claudeRepo();
    const run = await runCli(['check', '--repo', path.basename(repo.dir), '--proof', 'tests=pass'], { cwd: path.dirname(repo.dir) });
    expect(run.code).toBe(0);
  });
});
