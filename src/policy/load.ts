/**
 * Reads a policy from YAML text: syntax, then shape (zod), then references. Every
 * problem comes back as data with a file:line:col, never as an exception.
 */
import { createHash } from 'node:crypto';
import { AGENTS } from '../attribution/agents.js';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Node } from 'yaml';
import type { PolicyIssue } from './issue.js';
import { Locator, formatPath } from './positions.js';
import { salvage } from './salvage.js';
import { policySchema } from './schema.js';
import { semanticIssues } from './semantic.js';
import type { SemanticOptions } from './semantic.js';
import type { PolicyError, PolicyLoadResult, PolicyOrigin, PolicySource } from './types.js';
import { fromZodIssue } from './zod-issues.js';
import { policySizeProblem } from '../limits.js';

export type { SemanticOptions } from './semantic.js';

export interface PolicyLocation {
  path: string;
  origin: PolicyOrigin;
  ref: string | null;
}

/** sha256 of the policy text, hex: what a receipt records to name the exact policy used. */
export function policyDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const yamlHints: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear only once in a mapping',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs',
  BAD_INDENT: 'check the indentation of this line against the one above',
  MULTIPLE_DOCS: 'a policy is a single YAML document; remove the `---` separator',
};

function byPosition(a: PolicyError, b: PolicyError): number {
  return a.line - b.line || a.column - b.column;
}

function unique(errors: PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.line}:${e.column}:${e.path}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Tier and proof names can be known (each section absent or a mapping): references can be checked. */
function namesAreReadable(data: unknown): boolean {
  const raw = data as Record<string, unknown>;
  const readable = (section: unknown) => section === undefined || section === null || (typeof section === 'object' && !Array.isArray(section));
  return readable(raw['tiers']) && readable(raw['proofs']);
}

/**
 * The top-level keys whose entries hold a syntax error; null when an error lies
 * outside every entry (or the document is not a mapping), so nothing past the
 * syntax can be trusted.
 */
function brokenSections(root: Node | null, errorOffsets: number[]): Set<string> | null {
  if (root === null || !isMap(root)) return null;
  const spans = root.items.map((pair) => {
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    const start = key?.range?.[0] ?? value?.range?.[0] ?? -1;
    const end = value?.range?.[2] ?? key?.range?.[2] ?? -1;
    return { name: String((key as { value?: unknown } | null)?.value), start, end };
  });
  const broken = new Set<string>();
  for (const offset of errorOffsets) {
    // A section's end is the next one's start: an error there (an unclosed flow
    // collection, a repeated top-level key) may belong to either, so both are broken.
    const hits = spans.filter((s) => s.start <= offset && offset <= s.end);
    if (hits.length === 0) return null;
    for (const hit of hits) broken.add(hit.name);
  }
  return broken;
}

/**
 * Whether a shape or reference problem can be reported next to syntax errors:
 * its section was read whole, and a reference does not point into a section a
 * syntax error broke (the name may be defined in the unreadable part).
 */
function readableAfterSyntaxErrors(issue: PolicyIssue, present: Set<string>, broken: Set<string>): boolean {
  const section = issue.path[0];
  if (typeof section !== 'string' || !present.has(section) || broken.has(section)) return false;
  const keys = issue.path.filter((p): p is string => typeof p === 'string');
  if (broken.has('proofs') && keys.includes('require')) return false;
  if (broken.has('tiers') && (keys.includes('tiers') || keys.includes('escalateTo') || keys.includes('unknownModel'))) return false;
  return true;
}

/**
 * Map keys are read as strings (`1` and `"1"` are the key "1", `~` and `""` the
 * key ""), so keys YAML tells apart but reading does not are duplicates: one
 * would silently replace the other.
 */
function sameKeyOnceRead(a: unknown, b: unknown): boolean {
  // Scalars hold strings, numbers, booleans or null (YAML 1.1 timestamps are Dates, compared as themselves).
  const asRead = (value: unknown) =>
    value === null || value === undefined
      ? ''
      : typeof value === 'object' || typeof value === 'symbol'
        ? value
        : `${value as string | number | boolean | bigint}`;
  return a === b || (isScalar(a) && isScalar(b) && asRead(a.value) === asRead(b.value));
}

/** Canonical ids of the agents in the attribution catalog: what `agents:` entries may name. */
const CATALOG_AGENT_IDS: readonly string[] = AGENTS.map((agent) => agent.id);

const TOO_LARGE_HINT = 'a policy needs a few kilobytes: remove generated or repeated entries';

/**
 * The policy error for a file over LOAD_LIMITS.policyBytes, or null. A loader
 * that knows the size without the text (GitHub's `byteSize`) refuses the file
 * without fetching it; `digest` is then that of the text it has (empty).
 */
