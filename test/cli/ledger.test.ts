import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PRICES } from '../../src/attribution/pricing.js';
import { makeFeatureRepo, type TempRepo } from '../local/repo.js';
import { runnerCommands } from '../action/harness.js';
import { runCli } from './run.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/transcripts');
const CLAUDE = path.join(fixtures, 'claude-code-session.jsonl');
const CODEX = path.join(fixtures, 'codex-rollout.jsonl');

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

const BUDGET_POLICY = `version: 1
tiers:
  frontier: ["claude-opus-*", "gpt-5*"]
routes:
  - name: source
    paths: ["src/**"]
budgets:
  maxRetries: 0
  maxFailedValidations: 0
  maxCostUsd: 0.02
  maxTokens: 3000
  escalateTo: frontier
`;

function repoWithPolicy(policy = BUDGET_POLICY) {
  const repo = makeFeatureRepo({ '.github/proofgate.yml': policy, 'README.md': '# shop\n' });
  repos.push(repo);
  return repo;
}

describe('a real-format transcript drives a budget violation in proofgate check', () => {
  it.each([
    // Claude Code's new prompt tokens are cache writes (20,970 of the 25,783); Codex's are input.
    ['claude-code', CLAUDE, '8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71', { retries: 1, failed: 1, cost: '$0.26', tokens: '25,783' }],
    ['codex', CODEX, '0199c3d2-5b7e-7a41-9c2e-3f6d8a1b4e20', { retries: 1, failed: 2, cost: '$0.05', tokens: '12,104' }],
  ] as const)('%s', async (format, file, id, used) => {
    const repo = repoWithPolicy();
    const imported = await runCli(['ledger', 'import', '--from', format, '--repo', repo.dir, file]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const ledgerPath = `.proofgate/sessions/${id}.jsonl`;
    expect(imported.stdout).toContain(ledgerPath);
    expect(imported.stdout).toContain(`prices of ${BUILTIN_PRICES.date} from ${BUILTIN_PRICES.source}`);

    // The agent's work and its ledger are committed together, as an agent would push them.
    repo.commit('Round cart totals to cents', { 'src/cart.ts': 'export const total = 1;\n', 'src/round.ts': 'export const round = 1;\n' });
    const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
    expect(run.code).toBe(1);
    const receipt = JSON.parse(run.stdout);
    expect(receipt.conclusion).toBe('failure');
    const session = receipt.attribution.sessions[0];
    expect(session).toMatchObject({ id, agent: format, retries: used.retries });
    const budget = receipt.violations.filter((v: { kind: string }) => v.kind === 'budget').map((v: { message: string }) => v.message);
    expect(budget).toEqual([
      expect.stringMatching(new RegExp(`^session ${id} \\(${format}, .*\\) used ${used.retries} retries; the budget is 0$`)),
      expect.stringMatching(new RegExp(`used ${used.failed} failing validations; the budget is 0$`)),
      expect.stringContaining(`used ${used.cost} cost (prices of ${BUILTIN_PRICES.date} from ${BUILTIN_PRICES.source}); the budget is $0.02`),
      expect.stringContaining(`used ${used.tokens} tokens; the budget is 3,000`),
    ]);
    // The text report says the same, with the date and source of the prices.
    const text = await runCli(['check', '--repo', repo.dir]);
    expect(text.stdout).toContain(`prices of ${BUILTIN_PRICES.date}`);
  });

  it("counts a Claude Code session's new prompt tokens, which Anthropic reports as cache writes, toward maxTokens as it counts Codex's input", async () => {
    const policy = 'version: 1\nroutes:\n  - name: source\n    paths: ["src/**"]\nbudgets:\n  maxTokens: 20000\n';
    const tokens = async (format: string, file: string) => {
      const repo = repoWithPolicy(policy);
      expect((await runCli(['ledger', 'import', '--from', format, '--repo', repo.dir, file])).code).toBe(0);
      repo.commit('Round cart totals to cents', { 'src/cart.ts': 'export const total = 1;\n' });
      const run = await runCli(['check', '--repo', repo.dir, '--format', 'json']);
      return { code: run.code, budget: JSON.parse(run.stdout).violations.map((v: { message: string }) => v.message) };
    };
    // 12,104 new prompt and output tokens: within the budget.
    expect(await tokens('codex', CODEX)).toEqual({ code: 0, budget: [] });
    // 2,440 input, 20,970 written to the cache and 2,373 output: 25,783, over it (input + output alone would be 4,813).
    expect(await tokens('claude-code', CLAUDE)).toEqual({ code: 1, budget: [expect.stringContaining('used 25,783 tokens; the budget is 20,000')] });
  });

  it('prices with the policy when it names the model, and fails a cost budget it cannot price', async () => {
    const transcript = readFileSync(CLAUDE, 'utf8').replaceAll('claude-opus-4-6', 'acme-coder-9');
    const repo = repoWithPolicy(BUDGET_POLICY.replace('maxCostUsd: 0.02', 'maxCostUsd: 100'));
    repo.write('transcript.jsonl', transcript);
    const imported = await runCli(['ledger', 'import', '--from', 'claude-code', '--repo', repo.dir, path.join(repo.dir, 'transcript.jsonl')]);
    expect(imported.stdout).toMatch(/acme-coder-9: [\d,]+ tokens without a price, not counted/);
    repo.git('rm', '-q', '--cached', '--ignore-unmatch', 'transcript.jsonl');
    repo.commit('Work', { 'src/cart.ts': 'x\n', 'transcript.jsonl': '' });
    const unpriced = JSON.parse((await runCli(['check', '--repo', repo.dir, '--format', 'json'])).stdout);
    expect(unpriced.violations.map((v: { message: string }) => v.message)).toContainEqual(
      expect.stringContaining('used tokens of acme-coder-9, which has no price, so its cost cannot be checked against the budget of $100.00'),
    );

    const priced = `${BUDGET_POLICY.replace('maxCostUsd: 0.02', 'maxCostUsd: 100')}pricing:\n  date: "2026-11-01"\n  source: Acme contract 7\n  models:\n    acme-coder-9: { input: 1, output: 2 }\n`;
    repo.write('policy.yml', priced);
    const run = JSON.parse((await runCli(['check', '--repo', repo.dir, '--policy', path.join(repo.dir, 'policy.yml'), '--format', 'json'])).stdout);
    const messages = run.violations.map((v: { message: string }) => v.message);
    expect(messages.some((m: string) => m.includes('no price'))).toBe(false);
    expect(run.attribution.sessions[0].cost.prices).toEqual([
      { date: '2026-11-01', source: 'Acme contract 7' },
      { date: BUILTIN_PRICES.date, source: BUILTIN_PRICES.source },
    ]);
  });
});

describe('proofgate ledger record and validate', () => {
  it('builds a ledger from a script, one record at a time, that validate accepts', async () => {
    const repo = repoWithPolicy();
    const rec = (...args: string[]) => runCli(['ledger', 'record', ...args, '--session', 'nightly-7', '--dir', repo.dir, '--at', '2026-10-01T10:00:00Z']);
    expect((await rec('step', '--model', 'claude-opus-4-6', '--input', '1000', '--output', '200')).stderr).toContain('does not exist yet; pass --agent');
    expect(
      (await rec('step', '--agent', 'Claude Code', '--model', 'claude-opus-4-6', '--role', 'plan', '--input', '1000', '--output', '200', '--file', 'src/a.ts'))
        .code,
    ).toBe(0);
    expect((await rec('validation', '--name', 'test', '--result', 'fail', '--command', 'npm test', '--exit-code', '1', '--kind', 'test')).code).toBe(0);
    expect((await rec('retry', '--reason', 'tests failed', '--validation', 'test')).code).toBe(0);
    expect((await rec('validation', '--name', 'test', '--result', 'pass', '--exit-code', '0')).code).toBe(0);
    const bad = await rec('validation', '--name', 'test', '--result', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid validation record: result');
    expect((await rec('end', '--outcome', 'success')).code).toBe(0);
    expect((await rec('retry', '--reason', 'again')).stderr).toContain('already has an end record');

    const file = path.join(repo.dir, '.proofgate/sessions/nightly-7.jsonl');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ proofgate: 'session/2', id: 'nightly-7', agent: 'claude-code', startedAt: '2026-10-01T10:00:00Z' });
    expect(lines.map((l) => l.type ?? 'header')).toEqual(['header', 'step', 'validation', 'retry', 'validation', 'end']);

    const valid = await runCli(['ledger', 'validate', file]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('valid');
    expect(valid.stdout).toContain('validations: 2 (1 failed); retries: 1');
  });

  it('reports each problem as file:line and fails', async () => {
    const repo = repoWithPolicy();
    repo.write(
      'bad.jsonl',
      [
        '{"proofgate":"session/2","id":"bad","agent":"codex","startedAt":"2026-10-01T10:00:00Z"}',
        '{"type":"step","role":"Execute","model":"gpt-5"}',
        'not json',
        '{"type":"validation","name":"test","result":"pass"}',
      ].join('\n') + '\n',
    );
    const run = await runCli(['ledger', 'validate', 'bad.jsonl'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^bad\.jsonl:2: invalid session record \(role: role must be a lower-case word/),
      'bad.jsonl:3: not valid JSON; the record was ignored',
      'bad.jsonl:4: warning: session ledger has no end record; it may be incomplete or truncated',
    ]);
    expect((await runCli(['ledger', 'validate', 'missing.jsonl'], { cwd: repo.dir })).stderr).toContain('cannot read missing.jsonl: no such file');
  });

  it("shows a ledger's own words with their control characters escaped, so a pull request's ledger cannot drive the terminal or start a workflow command", async () => {
    const repo = repoWithPolicy();
    const esc = '\u001b';
    const ledger = (id: string) =>
      [
        JSON.stringify({
          proofgate: 'session/2',
          id,
          agent: `codex\n::warning::forged${esc}]8;;https://evil.example${esc}\\ ##[error]forged`,
          startedAt: '2026-10-01T10:00:00Z',
        }),
        JSON.stringify({ type: 'step', role: 'execute', model: `gpt-5${esc}[1A\u009b2K`, tokens: { input: 10, output: 5 } }),
        JSON.stringify({ type: 'end' }),
      ].join('\n') + '\n';
    repo.write('sessions/evil.jsonl', ledger('evil'));
    repo.write('sessions/renamed.jsonl', ledger(`evil${esc}[2J`));
    const run = await runCli(['ledger', 'validate', 'sessions/evil.jsonl', 'sessions/renamed.jsonl'], { cwd: repo.dir });
    const output = run.stdout + run.stderr;
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    // The runner reads `::command::` at the start of a line and `##[command]` anywhere in one.
    expect(runnerCommands(output)).toEqual([]);
    expect(run.stderr).toContain('evil\\u{1B}[2J');
    expect(run.stdout).toContain('agent codex\\u{A}::warning::forged\\u{1B}]8;;https://evil.example\\u{1B}\\');
  });

  it("prints the trailer on one line with the ledger's control characters escaped, so a ledger cannot add a line to the commit message or drive the terminal", async () => {
    const repo = repoWithPolicy();
    const esc = '\u001b';
    repo.write(
      '.proofgate/sessions/evil.jsonl',
      [
        JSON.stringify({
          proofgate: 'session/2',
          id: 'evil',
          agent: `codex\nCo-Authored-By: Ada Lovelace <ada@example.com>${esc}[2J\r\u202e`,
          startedAt: '2026-10-01T10:00:00Z',
        }),
        JSON.stringify({ type: 'step', role: 'execute', model: 'gpt-5', tokens: { input: 10, output: 5 } }),
        JSON.stringify({ type: 'end' }),
      ].join('\n') + '\n',
    );
    const run = await runCli(['ledger', 'trailer', '--dir', repo.dir]);
    expect(run).toEqual({
      code: 0,
      // The session reader lower-cases agent names it does not know.
      stdout: 'Assisted-by: codex\\u{A}co-authored-by: ada lovelace <ada@example.com>\\u{1B}[2j\\u{D}\\u{202E}:gpt-5\n',
      stderr: '',
    });
  });

  it('prints the Assisted-by trailer of the newest ledger', async () => {
    const repo = repoWithPolicy();
    await runCli(['ledger', 'import', '--from', 'codex', '--repo', repo.dir, CODEX]);
    await runCli(['ledger', 'import', '--from', 'claude-code', '--repo', repo.dir, CLAUDE]);
    // The Codex session started later (2026-10-03) than the Claude Code one (2026-10-02).
    expect((await runCli(['ledger', 'trailer', '--dir', repo.dir])).stdout).toBe('Assisted-by: codex:gpt-5-codex\n');
    const empty = repoWithPolicy();
    expect(await runCli(['ledger', 'trailer', '--dir', empty.dir])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
