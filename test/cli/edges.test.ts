/** The CLI at its edges: closed pipes, git directories, empty repositories, directories for files. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFeatureRepo, makeRepo, type TempRepo } from '../local/repo.js';
import { BIN as bin, buildCli } from './built.js';
import { CLAUDE_TRAILER, runCli } from './run.js';

const repos: TempRepo[] = [];
let big: TempRepo;

beforeAll(async () => {
  await buildCli();
  big = makeFeatureRepo();
  repos.push(big);
  const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/module-${i}/index.ts`, `export const v${i} = ${i};\n`]));
  big.commit(`Add modules\n\n${CLAUDE_TRAILER}\n`, files);
}, 120_000);
afterAll(() => {
  for (const r of repos) r.cleanup();
});

/**
 * Runs the installed entry point with its stdout pipe closed before it writes, as
 * `proofgate check | true` (or a `head` that has read enough) does.
 */
function runWithClosedPipe(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.destroy();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed output pipe', () => {
  it("ends quietly with the verdict's exit code (pending: 3), without an EPIPE trace", async () => {
    const full = spawnSync(process.execPath, [bin, 'check', '--format', 'json'], { cwd: big.dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(full.status).toBe(3);
    for (const format of ['json', 'text']) {
      const run = await runWithClosedPipe(['check', '--format', format], big.dir);
      expect(run.stderr).not.toMatch(/EPIPE|Error|^\s+at /m);
      expect(run.code).toBe(3);
    }
  });
});

describe('--repo', () => {
  it('accepts the .git directory of a clone and reaches the same verdict', async () => {
    const viaWorkTree = await runCli(['check', '--repo', big.dir, '--format', 'json']);
    const viaGitDir = await runCli(['check', '--repo', path.join(big.dir, '.git'), '--format', 'json']);
    expect(viaGitDir.stderr).not.toMatch(/must be run in a work tree/);
    expect(viaGitDir.code).toBe(viaWorkTree.code);
    const strip = (s: string) => ({ ...JSON.parse(s), evaluatedAt: null, digest: null });
    expect(strip(viaGitDir.stdout)).toEqual(strip(viaWorkTree.stdout));
  });

  it('says an empty repository has no commits yet, not that HEAD is an unknown --head', async () => {
    const empty = makeRepo();
    repos.push(empty);
    const run = await runCli(['check', '--repo', empty.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^proofgate: the repository at .* has no commits yet \(commit the change to check/);
    expect(run.stderr).not.toContain('--head');
  });

  it('names an unborn branch when other branches have commits', async () => {
    const repo = makeFeatureRepo();
    repos.push(repo);
    repo.git('checkout', '-q', '--orphan', 'fresh');
    const run = await runCli(['check', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^proofgate: HEAD \(branch fresh\) in .* has no commits yet \(check out a branch with commits, or pass --head REF\)\n$/);
    // With --head given, the message is about that ref.
    const named = await runCli(['check', '--repo', repo.dir, '--head', 'nope']);
    expect(named.stderr).toMatch(/unknown revision "nope" for --head/);
  });
});

describe('verify-receipt', () => {
  it('says a directory is not a receipt file', async () => {
    const dir = path.join(big.dir, 'receipts');
    mkdirSync(dir, { recursive: true });
    const run = await runCli(['verify-receipt', 'receipts'], { cwd: big.dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'proofgate: cannot read receipts: it is a directory\n' });
  });
});
