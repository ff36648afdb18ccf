import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_PATH, DEFAULT_POLICY_SOURCE_PATH, DEFAULT_POLICY_YAML, defaultPolicy } from '../../src/policy/default.js';
import { compilePathGlobs } from '../../src/glob.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadPolicy, policyDigest } from '../../src/policy/load.js';
import { agentCommit, NOW, pr, review } from '../support/snapshots.js';

describe('built-in default policy', () => {
  it('is the same text as policies/default.yml, the copy users start from', () => {
    const copy = readFileSync(new URL('../../policies/default.yml', import.meta.url), 'utf8');
    expect(copy, 'policies/default.yml differs from DEFAULT_POLICY_YAML in src/policy/default.ts; copy one onto the other').toBe(DEFAULT_POLICY_YAML);
  });

  it('loads with origin `default` and the digest of its text', () => {
    const policy = defaultPolicy();
    expect(DEFAULT_POLICY_PATH).toBe('.github/proofgate.yml');
    expect(policy.source).toEqual({ path: '(built-in default)', origin: 'default', ref: null, digest: policyDigest(DEFAULT_POLICY_YAML) });
  });

  it('is, as handed out, exactly what loading DEFAULT_POLICY_YAML gives (default.generated.ts is up to date)', () => {
    const loaded = loadPolicy(DEFAULT_POLICY_YAML, { path: DEFAULT_POLICY_SOURCE_PATH, origin: 'default', ref: null });
    if (!loaded.ok) throw new Error(`the built-in default does not load: ${loaded.errors[0]?.message}`);
    // toStrictEqual: a key the YAML does not set must not be present with the value undefined either.
    expect(defaultPolicy(), 'src/policy/default.generated.ts is out of date: run `npm run schema`').toStrictEqual(loaded.policy);
  });

  it('needs a fresh human review for agent changes and strong models on sensitive paths', () => {
    const { doc } = defaultPolicy();
    expect(doc.default).toEqual({ require: ['human-review'], appliesTo: 'agent' });
    expect(doc.proofs['human-review']).toMatchObject({
      kind: 'review',
      count: 1,
      allowStale: false,
      allowCoauthors: false,
      allowAuthor: false,
      allowBots: false,
    });
    const [sensitive] = doc.routes;
    expect(sensitive).toMatchObject({ name: 'sensitive', tiers: ['strong'], require: ['human-review'] });
    expect(sensitive?.paths).toEqual(expect.arrayContaining(['**/auth/**', '**/security/**', '.github/workflows/**', '**/migrations/**']));
    expect(doc.attribution).toEqual({ unknownModel: { require: ['second-review'] }, unattributed: 'human' });
    expect(doc.proofs['second-review']).toMatchObject({
      kind: 'review',
      count: 2,
      allowStale: false,
      allowCoauthors: false,
      allowAuthor: false,
      allowBots: false,
    });
  });

  it('keeps every file GitHub reads code owners from on the sensitive route: .github/, the root and docs/', () => {
    const sensitive = compilePathGlobs(defaultPolicy().doc.routes[0]!.paths);
    // docs.github.com, "About code owners": a CODEOWNERS file in the .github/, root, or docs/ directory.
    for (const path of ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']) expect(sensitive(path), path).toBe(true);
  });

  it('keeps the composite actions workflows run (.github/actions/**) on the sensitive route, as it keeps the workflows', () => {
    const sensitive = compilePathGlobs(defaultPolicy().doc.routes[0]!.paths);
    // docs.github.com, "Creating a composite action": a workflow runs one in the repository with `uses: ./.github/actions/NAME`.
    for (const path of ['.github/workflows/ci.yml', '.github/actions/setup/action.yml', '.github/actions/setup/action.yaml', '.github/actions/deploy/run.sh'])
      expect(sensitive(path), path).toBe(true);
  });

  it('refuses a declared weak model that edits a composite action, however many humans approve', () => {
    const haiku = 'Co-Authored-By: Claude Haiku 4.5 <noreply@anthropic.com>';
    const snapshot = pr([agentCommit(['.github/actions/setup/action.yml'], haiku)], { reviews: [review('bob'), review('carol')] });
    const v = evaluate(defaultPolicy(), snapshot, { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations.filter((x) => x.kind === 'tier').map((x) => [x.route, x.files])).toEqual([['sensitive', ['.github/actions/setup/action.yml']]]);
  });

  it('hands out copies, so one caller cannot change the default for another', () => {
    const first = defaultPolicy();
    first.doc.default.require.push('something-else');
    expect(defaultPolicy().doc.default.require).toEqual(['human-review']);
  });
});
