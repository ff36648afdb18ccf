import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, TEST_POLICY } from './run.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-validate-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('proofgate validate', () => {
  it('exits 0 and summarises a valid policy at the default path', async () => {
    const cwd = dirWith({ '.github/proofgate.yml': TEST_POLICY });
    expect(await runCli(['validate'], { cwd })).toEqual({
      code: 0,
      stdout: '.github/proofgate.yml: valid (2 routes, 1 proof, 2 tiers)\n',
      stderr: '',
    });
  });

  it('exits 2 with one file:line:col line per problem in the schema', async () => {
    const cwd = dirWith({
      'bad.yml': ['version: 1', 'routes:', '  - name: src', '    paths: "src/**"', '    colour: blue', 'budgets:', '  maxRetries: many', ''].join('\n'),
    });
    const run = await runCli(['validate', 'bad.yml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^bad\.yml:\d+:\d+: \S/);
    expect(run.stderr).toMatch(/^bad\.yml:4:\d+: .*routes\[0\]\.paths/m);
    expect(run.stderr).toMatch(/^bad\.yml:5:5: .*colour/m);
    expect(run.stderr).toMatch(/^bad\.yml:7:\d+: .*budgets\.maxRetries/m);
  });

  it('exits 2 with one line per unknown reference', async () => {
    const cwd = dirWith({
      'refs.yml': [
        'version: 1',
        'proofs:',
        '  tests: { kind: check, name: test }',
        'routes:',
        '  - name: src',
        '    paths: ["src/**"]',
        '    require: [tests, nope]',
        '    tiers: [missing-tier]',
        '',
      ].join('\n'),
    });
    const run = await runCli(['validate', 'refs.yml'], { cwd });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^refs\.yml:7:\d+: .*nope/);
    expect(lines[1]).toMatch(/^refs\.yml:8:\d+: .*missing-tier/);
  });

  it('exits 2 with the position of a YAML syntax error', async () => {
    const cwd = dirWith({ 'broken.yml': 'version: 1\nroutes:\n  - name: [unclosed\n' });
    const run = await runCli(['validate', 'broken.yml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^broken\.yml:\d+:\d+: /);
  });

  it('exits 2 with one line when the file does not exist', async () => {
    const cwd = dirWith({});
    const run = await runCli(['validate'], { cwd });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'proofgate: cannot read .github/proofgate.yml: no such file (pass the policy file to check, or run from the repository root)\n',
    });
  });
});
