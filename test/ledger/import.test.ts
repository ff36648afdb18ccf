import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSessionLedger } from '../../src/attribution/ledgers/session.js';
import { BUILTIN_PRICES, pricingFrom } from '../../src/attribution/pricing.js';
import { buildLedger, ledgerText } from '../../src/ledger/build.js';
import { readClaudeCodeTranscript } from '../../src/ledger/claude-code.js';
import { readCodexRollout } from '../../src/ledger/codex.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/transcripts');
export const CLAUDE_FIXTURE = path.join(fixtures, 'claude-code-session.jsonl');
export const CODEX_FIXTURE = path.join(fixtures, 'codex-rollout.jsonl');
const claude = readFileSync(CLAUDE_FIXTURE, 'utf8');
const codex = readFileSync(CODEX_FIXTURE, 'utf8');
const pricing = pricingFrom(undefined);

/** Read back as `proofgate check` does, under the file name the import gives it. */
function summary(text: string) {
  const id = (JSON.parse(text.split('\n', 1)[0]!) as { id: string }).id;
  return readSessionLedger({ kind: 'proofgate-session', path: `.proofgate/sessions/${id}.jsonl`, commitSha: null, content: text });
}

describe('Claude Code transcript → session ledger', () => {
  const ledger = buildLedger(readClaudeCodeTranscript(claude), 'claude-code', pricing);
  const steps = ledger.records.filter((r) => r.type === 'step');

  it('takes the session id, agent and start time from the transcript', () => {
    expect(ledger.header).toEqual({
      proofgate: 'session/2',
      id: '8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71',
      agent: 'claude-code',
      startedAt: '2026-10-02T09:00:00.000Z',
      importedFrom: { format: 'claude-code', sessionId: '8f14e45f-ceea-467f-a2c4-5b9a3e1d2c71' },
    });
  });

  it('counts a response streamed over several lines once, and skips <synthetic> messages', () => {
    // Lines 3-4 are one response (same message.id and requestId): output 410, not 40 + 410.
    // The first step runs up to the first validation: plan, Read, Edit and the Bash call that ran the tests.
    expect(steps[0]).toMatchObject({
      role: 'execute',
      model: 'claude-opus-4-6',
      tokens: { input: 12 + 3 + 4 + 4, output: 410 + 95 + 620 + 88, cacheRead: 0 + 18000 + 18600 + 19500, cacheWrite: 18000 + 600 + 900 + 300 },
      files: ['src/cart.ts'],
    });
    expect(steps.map((s) => s.type === 'step' && s.model)).not.toContain('<synthetic>');
    expect(steps.map((s) => s.type === 'step' && s.role)).toEqual(['execute', 'subagent', 'execute', 'execute', 'execute']);
  });

  it('prices each step from its tokens at the shipped prices, naming their date and source', () => {
    const first = steps[0]!;
    // claude-opus-4-6: $5 input, $25 output, $0.50 cache read, $6.25 cache write per million tokens.
    const expected = (23 * 5 + 1213 * 25 + 56100 * 0.5 + 19800 * 6.25) / 1e6;
    expect(first.type === 'step' && first.costUsd).toBeCloseTo(expected, 6);
    expect(first).toMatchObject({ pricing: { date: BUILTIN_PRICES.date, source: BUILTIN_PRICES.source } });
    expect(ledger.unpriced).toEqual([]);
  });

  it('records the validations with their exit status, and the failed test run again as a retry', () => {
    const checks = ledger.records.filter((r) => r.type === 'validation' || r.type === 'retry');
    expect(checks).toEqual([
      { type: 'validation', name: 'test', kind: 'test', command: 'npm test', result: 'fail', exitCode: 1, at: '2026-10-02T09:00:31.000Z' },
      { type: 'retry', reason: 'test failed and was run again', validation: 'test', at: '2026-10-02T09:00:57.000Z' },
      { type: 'validation', name: 'test', kind: 'test', command: 'npm test', result: 'pass', exitCode: 0, at: '2026-10-02T09:00:57.000Z' },
      { type: 'validation', name: 'typecheck', kind: 'typecheck', command: 'npx tsc --noEmit', result: 'pass', exitCode: 0, at: '2026-10-02T09:01:09.000Z' },
    ]);
    expect(ledger.records.at(-1)).toEqual({ type: 'end', at: '2026-10-02T09:01:13.000Z' });
  });

  it('writes a ledger proofgate reads back without a problem', () => {
    const reading = summary(ledgerText(ledger));
    expect(reading.problems).toEqual([]);
    expect(reading.sessions[0]).toMatchObject({ agent: 'claude-code', retries: 1, files: ['src/cart.ts', 'src/round.ts'] });
    expect(reading.sessions[0]!.tokens).toEqual({ input: 2440, output: 2373, cacheRead: 140100, cacheWrite: 20970 });
  });
});

