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

  it('skips references to proofs when the proofs section is not a mapping', () => {
    // `tests` may be what the list meant to define: calling it unknown would mislead.
    const text = yaml('version: 1', 'proofs: [tests]', 'routes:', '  - name: all', '    paths: ["**"]', '    require: [tests]');
    expect(errorsOf(text)).toEqual(['.github/proofgate.yml:2:9: `proofs` must be a mapping of names, found a list at proofs']);
  });

  it('checks references against an empty section, which defines no names', () => {
    const text = yaml('version: 1', 'proofs:', 'routes:', '  - name: all', '    paths: ["**"]', '    require: [tests]');
    expect(errorsOf(text)).toEqual([
      '.github/proofgate.yml:2:1: `proofs` must be a mapping of names, found nothing at proofs',
      '.github/proofgate.yml:6:15: unknown proof `tests` at routes[0].require[0] (no proofs are defined)',
    ]);
  });

  it('reports an empty route entry at its line, and still checks the other routes', () => {
    const text = yaml('version: 1', 'routes:', '  -', '  - name: all', '    paths: ["**"]', '    require: [tests]');
    expect(errorsOf(text)).toEqual([
      '.github/proofgate.yml:3:4: `routes` entry must be a mapping of keys, found nothing at routes[0]',
      '.github/proofgate.yml:6:15: unknown proof `tests` at routes[1].require[0] (no proofs are defined)',
    ]);
  });
});

describe('a route or section with a shape error still has its references checked', () => {
  const header = ['version: 1', 'tiers:', '  strong: ["claude-opus-*"]', 'proofs:', '  review: { kind: review }'];
  const messages = (...lines: string[]) => errorsOf(yaml(...header, ...lines)).map((e) => e.replace(/^[^:]+:\d+:\d+: /, ''));

  it('checks the tiers, agents, proofs, name and globs of a route with an unknown key', () => {
    expect(
      messages(
        'routes:',
        '  - name: a',
        '    paths: ["src/**"]',
        '  - name: a',
        '    paths: ["/lib/**"]',
        '    tiers: [stong]',
        '    agents: [claud-code]',
        '    require: [reveiw]',
        '    colour: red',
      ),
    ).toEqual([
      'duplicate route name `a` at routes[1].name (routes[0] already uses it; route names must be unique)',
      'glob "/lib/**" never matches: paths are relative to the repository root at routes[1].paths[0] (write "lib/**")',
      'unknown tier `stong` at routes[1].tiers[0] (did you mean `strong`?)',
      'unknown agent `claud-code` at routes[1].agents[0] (did you mean `claude-code`?)',
      'unknown proof `reveiw` at routes[1].require[0] (did you mean `review`?)',
      'unknown key `colour` at routes[1].colour (valid keys here: `name`, `description`, `paths`, `tiers`, `agents`, `require`, `appliesTo`)',
    ]);
  });

  it('reports nothing about the stand-ins for broken names, paths or lists', () => {
    expect(messages('routes:', '  - name: "bad name"', '    paths: 3', '  - name: "also bad"', '    paths: ["src/**"]', '    require: oops')).toEqual([
      'invalid `name`: "bad name" at routes[0].name (use letters, digits, ".", "_" or "-", starting with a letter or digit)',
      '`paths` must be a list, found the number 3 at routes[0].paths',
      'invalid `name`: "also bad" at routes[1].name (use letters, digits, ".", "_" or "-", starting with a letter or digit)',
      '`require` must be a list, found the string "oops" at routes[1].require',
    ]);
  });

  it('checks the default route beside its own shape errors', () => {
    expect(messages('default:', '  tiers: [stong]', '  agents: [claud-code]', '  colour: red')).toEqual([
      'unknown tier `stong` at default.tiers[0] (did you mean `strong`?)',
      'unknown agent `claud-code` at default.agents[0] (did you mean `claude-code`?)',
      'unknown key `colour` at default.colour (valid keys here: `tiers`, `agents`, `require`, `appliesTo`)',
    ]);
    expect(messages('default:', '  require: oops', '  colour: red')).toHaveLength(2);
  });

  it('checks the escalation tier and the unknown-model choice beside a shape error elsewhere', () => {
    expect(messages('routes: 3', 'budgets:', '  escalateTo: stong', 'attribution:', '  unknownModel: stong')).toEqual([
      '`routes` must be a list, found the number 3 at routes',
      'unknown tier `stong` at budgets.escalateTo (did you mean `strong`?)',
      '`unknownModel` must be `deny`, `allow`, a tier name or `{ require: [proof, …] }`, found `stong` at attribution.unknownModel (did you mean `strong`?)',
    ]);
    expect(messages('routes: 3', 'attribution:', '  unknownModel: { require: [reveiw] }')).toEqual([
      '`routes` must be a list, found the number 3 at routes',
      'unknown proof `reveiw` at attribution.unknownModel.require[0] (did you mean `review`?)',
    ]);
  });

  it('checks the globs of valid tiers, and nothing of a broken tier or attribution section', () => {
    expect(
      errorsOf(yaml('version: 1', 'tiers:', '  fast: ["*-mini", "[z-a]"]', '  odd: 3', 'attribution:', '  unknownModel: 5', 'routes: 7')).map((e) =>
        e.replace(/^[^:]+:\d+:\d+: /, ''),
      ),
    ).toEqual([
      expect.stringMatching(/^glob "\[z-a\]" does not compile: .* at tiers\.fast\[1\]/),
      '`odd` must be a list, found the number 3 at tiers.odd',
      expect.stringMatching(/at attribution\.unknownModel/),
      '`routes` must be a list, found the number 7 at routes',
    ]);
  });
});
