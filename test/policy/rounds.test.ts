import { describe, expect, it } from 'vitest';
import { errorsOf, yaml } from './helpers.js';

describe('syntax, shape and reference errors in one report', () => {
  it('checks the references of a route that also has an unknown key', () => {
    const text = yaml('version: 1', 'proofs:', '  t: { kind: check }', 'routes:', '  - name: a', '    paths: [x]', '    require: [nope]', '    tierz: [y]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/:3:3: missing required key `name` at proofs\.t\.name/);
    expect(errors[1]).toMatch(/:7:15: unknown proof `nope` at routes\[0\]\.require\[0\]/);
    expect(errors[2]).toMatch(/:8:5: unknown key `tierz` at routes\[0\]\.tierz/);
  });

  it('checks the default route field by field too', () => {
    const text = yaml('version: 1', 'default:', '  require: [nope]', '  appliesto: all');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.replace(/^[^:]+:(\d+):\d+: /, '$1 '))).toEqual([
      expect.stringMatching(/^3 unknown proof `nope`/),
      expect.stringMatching(/^4 unknown key `appliesto`/),
    ]);
  });

  it('reports the shape and reference errors of the sections a syntax error does not touch', () => {
    const text = yaml(
      'version: 1',
      'proofs:',
      '  tests: { kind: check, name: tests }',
      '  tests: { kind: check, name: tests2 }',
      'routes:',
      '  - name: a',
      '    paths: [x]',
      '    require: [tset]',
      '    tierz: [y]',
    );
    const errors = errorsOf(text);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/:4:3: YAML syntax error: Map keys must be unique/);
    // `require` points into the broken `proofs` section: not reported, `tests` may be defined there.
    expect(errors[1]).toMatch(/:9:5: unknown key `tierz`/);
  });

  it('reports references too when the syntax error is elsewhere', () => {
    const text = yaml(
      'version: 1',
      'version: 1',
      'proofs:',
      '  tests: { kind: check, name: tests }',
      'routes:',
      '  - name: a',
      '    paths: [x]',
      '    require: [tset]',
    );
    const errors = errorsOf(text);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/:2:1: YAML syntax error/);
    expect(errors[1]).toMatch(/:8:15: unknown proof `tset`/);
  });

  it('stops at the syntax errors when one lies outside every section', () => {
    const text = yaml('version: 1', 'proofs:', '\tt: {kind: check}', 'routes: [', '');
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.includes('YAML syntax error'))).toBe(true);
  });
});

describe('what a syntax error hides, and what it does not', () => {
  it('hides references into tiers when the tiers section is broken, and only those', () => {
    const text = yaml(
      'version: 1',
      'tiers:',
      '  fast: ["*-mini"]',
      '  fast: ["*-nano"]',
      'proofs:',
      '  r: { kind: review }',
      'routes:',
      '  - name: a',
      '    paths: ["src/**"]',
      '    tiers: [strong]',
      '    require: [rr]',
      'budgets:',
      '  escalateTo: strong',
      'attribution:',
      '  unknownModel: strong',
    );
    expect(errorsOf(text).map((e) => e.replace(/^[^:]+:(\d+):(\d+): /, '$1:$2 '))).toEqual([
      '4:3 YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)',
      '11:15 unknown proof `rr` at routes[0].require[0] (did you mean `r`?)',
    ]);
  });

  it('hides errors of the section it breaks', () => {
    const text = yaml('version: 1', 'proofs:', '  r: { kind: review, count: 0 }', '  r: { kind: review }', 'routes: 3');
    expect(errorsOf(text).map((e) => e.replace(/^[^:]+:(\d+):(\d+): /, '$1:$2 '))).toEqual([
      '4:3 YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)',
      '5:9 `routes` must be a list, found the number 3 at routes',
    ]);
  });

  it('lists errors on one line by column', () => {
    const text = yaml('version: 1', 'proofs:', '  c: { kind: check, name: ci, source: x, conclusions: [y] }');
    expect(errorsOf(text).map((e) => e.split(' ')[0])).toEqual(['.github/proofgate.yml:3:39:', '.github/proofgate.yml:3:56:']);
  });
});

describe('the size limit', () => {
  it('refuses a policy over 256 KiB before reading it, whatever it holds', () => {
    const text = `version: 1\n# ${'x'.repeat(256 * 1024)}\n`;
    expect(errorsOf(text)).toEqual([
      '.github/proofgate.yml:1:1: policy file is 256 KiB; the limit is 256 KiB (a policy needs a few kilobytes: remove generated or repeated entries)',
    ]);
    expect(errorsOf(`version: 1\n# ${'x'.repeat(1000)}\n`)).toEqual([]);
  });
});
