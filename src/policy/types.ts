import type { PolicyDocument } from './schema.js';

export type PolicyOrigin = 'base-branch' | 'organization' | 'file' | 'default';

export interface PolicySource {
  /** The file it was read from (`.github/proofgate.yml`), or `(built-in default)`. */
  path: string;
  origin: PolicyOrigin;
  /** The commit the policy was read at, when read from git. */
  ref: string | null;
  /** sha256 of the policy text, hex. */
  digest: string;
}

export interface Policy {
  source: PolicySource;
  doc: PolicyDocument;
}

/** One problem in a policy file, positioned for an editor and a check-run annotation. */
export interface PolicyError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the document, as a YAML path: `routes[2].require[0]`. */
  path: string;
  message: string;
  /** What to do about it. */
  hint: string | null;
}

export type PolicyLoadResult = { ok: true; policy: Policy } | { ok: false; source: PolicySource; errors: PolicyError[] };

/** `file:line:col: message (hint)`, the one-line form the CLI and logs print. */
export function formatPolicyError(e: PolicyError): string {
  const where = e.path ? ` at ${e.path}` : '';
  const hint = e.hint ? ` (${e.hint})` : '';
  return `${e.file}:${e.line}:${e.column}: ${e.message}${where}${hint}`;
}