export function policyTooLarge(location: PolicyLocation, bytes: number, digest = policyDigest('')): PolicyLoadResult | null {
  const message = policySizeProblem(bytes);
  if (message === null) return null;
  return {
    ok: false,
    source: { ...location, digest },
    errors: [{ file: location.path, line: 1, column: 1, path: '', message, hint: TOO_LARGE_HINT }],
  };
}

/**
 * Parses and validates a policy. `agents:` entries are checked against the
 * attribution catalog unless `options.agentIds` gives another list.
 */
export function loadPolicy(text: string, location: PolicyLocation, options: SemanticOptions = {}): PolicyLoadResult {
  const source: PolicySource = { ...location, digest: policyDigest(text) };
  const file = location.path;
  const fail = (errors: PolicyError[]): PolicyLoadResult => ({ ok: false, source, errors: unique(errors).sort(byPosition) });
  const error = (line: number, column: number, message: string, hint: string | null, path = ''): PolicyError => ({
    file,
    line,
    column,
    path,
    message,
    hint,
  });

  // Every shell refuses the same policies: the size limit is checked here, before parsing.
  const tooLarge = policyTooLarge(location, Buffer.byteLength(text, 'utf8'), source.digest);
  if (tooLarge) return tooLarge;

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: sameKeyOnceRead });
  const syntax = doc.errors.map((e) => {
    const at = lineCounter.linePos(e.pos[0]);
    const message = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
    return error(at.line, at.col, `YAML syntax error: ${message}`, yamlHints[e.code] ?? null);
  });

  // An alias as a key (`*k : …`) names a key defined elsewhere, and would silently replace it. A merge
  // key (`<<: *a`, read as one under `%YAML 1.1`) brings in keys the mapping's own keys override
  // wherever they are written, so `require: []` before `<<: *strict` keeps `require: []`.
  const keyProblems: PolicyError[] = [];
  visit(doc, {
    Pair(_, pair) {
      const at = () => lineCounter.linePos((pair.key as Node | null)?.range?.[0] ?? 0);
      if (isAlias(pair.key)) {
        const { line, col } = at();
        keyProblems.push(
          error(line, col, `a key may not be an alias (\`*${pair.key.source}\`)`, 'write the key itself: an alias key would replace the key it names'),
        );
      } else if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
        const { line, col } = at();
        keyProblems.push(error(line, col, 'a merge key (`<<`) is not read', 'write the keys it would bring in, in this mapping'));
      }
    },
  });
  if (keyProblems.length > 0) return fail([...syntax, ...keyProblems]);

  const locator = new Locator(doc, lineCounter);
  const root = doc.contents as Node | null;
  // Past a syntax error, only the top-level sections it does not touch are read further.
  const broken =
    syntax.length > 0
      ? brokenSections(
          root,
          doc.errors.map((e) => e.pos[0]),
        )
      : new Set<string>();
  if (broken === null) return fail(syntax);
  if (root === null) {
    return fail([error(1, 1, 'the policy file is empty', 'start with `version: 1`; policies/minimal.yml is a small example')]);
  }
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : 'a single value';
    const at = locator.at(root.range?.[0] ?? 0);
    return fail([
      error(
        at.line,
        at.column,
        `the policy must be a mapping of keys (\`version\`, \`tiers\`, \`proofs\`, \`routes\`, …), found ${found}`,
        'start with `version: 1`',
      ),
    ]);
  }
  const present = new Set(root.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value)));
  const trusted = (issue: PolicyIssue): boolean => syntax.length === 0 || readableAfterSyntaxErrors(issue, present, broken);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail([...syntax, error(1, 1, `the YAML could not be read: ${e instanceof Error ? e.message : String(e)}`, null)]);
  }

  const position = (issue: PolicyIssue): PolicyError => {
    const at = locator.locate(issue.path, issue.anchor);
    return error(at.line, at.column, issue.message, issue.hint, formatPath(issue.path));
  };

  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    // Shape errors first, and the references the valid parts make, in one report.
    const shape = parsed.error.issues.flatMap((issue) => fromZodIssue(issue, data));
    const references = namesAreReadable(data) ? semanticIssues(salvage(data), { agentIds: CATALOG_AGENT_IDS, ...options }) : [];
    return fail([...syntax, ...[...shape, ...references].filter(trusted).map(position)]);
  }

  const references = semanticIssues(parsed.data, { agentIds: CATALOG_AGENT_IDS, ...options });
  if (syntax.length > 0 || references.length > 0) return fail([...syntax, ...references.filter(trusted).map(position)]);

  return { ok: true, policy: { source, doc: parsed.data } };
}

/** Positions issues found outside loadPolicy (such as globs checked against a repository) in the policy text. */
export function positionIssues(text: string, file: string, issues: readonly PolicyIssue[]): PolicyError[] {
  const lineCounter = new LineCounter();
  const locator = new Locator(parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter);
  return issues.map((issue) => {
    const at = locator.locate(issue.path, issue.anchor);
    return { file, line: at.line, column: at.column, path: formatPath(issue.path), message: issue.message, hint: issue.hint };
  });
}