describe("a command whose exit status is not its validation's", () => {
  const transcript = (command: string, failed: boolean) => ({
    sessionId: 's',
    agent: 'claude-code',
    startedAt: null,
    endedAt: null,
    events: [{ kind: 'command' as const, at: '2026-10-02T09:00:31.000Z', command, failed, exitCode: failed ? 1 : 0 }],
    problems: [],
  });

  it('records no validation: `npm test 2>&1 | tail -20` ends with tail, which succeeds when the tests fail', () => {
    // Claude Code's Bash tool runs without pipefail (anthropics/claude-code#13057): the result says exit 0.
    const ledger = buildLedger(transcript('npm test 2>&1 | tail -20', false), 'claude-code', pricing);
    expect(ledger.records.filter((r) => r.type === 'validation')).toEqual([]);
    expect(summary(ledgerText(ledger)).sessions[0]!.validations).toEqual([]);
  });

  it('nor for `true || npm test`, which never runs the tests, nor `npm test || true`', () => {
    for (const command of ['true || npm test', 'npm test || true']) {
      expect(buildLedger(transcript(command, false), 'claude-code', pricing).records.filter((r) => r.type === 'validation')).toEqual([]);
    }
  });

  it('but records one whose status is its own, failing or passing', () => {
    const failing = buildLedger(transcript('cd app && npm test 2>&1', true), 'claude-code', pricing);
    expect(failing.records.filter((r) => r.type === 'validation')).toEqual([expect.objectContaining({ name: 'test', result: 'fail', exitCode: 1 })]);
    const piped = buildLedger(transcript('set -o pipefail; npm test | tail', false), 'claude-code', pricing);
    expect(piped.records.filter((r) => r.type === 'validation')).toEqual([expect.objectContaining({ name: 'test', result: 'pass' })]);
  });
});

describe('Codex rollout → session ledger', () => {
  const ledger = buildLedger(readCodexRollout(codex), 'codex', pricing);

  it('counts cached input apart, skips a repeated token_count, and takes the model from turn_context', () => {
    const reading = summary(ledgerText(ledger));
    expect(reading.problems).toEqual([]);
    const s = reading.sessions[0]!;
    // last_token_usage of the six distinct token_count events; the repeat at 14:00:27.100 is skipped.
    const input = [9800, 10900, 11800, 12400, 13100, 13500, 13900];
    const cached = [4864, 9728, 10752, 11776, 12288, 13056, 13312];
    const output = [420, 880, 150, 610, 90, 70, 260];
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(s.tokens).toEqual({ input: sum(input) - sum(cached), output: sum(output), cacheRead: sum(cached), cacheWrite: 0 });
    expect(new Set(s.steps.map((step) => step.model))).toEqual(new Set(['gpt-5-codex']));
    expect(s.agent).toBe('codex');
    expect(s.files).toEqual(['src/cart.ts', 'src/round.ts']);
  });

  it('reads exit codes from JSON metadata, text headers and exec_command_end, once per call', () => {
    const checks = ledger.records.filter((r) => r.type === 'validation' || r.type === 'retry');
    expect(checks).toEqual([
      { type: 'validation', name: 'test', kind: 'test', command: 'npm test', result: 'fail', exitCode: 1, at: '2026-10-03T14:00:27.000Z' },
      { type: 'retry', reason: 'test failed and was run again', validation: 'test', at: '2026-10-03T14:00:48.000Z' },
      { type: 'validation', name: 'test', kind: 'test', command: 'npm test', result: 'pass', exitCode: 0, at: '2026-10-03T14:00:48.000Z' },
      { type: 'validation', name: 'lint', kind: 'lint', command: 'npm run lint', result: 'fail', exitCode: 1, at: '2026-10-03T14:00:56.000Z' },
    ]);
  });
});

