import { describe, expect, it } from 'vitest';
import { errorsOf, yaml } from './helpers.js';

describe('one report lists shape and reference errors together', () => {
  it('reports an unknown key in one route and an unknown proof in another', () => {
    const text = yaml(
      'version: 1',
      'proofs:',
      '  tests: { kind: check, name: tests }',
      '  review: { kind: review, cuont: 2 }',
      'routes:',
      '  - name: docs',
      '    paths: ["docs/**"]',
      '    requires: [tests]',
      '  - name: src',
      '    paths: ["src/**"]',
      '    require: [tset, review]',
    );
    const errors = errorsOf(text);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^\.github\/proofgate\.yml:4:27: unknown key `cuont`/);
    expect(errors[1]).toMatch(/^\.github\/proofgate\.yml:8:5: .*requires/);
    expect(errors[2]).toMatch(/^\.github\/proofgate\.yml:11:15: unknown proof `tset`/);
  });

  it('does not call a name unknown when its own definition is the broken part', () => {
    const text = yaml('version: 1', 'proofs:', '  review: { kind: reveiw }', 'routes:', '  - name: all', '    paths: ["**"]', '    require: [review]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/:3:/);
  });

  it('skips reference checks when a whole section is unreadable', () => {
    const text = yaml('version: 1', 'tiers: fast', 'routes:', '  - name: all', '    paths: ["**"]', '    tiers: [fast]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/:2:8: /);
  });
});
