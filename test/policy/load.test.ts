import { describe, expect, it } from 'vitest';
import { loadPolicy, policyDigest } from '../../src/policy/load.js';
import { FILE, errorsOf, load, yaml } from './helpers.js';

describe('loadPolicy: YAML syntax', () => {
  it('reports an unclosed flow list where the parser gives up on it', () => {
    const text = yaml('version: 1', 'routes:', '  - name: docs', '    paths: ["docs/**"', '    require: []');
    expect(errorsOf(text)).toEqual([
      `${FILE}:5:5: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (check the indentation of this line against the one above)`,
    ]);
  });

  it('reports a duplicate key at the second occurrence', () => {
    expect(errorsOf(yaml('version: 1', 'tiers: {}', 'tiers: {}'))).toEqual([
      `${FILE}:3:1: YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)`,
    ]);
  });

  it('reports keys that differ in YAML but are one key once read (`1` and `"1"`, `true` and `"true"`), so one cannot silently replace the other', () => {
    const proofs = (a: string, b: string) => yaml('version: 1', 'proofs:', `  ${a}: { kind: review, count: 2 }`, `  ${b}: { kind: review, count: 1 }`);
    for (const [a, b] of [
      ['1', '"1"'],
      ["'7'", '0x7'],
      ['true', '"true"'],
      ['~', '""'],
    ]) {
      expect(errorsOf(proofs(a!, b!)), `${a} and ${b}`).toEqual([
        `${FILE}:4:3: YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)`,
      ]);
    }
  });

  it('reports a tab used for indentation', () => {
    const [first] = errorsOf('version: 1\ndefault:\n\trequire: []\n');
    expect(first).toMatch(/^\.github\/proofgate\.yml:3:1: YAML syntax error: /);
  });
});

describe('loadPolicy: document shape', () => {
  it('rejects an empty file', () => {
    expect(errorsOf('')).toEqual([`${FILE}:1:1: the policy file is empty (start with \`version: 1\`; policies/minimal.yml is a small example)`]);
    expect(errorsOf('# nothing but a comment\n')).toHaveLength(1);
  });

  it('rejects a root that is not a mapping', () => {
    expect(errorsOf('\n- version: 1\n')).toEqual([
      `${FILE}:2:1: the policy must be a mapping of keys (\`version\`, \`tiers\`, \`proofs\`, \`routes\`, …), found a list (start with \`version: 1\`)`,
    ]);
  });

  it('requires `version`, pointing at the top of the mapping', () => {
    expect(errorsOf(yaml('# my policy', 'routes: []'))).toEqual([
      `${FILE}:2:1: missing required key \`version\` at version (add \`version: 1\` at the top of the file)`,
    ]);
  });

  it('rejects another version at its value', () => {
    expect(errorsOf(yaml('version: 2'))).toEqual([`${FILE}:1:10: \`version\` must be \`1\`, found the number 2 at version`]);
  });
});

describe('loadPolicy: unknown keys', () => {
  it('points at a misspelt key inside a route and suggests the right one', () => {
    const text = yaml('version: 1', 'proofs:', '  ci: { kind: check, name: ci }', 'routes:', '  - name: docs', '    paths: ["docs/**"]', '    requires: [ci]');
    expect(errorsOf(text)).toEqual([`${FILE}:7:5: unknown key \`requires\` at routes[0].requires (did you mean \`require\`?)`]);
  });

  it('points at a misspelt top-level key', () => {
    expect(errorsOf(yaml('version: 1', 'teirs:', '  fast: ["*-mini"]'))).toEqual([`${FILE}:2:1: unknown key \`teirs\` at teirs (did you mean \`tiers\`?)`]);
  });

  it('lists the valid keys when nothing is close', () => {
    expect(errorsOf(yaml('version: 1', 'budgets:', '  whatever: 3'))).toEqual([
      `${FILE}:3:3: unknown key \`whatever\` at budgets.whatever (valid keys here: \`maxRetries\`, \`maxFailedValidations\`, \`maxCostUsd\`, \`maxTokens\`, \`escalateTo\`, \`message\`)`,
    ]);
  });

  it('says which proof kind a key belongs to', () => {
    const text = yaml('version: 1', 'proofs:', '  ci:', '    kind: check', '    name: ci', '    count: 2');
    expect(errorsOf(text)).toEqual([`${FILE}:6:5: unknown key \`count\` at proofs.ci.count (\`count\` belongs to \`kind: review\` proofs)`]);
  });

  it('reports each unknown key of one mapping at its own line', () => {
    const text = yaml('version: 1', 'attribution:', '  unkownModel: deny', '  unatributed: human');
    expect(errorsOf(text)).toEqual([
      `${FILE}:3:3: unknown key \`unkownModel\` at attribution.unkownModel (did you mean \`unknownModel\`?)`,
      `${FILE}:4:3: unknown key \`unatributed\` at attribution.unatributed (did you mean \`unattributed\`?)`,
    ]);
  });
});

