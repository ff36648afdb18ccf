import { loadPolicy } from '../../src/policy/load.js';
import { formatPolicyError } from '../../src/policy/types.js';
import type { Policy } from '../../src/policy/types.js';

export const FILE = '.github/proofgate.yml';

/** The `file:line:col: message` lines a user sees for `text`; [] when it is valid. */
export function errorsOf(text: string): string[] {
  const result = loadPolicy(text, { path: FILE, origin: 'file', ref: null });
  return result.ok ? [] : result.errors.map(formatPolicyError);
}

export function load(text: string): Policy {
  const result = loadPolicy(text, { path: FILE, origin: 'file', ref: null });
  if (!result.ok) throw new Error(result.errors.map(formatPolicyError).join('\n'));
  return result.policy;
}

/** Joins lines so a test reads like the YAML file it describes. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
