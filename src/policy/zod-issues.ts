/**
 * Turns zod's issues into messages written for someone editing YAML: the key that
 * is wrong, what was found, and what would be accepted.
 */
import type { z } from 'zod';
import type { PolicyIssue } from './issue.js';
import type { PathSegment } from './positions.js';
import { keysAt, proofKindsWithKey } from './schema-walk.js';
import { closest, listValues } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;

/** Zod's own wording; anything else was written in schema.ts and is worth showing. */
const defaultMessage = /^(Invalid|Too (small|big)|Unrecognized key)/;

const recordNouns: Record<string, string> = { tiers: 'tier name', proofs: 'proof name' };

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

/** `paths`, `teams entry`, `proof name`: how to refer to the thing at `path`. */
function noun(path: readonly PathSegment[]): string {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === 'number') return `\`${String(parent ?? 'list')}\` entry`;
  if (last === undefined) return 'policy';
  return `\`${last}\``;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `\`${typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? 'undefined')}\``;
}

const expectedNames: Record<string, string> = {
  object: 'a mapping of keys',
  // `tiers`, `proofs` and `pricing.models`: names chosen by the policy.
  record: 'a mapping of names',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: '`true` or `false`',
};

function hintFor(issue: ZodIssue): string | null {
  return defaultMessage.test(issue.message) ? null : issue.message;
}

function missing(issue: ZodIssue): PolicyIssue {
  const path = issue.path as PathSegment[];
  const key = String(path[path.length - 1]);
  let hint = hintFor(issue);
  if (key === 'version' && path.length === 1) hint = 'add `version: 1` at the top of the file';
  else if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    hint = `set \`${key}\` to one of ${listValues(issue.options)}`;
  } else if (issue.code === 'invalid_type' && hint === null) {
    hint = `set it to ${expectedNames[issue.expected] ?? issue.expected}`;
  }
  return { path, anchor: 'key', message: `missing required key \`${key}\``, hint };
}

function oneOf(value: unknown, values: readonly unknown[]): string {
  const guess = typeof value === 'string' ? closest(value, values.map(String)) : null;
  const valid = `use one of ${listValues(values)}`;
  return guess ? `did you mean \`${guess}\`? ${valid}` : valid;
}

function unknownKeys(issue: ZodIssue & { code: 'unrecognized_keys' }, data: unknown): PolicyIssue[] {
  const path = issue.path as PathSegment[];
  const valid = keysAt(path, data);
  const inProof = path.length === 2 && path[0] === 'proofs';
  return issue.keys.map((key) => {
    const guess = closest(key, valid);
    let hint: string | null;
    const otherKinds = inProof ? proofKindsWithKey(key) : [];
    if (guess) hint = `did you mean \`${guess}\`?`;
    else if (otherKinds.length > 0) hint = `\`${key}\` belongs to ${otherKinds.map((k) => `\`kind: ${k}\``).join(' and ')} proofs`;
    else hint = valid.length > 0 ? `valid keys here: ${listValues(valid)}` : null;
    return { path: [...path, key], anchor: 'key' as const, message: `unknown key \`${key}\``, hint };
  });
}

/** One zod issue as one or more positioned-later policy issues. */
export function fromZodIssue(issue: ZodIssue, data: unknown): PolicyIssue[] {
  const path = issue.path as PathSegment[];
  if (issue.code === 'unrecognized_keys') return unknownKeys(issue, data);

  const value = valueAt(data, path);
  if (value === undefined && issue.code !== 'invalid_key') return [missing(issue)];

  const at = (message: string, hint: string | null, anchor: 'key' | 'value' = 'value'): PolicyIssue[] => [{ path, anchor, message, hint }];

  switch (issue.code) {
    case 'invalid_type':
      return at(`${noun(path)} must be ${expectedNames[issue.expected] ?? issue.expected}, found ${describe(value)}`, hintFor(issue));
    case 'invalid_value':
      if (issue.values.length === 1) {
        const custom = hintFor(issue);
        return at(`${noun(path)} must be ${listValues(issue.values)}, found ${describe(value)}`, custom);
      }
      return at(`${describe(value)} is not a valid ${noun(path)}`, oneOf(value, issue.values));
    case 'invalid_union': {
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : null;
      if (options) return at(`${describe(value)} is not a valid ${noun(path)}`, oneOf(value, options));
      return at(`${noun(path)} has an invalid value`, hintFor(issue));
    }
    case 'too_small':
      if (issue.origin === 'array') {
        return at(`${noun(path)} needs at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`, hintFor(issue));
      }
      if (issue.origin === 'string') return at(`${noun(path)} must not be empty`, hintFor(issue));
      return at(`${noun(path)} must be at least ${issue.minimum}, found ${describe(value)}`, hintFor(issue));
    case 'too_big':
      if (issue.origin === 'array') return at(`${noun(path)} has more than ${issue.maximum} entries`, hintFor(issue));
      return at(`${noun(path)} must be at most ${issue.maximum}, found ${describe(value)}`, hintFor(issue));
    case 'invalid_format':
      return at(`invalid ${noun(path)}: ${JSON.stringify(value)}`, hintFor(issue));
    case 'invalid_key': {
      const parent = path[path.length - 2];
      const what = (typeof parent === 'string' && recordNouns[parent]) || 'key';
      const inner = issue.issues[0]?.message ?? null;
      return at(`invalid ${what} ${JSON.stringify(path[path.length - 1])}`, inner, 'key');
    }
    default:
      return at(issue.message, null);
  }
}
