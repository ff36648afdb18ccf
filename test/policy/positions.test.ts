/** Every policy error points where the user must edit (src/policy/positions.ts). */
import { expect, it } from 'vitest';
import { formatPath } from '../../src/policy/positions.js';
import { errorsOf, FILE, yaml } from './helpers.js';

it('follows an alias to the entry it repeats', () => {
  const text = yaml(
    'version: 1',
    'proofs:',
    '  r: { kind: review }',
    'routes:',
    '  - &code',
    '    name: code',
    '    paths: ["src/**"]',
    '    require: [nope]',
    '  - *code',
  );
  expect(errorsOf(text)).toEqual([
    `${FILE}:6:11: duplicate route name \`code\` at routes[1].name (routes[0] already uses it; route names must be unique)`,
    `${FILE}:8:15: unknown proof \`nope\` at routes[0].require[0] (valid proofs: \`r\`)`,
    `${FILE}:8:15: unknown proof \`nope\` at routes[1].require[0] (valid proofs: \`r\`)`,
  ]);
});

it('points at the key when its value is empty, and at the entry when a key is missing', () => {
  expect(errorsOf(yaml('version: 1', 'routes:', '  - name:', '    paths: ["src/**"]'))).toEqual([
    `${FILE}:3:5: \`name\` must be a string, found nothing at routes[0].name`,
  ]);
  expect(errorsOf(yaml('version: 1', 'routes:', '  - name: a', '    paths:'))).toEqual([
    `${FILE}:4:5: \`paths\` must be a list, found nothing at routes[0].paths`,
  ]);
  expect(errorsOf(yaml('version: 1', 'routes:', '  - paths: ["src/**"]'))).toEqual([
    `${FILE}:3:5: missing required key \`name\` at routes[0].name (set it to a string)`,
  ]);
});

it('points at a value inside a flow mapping, and at a key that is not a plain scalar', () => {
  expect(errorsOf(yaml('version: 1', 'budgets: { maxRetries: x }'))).toEqual([
    `${FILE}:2:24: \`maxRetries\` must be a number, found the string "x" at budgets.maxRetries`,
  ]);
  expect(errorsOf(yaml('version: 1', 'proofs:', '  ? [a, b]', '  : { kind: review }'))).toEqual([
    `${FILE}:3:5: invalid proof name "[ a, b ]" at proofs["[ a, b ]"] (use letters, digits, ".", "_" or "-", starting with a letter or digit)`,
  ]);
  expect(errorsOf(yaml('version: 1', 'proofs:', '  ? { a: b }', '  : { kind: review }'))).toEqual([
    `${FILE}:3:5: invalid proof name "{ a: b }" at proofs["{ a: b }"] (use letters, digits, ".", "_" or "-", starting with a letter or digit)`,
  ]);
});

it('refuses an entry whose key is an alias at that key, and finds an empty key', () => {
  expect(errorsOf(yaml('version: 1', 'x: &k fast', 'tiers:', '  *k : ["["]'))).toEqual([
    `${FILE}:4:3: a key may not be an alias (\`*k\`) (write the key itself: an alias key would replace the key it names)`,
  ]);
  expect(errorsOf(yaml('version: 1', ': x'))).toEqual([
    `${FILE}:2:3: unknown key \`\` at [""] (valid keys here: \`version\`, \`tiers\`, \`proofs\`, \`routes\`, \`default\`, \`budgets\`, \`pricing\`, \`attribution\`)`,
  ]);
});

it('points at a null written out, and at a key that has no value at all', () => {
  expect(errorsOf(yaml('version: 1', 'routes:', '  - name: ~', '    paths: ["src/**"]'))).toEqual([
    `${FILE}:3:11: \`name\` must be a string, found nothing at routes[0].name`,
  ]);
  expect(errorsOf(yaml('version: 1', '? proofs'))).toEqual([`${FILE}:2:3: \`proofs\` must be a mapping of names, found nothing at proofs`]);
});

it('writes a path as YAML keys and indices, quoting keys that are not plain words', () => {
  expect(formatPath(['routes', 2, 'require', 0])).toBe('routes[2].require[0]');
  expect(formatPath(['tiers', 'my tier', 1])).toBe('tiers["my tier"][1]');
  expect(formatPath([])).toBe('');
});
