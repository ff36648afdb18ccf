import { describe, expect, it } from 'vitest';
import { FILE, errorsOf, yaml } from './helpers.js';

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

  it('lists a reference error before a shape error to its right on the same line', () => {
    // Shape errors are found first, references second: only sorting puts them in reading order.
    const text = yaml('version: 1', 'routes: [{ name: a, paths: [x], require: [nope], tierz: 1 }]');
    expect(errorsOf(text).map((e) => e.replace(/^[^:]+:(\d+):(\d+): /, '$1:$2 '))).toEqual([
      '2:43 unknown proof `nope` at routes[0].require[0] (no proofs are defined)',
      '2:50 unknown key `tierz` at routes[0].tierz (did you mean `tiers`?)',
    ]);
  });

  it('hides the shape errors of the section it breaks, not only its references', () => {
    const text = yaml('version: 1', 'proofs:', '  a: { kind: review, count: 0 }', '  b: { kind: review }', '  b: { kind: review }', 'routes: 3');
    expect(errorsOf(text).map((e) => e.replace(/^[^:]+:(\d+):(\d+): /, '$1:$2 '))).toEqual([
      '5:3 YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)',
      '6:9 `routes` must be a list, found the number 3 at routes',
    ]);
  });

  it('does not report a section as missing: the text it cannot read may hold it', () => {
    const text = yaml('proofs:', '  b: { kind: review }', '  b: { kind: review }', 'routes: 3');
    expect(errorsOf(text).map((e) => e.replace(/^[^:]+:(\d+):(\d+): /, '$1:$2 '))).toEqual([
      '3:3 YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)',
      '4:9 `routes` must be a list, found the number 3 at routes',
    ]);
    // Without the syntax error the missing version is reported.
    expect(errorsOf(yaml('proofs:', '  b: { kind: review }', 'routes: 3'))[0]).toMatch(/missing required key `version`/);
  });

  it('breaks a repeated top-level section: a name it defines is not called unknown', () => {
    // The second `tiers` replaces the first when read, so `fast` looks undefined; the
    // repeated key is the syntax error to fix, and the reference is not reported.
    const text = yaml(
      'version: 1',
      'tiers:',
      '  fast: ["*-mini"]',
      'routes:',
      '  - name: a',
      '    paths: ["src/**"]',
      '    tiers: [fast]',
      'budgets:',
      '  maxRetries: 1',
      'tiers:',
      '  strong: ["*-opus"]',
    );
    expect(errorsOf(text)).toEqual([`${FILE}:10:1: YAML syntax error: Map keys must be unique (each key may appear only once in a mapping)`]);
  });

  it('breaks the section an unclosed flow mapping opens at the end of the file, and only that one', () => {
    const text = yaml('version: 1', 'routes: 3', 'proofs: { a: { kind: review }');
    expect(errorsOf(text).map((e) => e.replace(/^[^:]+:(\d+):(\d+): /, '$1:$2 '))).toEqual([
      '2:9 `routes` must be a list, found the number 3 at routes',
      '4:1 YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } (check the indentation of this line against the one above)',
    ]);
  });

  it('reports only the syntax error when the document is a broken single value', () => {
    expect(errorsOf("'version: 1\n")).toEqual([`${FILE}:2:1: YAML syntax error: Missing closing 'quote`]);
    expect(errorsOf(']\n')).toEqual([`${FILE}:1:1: YAML syntax error: Unexpected flow-seq-end token in YAML document: "]"`]);
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
