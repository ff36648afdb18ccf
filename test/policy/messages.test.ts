/**
 * What a user reads for each kind of wrong value (docs/policy.md, "Errors"):
 * the key, what was found, and what would be accepted.
 */
import { expect, it } from 'vitest';
import { errorsOf, yaml } from './helpers.js';

const message = (...lines: string[]) => errorsOf(yaml(...lines)).map((e) => e.replace(/^[^:]+:\d+:\d+: /, ''));

it.each<[string[], string[]]>([
  [['proofs:', '  r: { kind: review, count: 25 }'], ['`count` must be at most 20, found the number 25 at proofs.r.count']],
  [['proofs:', '  r: { kind: review, count: 0 }'], ['`count` must be at least 1, found the number 0 at proofs.r.count']],
  [['proofs:', '  r: { kind: review, count: 1.5 }'], ['`count` must be a whole number, found the number 1.5 at proofs.r.count']],
  [['proofs:', '  r: { kind: review, count: true }'], ['`count` must be a number, found `true` at proofs.r.count']],
  [['proofs:', '  r: { kind: review, count: null }'], ['`count` must be a number, found nothing at proofs.r.count']],
  [['proofs:', '  r: { kind: review, users: [""] }'], ['`users` entry must not be empty at proofs.r.users[0]']],
  [['proofs:', '  c: { kind: check, name: "" }'], ['`name` must not be empty at proofs.c.name']],
  [
    ['proofs:', '  c: { kind: check, name: ci, source: checkrun }'],
    ['the string "checkrun" is not a valid `source` at proofs.c.source (did you mean `check-run`? use one of `any`, `check-run`, `status`)'],
  ],
  [
    ['proofs:', '  c: { kind: check, name: ci, source: 5 }'],
    ['the number 5 is not a valid `source` at proofs.c.source (use one of `any`, `check-run`, `status`)'],
  ],
  [['proofs:', '  c: { kind: check }'], ['missing required key `name` at proofs.c.name (set it to a string)']],
  [['proofs:', '  c: { name: ci }'], ['missing required key `kind` at proofs.c.kind (set `kind` to one of `check`, `review`, `ledger`)']],
  [
    ['proofs:', '  c: { kind: reveiw }'],
    ['the string "reveiw" is not a valid `kind` at proofs.c.kind (did you mean `review`? use one of `check`, `review`, `ledger`)'],
  ],
  [['proofs:', '  c: { kind: check, name: ci, count: 2 }'], ['unknown key `count` at proofs.c.count (`count` belongs to `kind: review` proofs)']],
  [
    ['proofs:', '  l: { kind: ledger, validation: unit, trust: yes }'],
    [
      '`trust` must be `self-reported`, found the string "yes" at proofs.l.trust (a ledger validation is self-reported by the agent; set `trust: self-reported` to accept it)',
    ],
  ],
  [
    ['proofs:', '  "bad name": { kind: review }'],
    ['invalid proof name "bad name" at proofs["bad name"] (use letters, digits, ".", "_" or "-", starting with a letter or digit)'],
  ],
  [['tiers:', '  fast: []'], ['`fast` needs at least 1 entry at tiers.fast']],
  [
    ['tiers:', '  "bad name": ["x"]'],
    ['invalid tier name "bad name" at tiers["bad name"] (use letters, digits, ".", "_" or "-", starting with a letter or digit)'],
  ],
  [['routes: { a: 1 }'], ['`routes` must be a list, found a mapping at routes']],
  [['default: [1]'], ['`default` must be a mapping of keys, found a list at default']],
  [['proofs: [tests]'], ['`proofs` must be a mapping of names, found a list at proofs']],
  [['tiers: fast'], ['`tiers` must be a mapping of names, found the string "fast" at tiers']],
  [['routes:', '  - { paths: ["**"] }'], ['missing required key `name` at routes[0].name (set it to a string)']],
  [
    ['routes:', '  - { name: a, paths: ["**"], users: [x] }'],
    ['unknown key `users` at routes[0].users (valid keys here: `name`, `description`, `paths`, `tiers`, `agents`, `require`, `appliesTo`)'],
  ],
  [['attribution:', '  unknownModel: { require: [] }'], ['`require` needs at least 1 entry at attribution.unknownModel.require']],
  [
    ['attribution:', '  unknownModel: [strong]'],
    ['`unknownModel` has an invalid value at attribution.unknownModel (use `deny`, `allow`, a tier name or `{ require: [proof, …] }`)'],
  ],
  [['attribution:', '  unknownModel: { require: [r], proofs: [s] }'], ['unknown key `proofs` at attribution.unknownModel.proofs (valid keys here: `require`)']],
  [
    ['pricing:', '  date: "2026-11-01"', '  source: x', '  models:', '    "": { input: 1, output: 2 }'],
    ['invalid key "" at pricing.models[""] (write the model id, as in `tiers`)'],
  ],
  [['budgets:', '  maxCostUsd: -1'], ['`maxCostUsd` must be at least 0, found the number -1 at budgets.maxCostUsd']],
  [
    ['pricing:', '  date: "2026-1-1"', '  source: x', '  models: {}'],
    ['invalid `date`: "2026-1-1" at pricing.date (write the date the prices were read as YYYY-MM-DD)'],
  ],
])('%j', (lines, expected) => {
  expect(message('version: 1', ...lines)).toEqual(expected);
});

it('says how to start a policy without a version, and which version is valid', () => {
  expect(message('tiers: {}')).toEqual(['missing required key `version` at version (add `version: 1` at the top of the file)']);
  expect(message('version: 2')).toEqual(['`version` must be `1`, found the number 2 at version']);
});
