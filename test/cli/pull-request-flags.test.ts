import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { runCli, TEST_POLICY } from './run.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function humanRepo(): TempRepo {
  const repo = makeFeatureRepo({ '.github/proofgate.yml': TEST_POLICY, 'README.md': '# x\n' });
  cleanups.push(() => repo.cleanup());
  repo.commit('Add parser', { 'src/parser.ts': 'export const parse = 1;\n' });
  return repo;
}

function bodyFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-pr-body-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'body.md');
  writeFileSync(file, text);
  return file;
}

describe('--pr-body and --pr-author', () => {
  it('check: a commit with no evidence of its own takes the PR description’s agent, marked pull-request', async () => {
    const repo = humanRepo();
    const human = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
    expect(JSON.parse(human.stdout).attribution.commits[0].agent).toBeNull();

    const body = bodyFile('## Summary\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n');
    const run = await runCli(['check', '--repo', repo.dir, '--format', 'json', '--pr-body', body]);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.attribution.commits[0]).toMatchObject({ agent: 'claude-code', model: null });
    expect(receipt.attribution.commits[0].evidence[0]).toMatchObject({
      source: 'pull-request',
      detail: expect.stringContaining('Generated with [Claude Code]'),
    });
    // Gated now, where the human commit was not.
    expect(human.code).toBe(0);
    expect(run.code).not.toBe(0);
  });

  it('check: reads the description on stdin with -, and the author from --pr-author', async () => {
    const repo = humanRepo();
    const run = await runCli(['check', '--repo', repo.dir, '--format', 'json', '--pr-body', '-', '--pr-author', 'devin-ai-integration[bot]'], {
      stdin: 'Link to Devin run: https://app.devin.ai/sessions/0123456789abcdef0123456789abcdef\n',
    });
    const evidence = JSON.parse(run.stdout).attribution.commits[0].evidence;
    expect(evidence.map((e: { agent: string }) => e.agent)).toEqual(['devin', 'devin']);
  });

  it('attribute: shows the PR evidence and which evidence decided', async () => {
    const run = await runCli(['attribute', '--pr-author', 'google-labs-jules[bot]'], { stdin: 'Fix the bug\n' });
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ agent: 'jules', model: null, decidedBy: 'pull-request', evidence: [] });
    expect(out.pullRequestEvidence[0]).toMatchObject({ source: 'pull-request', agent: 'jules' });
    const own = JSON.parse(
      (await runCli(['attribute', '--pr-author', 'google-labs-jules[bot]'], { stdin: 'Fix\n\nCo-authored-by: Codex <noreply@openai.com>\n' })).stdout,
    );
    expect(own).toMatchObject({ agent: 'codex', decidedBy: 'commit' });
  });

  it('gives clear errors for bad values', async () => {
    const login = await runCli(['attribute', '--pr-author', 'not a login'], { stdin: 'x' });
    expect(login.code).toBe(2);
    expect(login.stderr).toContain('--pr-author must be a GitHub login');
    const stdin = await runCli(['attribute', '--pr-body', '-'], { stdin: 'x' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('--pr-body - cannot read stdin: it carries the commit message');
    const missing = await runCli(['attribute', '--pr-body', 'no-such-file.md'], { stdin: 'x' });
    expect(missing.stderr).toBe('proofgate: cannot read --pr-body no-such-file.md: no such file\n');
  });
});
