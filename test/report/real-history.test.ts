/**
 * Report and backtest on real history: metadata slices of public agent-heavy
 * repositories (messages, identities, dates, paths and line counts; no code),
 * rebuilt as git repositories by scripts/history-slice.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Slice } from '../../scripts/history-slice.js';
import { attributeCommit } from '../../src/attribution/attribute.js';
import { identity } from '../../src/local/parse.js';
import { runCli } from '../cli/run.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/history');
const dirs: string[] = [];
function rebuild(name: string): { dir: string; slice: Slice } {
  const slice = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Slice;
  const dir = mkdtempSync(path.join(tmpdir(), `proofgate-real-${name}-`));
  dirs.push(dir);
  build(slice, dir);
  return { dir, slice };
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('report on Aider-AI/aider (300 changes, April 2025)', () => {
  let repo: { dir: string; slice: Slice };
  beforeAll(() => {
    repo = rebuild('aider');
  }, 60_000);

  it("counts as aider's the direct commits the attribution rules give to aider", async () => {
    const run = await runCli(['report', '--repo', repo.dir, '--last', '300', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const mainline = new Set<string>();
    // The first-parent line of the slice, newest to oldest.
    const bySha = new Map(repo.slice.commits.map((c) => [c.sha, c]));
    for (let c = repo.slice.commits[repo.slice.commits.length - 1]; c && mainline.size < 300; c = bySha.get(c.parents[0]!)) mainline.add(c.sha);
    const identityOf = (who: string) => {
      const m = /^(.*) <(.*)>$/.exec(who)!;
      return identity(m[1]!, m[2]!);
    };
    const aiderDirect = [...mainline].filter((sha) => {
      const c = bySha.get(sha)!;
      return (
        c.parents.length === 1 && attributeCommit({ message: c.message, author: identityOf(c.author), committer: identityOf(c.committer) }).agent === 'aider'
      );
    }).length;
    expect(aiderDirect).toBeGreaterThan(150);
    expect(report.totals.changes).toBe(300);
    expect(report.byAgent.find((g: { key: string }) => g.key === 'aider').changes).toBe(aiderDirect);
    expect(report.notes.join(' ')).toContain('No change carries a session ledger');
    expect(report.totals.costPerChange).toBeNull();
  });

  it('backtests the strict example policy', async () => {
    const run = await runCli([
      'backtest',
      '--policy',
      path.join(import.meta.dirname, '../../policies/strict.yml'),
      '--repo',
      repo.dir,
      '--last',
      '100',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.changes).toBe(100);
    const counts = result.counts;
    expect(counts['newly-blocked'] + counts['newly-allowed'] + counts['newly-needs-evidence'] + counts.unchanged).toBe(100);
  });
});

describe('report on google-gemini/gemini-cli (150 squash merges, summer 2026)', () => {
  it('reads every change as a squash merge with its pull request number', async () => {
    const { dir, slice } = rebuild('gemini-cli');
    const run = await runCli(['report', '--repo', dir, '--last', '150', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    const numbered = slice.commits.filter((c) => /\(#\d+\)\s*$/.test(c.message.split('\n')[0]!)).length;
    expect(report.changes.filter((c: { kind: string }) => c.kind === 'squash').length).toBe(numbered);
    expect(report.changes[0].number).toBe(Number(/\(#(\d+)\)/.exec(slice.commits[0]!.message.split('\n')[0]!)![1]));
  });
});
