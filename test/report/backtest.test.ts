import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backtest } from '../../src/backtest/backtest.js';
import { renderBacktestText } from '../../src/backtest/render.js';
import { loadHistory } from '../../src/history/load.js';
import { loadPolicy } from '../../src/policy/load.js';
import { runCli } from '../cli/run.js';
import { CLAUDE_HAIKU, CLAUDE_OPUS, makeHistoryRepo, type HistoryRepo } from './history-repo.js';

let repo: HistoryRepo;
afterEach(() => repo?.cleanup());

const CURRENT = `version: 1
tiers:
  frontier: ["claude-opus-*"]
  fast: ["claude-haiku-*"]
routes:
  - name: docs
    paths: ["docs/**"]
    tiers: [frontier]
`;

const PROPOSED = `version: 1
tiers:
  frontier: ["claude-opus-*"]
  fast: ["claude-haiku-*"]
proofs:
  tests:
    kind: check
    name: test
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [frontier]
  - name: source
    paths: ["src/**"]
    require: [tests]
`;

function history() {
  repo = makeHistoryRepo();
  repo.direct(1, 'Add policy', { '.github/proofgate.yml': CURRENT });
  repo.squash(1, 2, 'Docs by a fast model', CLAUDE_HAIKU, { 'docs/a.md': 'a\n' });
  repo.squash(2, 3, 'Auth by a fast model', CLAUDE_HAIKU, { 'src/auth/x.ts': 'x\n' });
  repo.squash(3, 4, 'Source by a frontier model', CLAUDE_OPUS, { 'src/y.ts': 'y\n' });
  repo.squash(4, 5, 'Readme by a human', '', { 'README.md': '# demo 2\n' });
}

function proposed() {
  const result = loadPolicy(PROPOSED, { path: 'proposed.yml', origin: 'file', ref: null });
  if (!result.ok) throw new Error('test policy does not load');
  return result.policy;
}

describe('backtest', () => {
  it('lists newly blocked and newly allowed changes by rule, and proofs history cannot show as needing evidence', async () => {
    history();
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 4 });
    const result = backtest(changes, proposed());
    expect(result.currentPolicies).toEqual({ base: 4, default: 0, errors: 0 });
    expect(result.details.map((d) => [d.number, d.change, d.current, d.proposed, d.rules])).toEqual([
      [1, 'newly-allowed', 'blocked', 'allowed', ['docs']],
      [2, 'newly-blocked', 'allowed', 'blocked', ['auth']],
      [3, 'newly-needs-evidence', 'allowed', 'needs-evidence', ['source']],
      [4, 'unchanged', 'allowed', 'allowed', []],
    ]);
    expect(result.details[2]!.needsEvidence).toEqual(['tests (check)']);
    expect(result.counts).toEqual({ 'newly-blocked': 1, 'newly-allowed': 1, 'newly-needs-evidence': 1, unchanged: 1 });
    expect(result.byRule.map((r) => r.rule).sort()).toEqual(['auth', 'docs', 'source']);
  });

  it('prints the summary table before the details, and JSON', async () => {
    history();
    const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-backtest-'));
    const file = path.join(dir, 'proposed.yml');
    writeFileSync(file, PROPOSED);
    const text = await runCli(['backtest', '--policy', file, '--repo', repo.dir, '--last', '4']);
    expect(text.code).toBe(0);
    expect(text.stdout.indexOf('Summary')).toBeLessThan(text.stdout.indexOf('Details'));
    expect(text.stdout).toContain('needs CI/review evidence: tests (check)');
    const json = await runCli(['backtest', '--policy', file, '--repo', repo.dir, '--last', '4', '--format', 'json']);
    expect(JSON.parse(json.stdout).counts['newly-blocked']).toBe(1);
  });

  it('prints a change whose subject holds a runner command (`##[warning]…`) inert, since the text is also a CI log', async () => {
    repo = makeHistoryRepo();
    repo.direct(1, 'Add policy', { '.github/proofgate.yml': CURRENT });
    repo.squash(1, 2, 'Auth ##[warning]forged by a fast model', CLAUDE_HAIKU, { 'src/auth/x.ts': 'x\n' });
    const { changes } = await loadHistory({ repoDir: repo.dir, last: 1 });
    const text = renderBacktestText(backtest(changes, proposed()), { repository: 'demo', branch: 'main', proposedPath: 'proposed.yml' });
    expect(text).toContain('Auth #\\u{23}[warning]forged by a fast model');
    expect(text).not.toContain('##[');
  });

  it('rejects a proposed policy with errors, with file and line', async () => {
    history();
    const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-backtest-'));
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'version: 1\nroutes:\n  - name: x\n    colour: red\n');
    const run = await runCli(['backtest', '--policy', file, '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yml:4:\d+: unknown key/);
    const missing = await runCli(['backtest', '--repo', repo.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--policy FILE is required');
  });

  it("reports the proposed policy's errors before the repository's, though git starts first, and the repository's alone after", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-backtest-'));
    const bad = path.join(dir, 'bad.yml');
    writeFileSync(bad, 'version: 1\nroutes:\n  - name: x\n    colour: red\n');
    const good = path.join(dir, 'good.yml');
    writeFileSync(good, PROPOSED);
    const notRepo = mkdtempSync(path.join(tmpdir(), 'proofgate-not-a-repo-'));
    const both = await runCli(['backtest', '--policy', bad, '--repo', notRepo]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/bad\.yml:4:\d+: unknown key/);
    expect(both.stderr).not.toContain('not a git repository');
    const gitOnly = await runCli(['backtest', '--policy', good, '--repo', notRepo]);
    expect(gitOnly.stderr).toMatch(/^proofgate: not a git repository: /);
    expect(gitOnly.code).not.toBe(0);
    const missingFile = await runCli(['backtest', '--policy', path.join(dir, 'none.yml'), '--repo', notRepo]);
    expect(missingFile.stderr).toMatch(/cannot read .*none\.yml: no such file/);
  });
});

describe('proofgate report (CLI)', () => {
  it('prints text, Markdown and JSON, and writes a file with --out', async () => {
    history();
    const md = await runCli(['report', '--repo', repo.dir, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^## proofgate report/);
    expect(md.stdout).toContain('| claude-haiku-4-5 | 2 |');
    const json = await runCli(['report', '--repo', repo.dir, '--format', 'json', '--last', '2']);
    expect(JSON.parse(json.stdout).totals.changes).toBe(2);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'proofgate-report-')), 'r.html');
    const html = await runCli(['report', '--repo', repo.dir, '--format', 'html', '--out', out]);
    expect(html.code).toBe(0);
    expect(html.stderr).toContain('wrote');
  });

  it('explains a bad --since or --format', async () => {
    history();
    const since = await runCli(['report', '--repo', repo.dir, '--since', 'last tuesday']);
    expect([since.code, since.stderr.trim()]).toEqual([
      2,
      'proofgate: --since must be a duration such as 30d or 12w, or a date such as 2026-01-31, got "last tuesday"',
    ]);
    const format = await runCli(['report', '--repo', repo.dir, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of text, markdown, json, html');
  });
});