describe('privacy', () => {
  // Both fixtures carry secrets in the prompt, in file contents, in command lines and in command output.
  const secrets = [
    'PROMPTSECRET',
    'FILESECRET',
    'hunter2',
    'CMDSECRET',
    'OUTPUTSECRET',
    'sk_live',
    'sk-ant',
    'ghp_',
    'npm_',
    'STRIPE_KEY',
    'NPM_TOKEN',
    'DB_PASSWORD',
  ];
  const prose = ['rounding bug', 'Fix cart rounding', 'banker', 'Rounding fixed', 'totals now round', 'AssertionError', 'Test Files'];

  it.each([
    ['claude-code', claude, readClaudeCodeTranscript],
    ['codex', codex, readCodexRollout],
  ] as const)('a %s ledger carries no prompt, reply, file content, command output or secret', (format, text, read) => {
    // The transcript does carry them (else the test proves nothing).
    for (const secret of ['PROMPTSECRET', 'FILESECRET', 'CMDSECRET', 'OUTPUTSECRET']) expect(text).toContain(secret);
    const out = ledgerText(buildLedger(read(text), format, pricing));
    for (const secret of [...secrets, ...prose]) expect(out).not.toContain(secret);
    // Only the ledger format's own fields appear.
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
    };
    out
      .trim()
      .split('\n')
      .forEach((line) => walk(JSON.parse(line)));
    const allowed = [
      'proofgate',
      'id',
      'agent',
      'startedAt',
      'importedFrom',
      'format',
      'sessionId',
      'type',
      'role',
      'model',
      'tokens',
      'input',
      'output',
      'cacheRead',
      'cacheWrite',
      'costUsd',
      'pricing',
      'date',
      'source',
      'files',
      'at',
      'name',
      'kind',
      'command',
      'result',
      'exitCode',
      'reason',
      'validation',
      'outcome',
    ];
    expect([...keys].filter((k) => !allowed.includes(k))).toEqual([]);
  });
});

describe('unknown models', () => {
  it('keep their tokens without a cost, and say so', () => {
    const text = claude.replaceAll('claude-opus-4-6', 'acme-coder-9');
    const ledger = buildLedger(readClaudeCodeTranscript(text), 'claude-code', pricing);
    const step = ledger.records.find((r) => r.type === 'step' && r.model === 'acme-coder-9');
    expect(step).toMatchObject({ tokens: { input: 23, output: 1213 } });
    expect(step && 'costUsd' in step).toBe(false);
    expect(ledger.unpriced).toEqual(['acme-coder-9']);
    const s = summary(ledgerText(ledger)).sessions[0]!;
    expect(s.cost.unpriced).toEqual([{ model: 'acme-coder-9', steps: 4, tokens: expect.any(Number) }]);
  });

  it('are priced by the policy when it names them', () => {
    const text = claude.replaceAll('claude-opus-4-6', 'acme-coder-9');
    const own = pricingFrom({ date: '2026-11-01', source: 'Acme contract 7', models: { 'acme-coder-9': { input: 1, output: 2 } } });
    const ledger = buildLedger(readClaudeCodeTranscript(text), 'claude-code', own);
    expect(ledger.unpriced).toEqual([]);
    const step = ledger.records.find((r) => r.type === 'step' && r.model === 'acme-coder-9');
    // cache tokens fall back to the input price when the table gives none.
    expect(step && step.type === 'step' && step.costUsd).toBeCloseTo((23 + 56100 + 19800) / 1e6 + (1213 * 2) / 1e6, 6);
    expect(step).toMatchObject({ pricing: { date: '2026-11-01', source: 'Acme contract 7' } });
  });
});

describe('damaged transcripts', () => {
  it('report bad lines and keep what can be read', () => {
    const lines = claude.split('\n');
    const text = [lines[0], 'not json', ...lines.slice(1, 8), lines[8]!.slice(0, 40)].join('\n');
    const t = readClaudeCodeTranscript(text);
    expect(t.problems).toEqual([
      { line: 2, message: 'not valid JSON; skipped' },
      { line: 10, message: 'the last line is cut off (not complete JSON); skipped' },
    ]);
    expect(t.events.some((e) => e.kind === 'call')).toBe(true);
  });
});
