/**
 * The Action's inputs, parsed and validated from a getter so they can be
 * tested without a runner. The runner applies action.yml's defaults; they are
 * applied here again so a missing `INPUT_*` variable (a local run, an older
 * runner) means the same as the documented default.
 */
import { DEFAULT_POLICY_PATH } from '../policy/default.js';
import { parseSinceValue } from '../report/since.js';
import type { LedgerKind } from '../snapshot.js';

export type ActionMode = 'check-run' | 'step' | 'report';

export interface LedgerInput {
  path: string;
  /** Set when the path carried a `kind:` prefix; otherwise told from the path or content. */
  kind: Exclude<LedgerKind, 'git-ai-note'> | null;
}

export interface ActionInputs {
  token: string;
  /** A token that can read organization teams, for review proofs that name teams; null: use `token`. */
  teamsToken: string | null;
  policyPath: string;
  checkName: string;
  mode: ActionMode;
  failOnPending: boolean;
  /** How long to poll for required checks still running; 0 means do not wait. */
  waitForProofsMs: number;
  ledgers: LedgerInput[];
  /** `mode: report`: the period, as given (`30d`, `12w`, a date). */
  since: string;
}

export type InputsResult = { ok: true; inputs: ActionInputs } | { ok: false; errors: string[] };

/** The longest a GitHub-hosted job may run; waiting longer can never finish. */
export const MAX_WAIT_MS = 6 * 60 * 60 * 1000;

const LEDGER_PREFIXES = ['agent-trace', 'proofgate-session'] as const;
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads every input through `get` (which returns '' for an unset input, as
 * `core.getInput` does) and reports every problem at once, one line each.
 */
export function parseInputs(get: (name: string) => string): InputsResult {
  const errors: string[] = [];
  const value = (name: string) => get(name).trim();

  const token = value('token');
  if (token === '') {
    errors.push('input `token` is empty: pass `token: ${{ github.token }}` (the default) or a token with `checks: write` and `pull-requests: read`');
  }

  const teamsToken = value('teams-token') || null;

  const policyPath = value('policy') || DEFAULT_POLICY_PATH;
  const policyProblem = checkRepoPath(policyPath);
  if (policyProblem) errors.push(`input \`policy\` ${policyProblem}`);

  const checkName = value('check-name') || 'proofgate';
  if (checkName.length > 255) errors.push('input `check-name` is longer than GitHub allows (255 characters)');

  const modeText = value('mode') || 'check-run';
  let mode: ActionMode = 'check-run';
  if (modeText === 'check-run' || modeText === 'step' || modeText === 'report') mode = modeText;
  else
    errors.push(
      `input \`mode\` is ${JSON.stringify(modeText)}: use \`check-run\` (write a check run), \`step\` (only fail the step) or \`report\` (the routing report of the merged history)`,
    );

  const since = value('since') || '30d';
  if (parseSinceValue(since, new Date(0)) === null)
    errors.push(`input \`since\` is ${JSON.stringify(since)}: give a duration such as \`30d\` or \`12w\`, or a date such as \`2026-01-31\``);

  // In step mode the step is the gate's only signal: passing it on pending would fail open.
  const failOnPendingText = value('fail-on-pending');
  const failOnPending = failOnPendingText === '' ? mode === 'step' : parseBoolean('fail-on-pending', failOnPendingText, errors);

  const waitText = value('wait-for-proofs');
  const waited = parseDuration(waitText);
  let waitForProofsMs = 0;
  if (waited === null) {
    errors.push(`input \`wait-for-proofs\` is ${JSON.stringify(waitText)}: give a duration such as \`90s\`, \`10m\` or \`1h\`, or leave it empty not to wait`);
  } else if (waited > MAX_WAIT_MS) {
    errors.push(`input \`wait-for-proofs\` is ${JSON.stringify(waitText)}: longer than a job may run (6h); give at most \`6h\``);
  } else {
    waitForProofsMs = waited;
  }

  const ledgers = parseLedgerList(get('ledger'), errors);

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, inputs: { token, teamsToken, policyPath, checkName, mode, failOnPending, waitForProofsMs, ledgers, since } };
}

function parseBoolean(name: string, text: string, errors: string[]): boolean {
  if (text === '' || FALSE.has(text)) return false;
  if (TRUE.has(text)) return true;
  errors.push(`input \`${name}\` is ${JSON.stringify(text)}: use \`true\` or \`false\``);
  return false;
}

/**
 * `90s`, `10m`, `1h`, `1h30m`, `500ms`, or a bare number of seconds; '' , `0`,
 * `off` and `false` mean no wait. null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'off' || t === 'false' || t === 'none') return 0;
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^(\d+(ms|s|m|h))+$/.test(t)) return null;
  let total = 0;
  for (const [, amount, unit] of t.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(amount) * (UNITS[unit ?? 's'] ?? 0);
  return total;
}

/** Newline- or comma-separated ledger paths, each optionally `kind:path`. */
export function parseLedgerList(text: string, errors: string[]): LedgerInput[] {
  const out: LedgerInput[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/[\n,]/)) {
    const entry = raw.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    let kind: LedgerInput['kind'] = null;
    let path = entry;
    for (const prefix of LEDGER_PREFIXES) {
      if (entry.startsWith(`${prefix}:`)) {
        kind = prefix;
        path = entry.slice(prefix.length + 1).trim();
      }
    }
    if (path === '') {
      errors.push(`input \`ledger\` entry ${JSON.stringify(entry)} names no file: give \`${kind ?? 'kind'}:path/to/ledger.jsonl\``);
      continue;
    }
    if (path.includes('\0')) {
      errors.push(`input \`ledger\` entry ${JSON.stringify(entry)} contains a NUL character`);
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, kind });
  }
  return out;
}

/** Why a repository path is unusable, or null. The policy is read from git, so it must stay inside the repository. */
function checkRepoPath(path: string): string | null {
  if (path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path))
    return `is an absolute path (${path}): give a path inside the repository, such as \`${DEFAULT_POLICY_PATH}\``;
  if (path.split(/[\\/]/).includes('..')) return `leaves the repository (${path}): give a path inside it, such as \`${DEFAULT_POLICY_PATH}\``;
  if (path.endsWith('/')) return `is a directory (${path}): name the policy file, such as \`${DEFAULT_POLICY_PATH}\``;
  return null;
}
