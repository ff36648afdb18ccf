/** The package others build on: the public API in src/index.ts and what `npm install proofgate` gets. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as proofgate from '../../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  scripts: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
  license: string;
};

const POLICY = `version: 1
proofs:
  tests: { kind: check, name: test }
routes:
  - name: core
    paths: ["src/**"]
    require: [tests]
`;

describe('the public API', () => {
  it('loads a policy, attributes a commit, evaluates and builds a receipt that verifies', () => {
    const loaded = proofgate.loadPolicy(POLICY, { path: '.github/proofgate.yml', origin: 'file', ref: null });
    if (!loaded.ok) throw new Error(loaded.errors.map(proofgate.formatPolicyError).join('\n'));

    const identity = { name: 'Ada', email: 'ada@example.com', login: null, isBot: false };
    const message = 'Add parser\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n';
    expect(proofgate.attributeCommit({ message, author: identity, committer: identity })).toMatchObject({ agent: 'claude-code' });

    const snapshot = proofgate.emptySnapshot('a'.repeat(40), 'b'.repeat(40));
    snapshot.commits = [
      {
        sha: 'c'.repeat(40),
        message,
        author: identity,
        committer: identity,
        parents: ['a'.repeat(40)],
        files: ['src/parser.ts'],
        authoredAt: null,
        signature: null,
      },
    ];
    snapshot.files = [{ path: 'src/parser.ts', status: 'added', previousPath: null, additions: 1, deletions: 0 }];
    snapshot.checkRuns = [
      { name: 'test', status: 'completed', conclusion: 'success', app: { slug: 'github-actions', id: 15368 }, url: null, completedAt: '2026-01-01T00:00:00Z' },
    ];

    const verdict = proofgate.evaluate(loaded.policy, snapshot, { now: new Date('2026-01-01T00:00:00Z') });
    expect(verdict.conclusion).toBe('success');
    const receipt = proofgate.buildReceipt(verdict, snapshot);
    expect(proofgate.verifyReceipt(JSON.parse(proofgate.receiptJson(receipt)))).toMatchObject({ ok: true });
  });

  it('reports a bad policy as errors with positions, not an exception', () => {
    const loaded = proofgate.loadPolicy('version: 1\nroutes:\n  - name: core\n    paths: ["src/**"]\n    colour: red\n', {
      path: 'p.yml',
      origin: 'file',
      ref: null,
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors[0]).toMatchObject({ file: 'p.yml', line: 5 });
  });
});

describe('package.json', () => {
  it('installs the CLI and the library without the App server: probot is an optional peer', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('probot');
    expect(Object.keys(pkg.dependencies)).not.toContain('@actions/core');
    expect(pkg.peerDependencies?.['probot']).toBeDefined();
    expect(pkg.peerDependenciesMeta?.['probot']?.optional).toBe(true);
  });

  it('builds when packing, not on every install', () => {
    expect(pkg.scripts['prepare']).toBeUndefined();
    expect(pkg.scripts['prepack']).toBe('npm run build');
    expect(pkg.scripts['demo']).toMatch(/^npm run build && /);
  });

  it('ships what its exports name, and no source maps that point at unshipped sources', () => {
    for (const target of Object.values(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : [target.types, target.default];
      for (const p of paths)
        expect(
          pkg.files.some((f) => p.replace(/^\.\//, '').startsWith(f) || p === './package.json'),
          p,
        ).toBe(true);
    }
    const build = readFileSync(new URL('../../tsconfig.build.json', import.meta.url), 'utf8');
    expect(build).toMatch(/"sourceMap": false/);
    expect(pkg.files).not.toContain('src');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} proofgate contributors/);
  });
});