describe('loadPolicy: wrong values', () => {
  it('lists the valid values of an enum and guesses the intended one', () => {
    const text = yaml('version: 1', 'proofs:', '  ci:', '    kind: check', '    name: ci', '    source: checkrun');
    expect(errorsOf(text)).toEqual([
      `${FILE}:6:13: the string "checkrun" is not a valid \`source\` at proofs.ci.source (did you mean \`check-run\`? use one of \`any\`, \`check-run\`, \`status\`)`,
    ]);
  });

  it('rejects an unknown proof kind at the value', () => {
    expect(errorsOf(yaml('version: 1', 'proofs:', '  ci: { kind: approval }'))).toEqual([
      `${FILE}:3:15: the string "approval" is not a valid \`kind\` at proofs.ci.kind (use one of \`check\`, \`review\`, \`ledger\`)`,
    ]);
  });

  it('rejects a proof without a kind at the proof', () => {
    expect(errorsOf(yaml('version: 1', 'proofs:', '  ci:', '    name: ci'))).toEqual([
      `${FILE}:3:3: missing required key \`kind\` at proofs.ci.kind (set \`kind\` to one of \`check\`, \`review\`, \`ledger\`)`,
    ]);
  });

  it('refuses a ledger proof that does not say it is self-reported', () => {
    const text = yaml('version: 1', 'proofs:', '  ran-tests:', '    kind: ledger', '    validation: "npm test"');
    expect(errorsOf(text)).toEqual([
      `${FILE}:3:3: missing required key \`trust\` at proofs.ran-tests.trust (a ledger validation is self-reported by the agent; set \`trust: self-reported\` to accept it)`,
    ]);
    const trusted = yaml('version: 1', 'proofs:', '  ran-tests:', '    kind: ledger', '    validation: "npm test"', '    trust: verified');
    expect(errorsOf(trusted)).toEqual([
      `${FILE}:6:12: \`trust\` must be \`self-reported\`, found the string "verified" at proofs.ran-tests.trust (a ledger validation is self-reported by the agent; set \`trust: self-reported\` to accept it)`,
    ]);
  });

  it('rejects an empty path list, a wrong type, a bad number and a bad team', () => {
    const text = yaml(
      'version: 1',
      'proofs:',
      '  review:',
      '    kind: review',
      '    count: 0',
      '    teams: [security]',
      'routes:',
      '  - name: docs',
      '    paths: []',
      '  - name: api',
      '    paths: "src/api/**"',
    );
    expect(errorsOf(text)).toEqual([
      `${FILE}:5:12: \`count\` must be at least 1, found the number 0 at proofs.review.count`,
      `${FILE}:6:13: invalid \`teams\` entry: "security" at proofs.review.teams[0] (write teams as org/team-slug)`,
      `${FILE}:9:12: \`paths\` needs at least 1 entry at routes[0].paths`,
      `${FILE}:11:12: \`paths\` must be a list, found the string "src/api/**" at routes[1].paths`,
    ]);
  });

  it('reports a route without a name at the route', () => {
    expect(errorsOf(yaml('version: 1', 'routes:', '  - paths: ["**"]'))).toEqual([
      `${FILE}:3:5: missing required key \`name\` at routes[0].name (set it to a string)`,
    ]);
  });

  it('rejects a tier name with a space at the key', () => {
    expect(errorsOf(yaml('version: 1', 'tiers:', '  "very fast": ["*-mini"]'))).toEqual([
      `${FILE}:3:3: invalid tier name "very fast" at tiers["very fast"] (use letters, digits, ".", "_" or "-", starting with a letter or digit)`,
    ]);
  });
});

