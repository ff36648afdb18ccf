import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, type TempRepo } from '../local/repo.js';
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

describe('proofgate validate --repo', () => {
  const policyText = [
    'version: 1',
    'routes:',
    '  - name: admin',
    '    paths: ["app/(admin)/**", "app/\\\\(shop\\\\)/[slug]/**"]',
    '  - name: auth',
    '    paths: ["src/auth/**", "!src/auth/**/*.snap"]',
    '  - name: typo',
    '    paths: ["src/atuh/**"]',
    '  - name: classes',
    '    paths: ["[Dd]ockerfile"]',
    '  - name: cased',
    '    paths: ["lib/**"]',
    '',
  ].join('\n');
  let repo: TempRepo;
  beforeAll(() => {
    repo = makeRepo('proofgate-validate-repo-');
    repo.commit('Add files', {
      '.github/proofgate.yml': policyText,
      'app/(admin)/users/page.tsx': 'x',
      'app/(shop)/[slug]/page.tsx': 'x',
      'src/auth/login.ts': 'x',
      Dockerfile: 'x',
      'LIB/x.ts': 'x',
    });
  });
  afterAll(() => repo.cleanup());

  it('warns, with positions, about every glob and exclusion that matches no file at HEAD, and exits 1', async () => {
    const run = await runCli(['validate', '--repo', repo.dir]);
    const sha = repo.git('rev-parse', '--short=7', 'HEAD').trim();
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `.github/proofgate.yml:6:28: warning: exclusion "!src/auth/**/*.snap" of route \`auth\` matches no file at HEAD (${sha}) at routes[1].paths[1] (check its spelling: a route that matches nothing gates nothing)`,
      `.github/proofgate.yml:8:13: warning: glob "src/atuh/**" of route \`typo\` matches no file at HEAD (${sha}) at routes[2].paths[0] (check its spelling: a route that matches nothing gates nothing)`,
      `.github/proofgate.yml:10:13: warning: glob "[Dd]ockerfile" of route \`classes\` matches no file at HEAD (${sha}) at routes[3].paths[0] (\`[\` and \`]\` are literal in path globs; write alternatives as \`{a,b}\`)`,
      `.github/proofgate.yml:12:13: warning: glob "lib/**" of route \`cased\` matches no file at HEAD (${sha}) at routes[4].paths[0] (only a case variant matches, such as "LIB/x.ts")`,
    ]);
    expect(run.stdout).toBe(`.github/proofgate.yml: valid (5 routes, 0 proofs, 0 tiers); 4 globs match no file at HEAD (${sha})\n`);
  });

  it('checks the revision --rev names, and a policy file given on the command line', async () => {
    const first = repo.git('rev-parse', 'HEAD').trim();
    repo.commit('Add the typo folder', { 'src/atuh/x.ts': 'x' });
    const cwd = dirWith({ 'small.yml': ['version: 1', 'routes:', '  - name: typo', '    paths: ["src/atuh/**"]', ''].join('\n') });
    expect(await runCli(['validate', 'small.yml', '--repo', repo.dir], { cwd })).toMatchObject({ code: 0, stderr: '' });
    const old = await runCli(['validate', 'small.yml', '--repo', repo.dir, '--rev', first], { cwd });
    expect(old.code).toBe(1);
    expect(old.stderr).toContain(`matches no file at ${first} (${first.slice(0, 7)})`);
  });

  it('says what is wrong with --rev alone, an unknown revision, or no policy at the revision', async () => {
    expect(await runCli(['validate', '--rev', 'HEAD'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--rev needs --repo') });
    expect(await runCli(['validate', '--repo', repo.dir, '--rev', 'nope'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown revision "nope" for --rev'),
    });
    const empty = makeRepo('proofgate-validate-empty-');
    empty.commit('Readme', { 'README.md': 'x' });
    expect(await runCli(['validate', '--repo', empty.dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('no .github/proofgate.yml at HEAD') });
    empty.cleanup();
  });
});
