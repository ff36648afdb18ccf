import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, parseDuration, parseInputs } from '../../src/action/inputs.js';

/** A getter like `core.getInput`: '' for anything unset. */
function getter(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? '';
}

describe('parseInputs', () => {
  it('applies the documented defaults when only the token is set', () => {
    const result = parseInputs(getter({ token: 'ghs_abc' }));
    expect(result).toEqual({
      ok: true,
      inputs: {
        token: 'ghs_abc',
        teamsToken: null,
        policyPath: '.github/proofgate.yml',
        checkName: 'proofgate',
        mode: 'check-run',
        failOnPending: false,
        waitForProofsMs: 0,
        ledgers: [],
        since: '30d',
      },
    });
  });

  it('reads every input as the runner passes them', () => {
    const result = parseInputs(
      getter({
        token: ' t ',
        'teams-token': ' ghs_teams ',
        policy: 'config/gate.yml',
        'check-name': 'AI gate',
        mode: 'step',
        'fail-on-pending': 'true',
        'wait-for-proofs': '10m',
        ledger: 'out/session.jsonl\nagent-trace: traces/run.jsonl, .proofgate/sessions/a.jsonl\n\n',
        since: ' 12w ',
      }),
    );
    expect(result.ok && result.inputs).toEqual({
      token: 't',
      teamsToken: 'ghs_teams',
      policyPath: 'config/gate.yml',
      checkName: 'AI gate',
      mode: 'step',
      failOnPending: true,
      waitForProofsMs: 600_000,
      ledgers: [
        { path: 'out/session.jsonl', kind: null },
        { path: 'traces/run.jsonl', kind: 'agent-trace' },
        { path: '.proofgate/sessions/a.jsonl', kind: null },
      ],
      since: '12w',
    });
  });

  it('accepts the boolean spellings core.getBooleanInput accepts', () => {
    for (const [text, value] of [
      ['True', true],
      ['TRUE', true],
      ['False', false],
      ['FALSE', false],
    ] as const) {
      const result = parseInputs(getter({ token: 't', 'fail-on-pending': text }));
      expect(result.ok && result.inputs.failOnPending).toBe(value);
    }
  });

  it('reports every bad input at once, one line each, naming the input and the fix', () => {
    const result = parseInputs(getter({ token: '', mode: 'comment', 'fail-on-pending': 'yes', 'wait-for-proofs': 'ten minutes', policy: '../secrets.yml' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(5);
    for (const line of result.errors) expect(line).not.toContain('\n');
    expect(result.errors[0]).toMatch(/^input `token` is empty: pass `token: \$\{\{ github.token \}\}`/);
    expect(result.errors).toContainEqual(expect.stringMatching(/^input `policy` leaves the repository/));
    expect(result.errors).toContainEqual(
      'input `mode` is "comment": use `check-run` (write a check run), `step` (only fail the step) or `report` (the routing report of the merged history)',
    );
    expect(result.errors).toContainEqual('input `fail-on-pending` is "yes": use `true` or `false`');
    expect(result.errors).toContainEqual(expect.stringMatching(/^input `wait-for-proofs` is "ten minutes": give a duration such as `90s`/));
  });

  it('rejects a policy path outside the repository or naming a directory', () => {
    for (const policy of ['/etc/proofgate.yml', 'C:\\gate.yml', '.github/', 'a/../../b.yml']) {
      const result = parseInputs(getter({ token: 't', policy }));
      expect(result.ok, policy).toBe(false);
    }
  });

  it('rejects a wait longer than a job can run', () => {
    const result = parseInputs(getter({ token: 't', 'wait-for-proofs': '7h' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/longer than a job may run/);
  });

  it('rejects a ledger entry with a kind but no path', () => {
    const result = parseInputs(getter({ token: 't', ledger: 'agent-trace:' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^input `ledger` entry "agent-trace:" names no file/);
  });

  it('drops duplicate ledger paths and comment lines', () => {
    const result = parseInputs(getter({ token: 't', ledger: '# from the agent step\na.jsonl\na.jsonl,b.jsonl' }));
    expect(result.ok && result.inputs.ledgers.map((l) => l.path)).toEqual(['a.jsonl', 'b.jsonl']);
  });
});

describe('parseDuration', () => {
  it.each([
    ['', 0],
    ['0', 0],
    ['off', 0],
    ['false', 0],
    ['90', 90_000],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    [' 2M ', 120_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['ten', '10 m', '-5s', '1.5h', '10d', 'm'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('caps at six hours', () => {
    expect(MAX_WAIT_MS).toBe(parseDuration('6h'));
  });
});

describe('fail-on-pending default', () => {
  it('fails pending in step mode, where the step is the only signal, and not in check-run mode', () => {
    const step = parseInputs(getter({ token: 't', mode: 'step' }));
    const checkRun = parseInputs(getter({ token: 't' }));
    expect(step.ok && step.inputs.failOnPending).toBe(true);
    expect(checkRun.ok && checkRun.inputs.failOnPending).toBe(false);
    const optedOut = parseInputs(getter({ token: 't', mode: 'step', 'fail-on-pending': 'false' }));
    expect(optedOut.ok && optedOut.inputs.failOnPending).toBe(false);
  });
});