describe('loadPolicy: result', () => {
  it('fills defaults and records the source with a sha256 digest of the text', () => {
    const text = yaml('version: 1');
    const result = loadPolicy(text, { path: FILE, origin: 'base-branch', ref: 'abc123' });
    expect(result).toEqual({
      ok: true,
      policy: {
        source: { path: FILE, origin: 'base-branch', ref: 'abc123', digest: policyDigest(text) },
        doc: {
          version: 1,
          tiers: {},
          proofs: {},
          routes: [],
          default: { require: [], appliesTo: 'agent' },
          budgets: {},
          attribution: { unknownModel: 'deny', unattributed: 'human' },
        },
      },
    });
    // `printf 'version: 1\n' | sha256sum`
    expect(policyDigest(text)).toBe('09bfcc6a14b83e2192b8673677725c84883ee9cd0c70e45c9ec09daa8f2b2847');
  });

  it('keeps the source (and its digest) on failure so a receipt can name the broken policy', () => {
    const result = loadPolicy('version: 3\n', { path: FILE, origin: 'organization', ref: null });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.source).toEqual({ path: FILE, origin: 'organization', ref: null, digest: policyDigest('version: 3\n') });
  });

  it('keeps the source (and its digest) when refusing a policy over the size limit', () => {
    const text = `version: 1\n# ${'x'.repeat(256 * 1024)}\n`;
    const result = loadPolicy(text, { path: FILE, origin: 'base-branch', ref: 'abc123' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.source).toEqual({ path: FILE, origin: 'base-branch', ref: 'abc123', digest: policyDigest(text) });
  });

  it('refuses aliases that expand without bound with a clear error, not an exception', () => {
    // Ten aliases of ten aliases of ten lists: a small file that would expand to thousands of values.
    const text = yaml(
      'version: 1',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    );
    expect(errorsOf(text)).toEqual([`${FILE}:1:1: the YAML could not be read: Excessive alias count indicates a resource exhaustion attack`]);
  });

  it('refuses an alias as a key, which would silently replace the key it names', () => {
    const text = yaml(
      'version: 1',
      'tiers:',
      '  &k strong: ["**/claude-opus-*"]',
      '  *k : ["**/*"]',
      'routes:',
      '  - name: auth',
      '    paths: ["src/auth/**"]',
      '    tiers: [strong]',
    );
    expect(errorsOf(text)).toEqual([`${FILE}:4:3: a key may not be an alias (\`*k\`) (write the key itself: an alias key would replace the key it names)`]);
  });

  it('refuses a merge key (`<<`), which YAML 1.1 reads with the keys written beside it winning whatever their place', () => {
    // `require: []` before `<<: *strict` reads as strict's proofs overriding it; YAML 1.1 keeps `require: []`.
    const routes = ['routes:', '  - name: a', '    paths: ["src/**"]', '    require: []', '    <<: *strict'];
    const head = ['version: 1', 'proofs:', '  r: { kind: review }', 'x-strict: &strict { require: [r] }'];
    expect(errorsOf(yaml('%YAML 1.1', '---', ...head, ...routes))).toContain(
      `${FILE}:11:5: a merge key (\`<<\`) is not read (write the keys it would bring in, in this mapping)`,
    );
    // In YAML 1.2, the default, `<<` is a plain key and no key of a route.
    expect(errorsOf(yaml(...head, ...routes))).toContain(
      `${FILE}:9:5: unknown key \`<<\` at routes[0]["<<"] (valid keys here: \`name\`, \`description\`, \`paths\`, \`tiers\`, \`agents\`, \`require\`, \`appliesTo\`)`,
    );
  });

  it('follows YAML anchors and aliases', () => {
    const policy = load(
      yaml(
        'version: 1',
        'proofs:',
        '  ci: { kind: check, name: ci }',
        'routes:',
        '  - name: a',
        '    paths: &code ["src/**"]',
        '    require: [ci]',
        '  - name: b',
        '    paths: *code',
      ),
    );
    expect(policy.doc.routes[1]?.paths).toEqual(['src/**']);
  });
});
