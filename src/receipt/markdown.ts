/**
 * The check-run summary: status first, then a route table a reviewer can act on,
 * violations, attribution per commit, ledger problems, and the receipt JSON.
 *
 * GitHub rejects a summary over 65,535 bytes, and a PR can list 3,000 files and
 * 250 commits, so the rendering is tried at decreasing levels of detail until it
 * fits; sections are only ever dropped or shortened whole, never cut mid-way.
 */
import type { RouteResult } from '../engine/verdict.js';
import { agentLabel, commitTally, CONCLUSION_LABEL, plural, routeNextSteps, routeProofs, strongestEvidence, touchLabel } from './describe.js';
import { GITHUB_TEXT_LIMIT } from '../checks-api.js';
import { byteLength, code, fenceFor, md, oneLine, plainTitle, shortSha } from './escape.js';
import { formatCount } from '../text.js';
import { receiptJson, type Receipt } from './json.js';

export { GITHUB_TEXT_LIMIT } from '../checks-api.js';

export interface MarkdownOptions {
  /** Upper bound on the UTF-8 byte length of the result. */
  maxBytes?: number;
  /**
   * `embed` (default): the receipt JSON closes the summary in a collapsed block.
   * `beside`: it travels next to the summary (a check run's `text`), so the
   * summary points to it instead of repeating it.
   */
  receiptJson?: 'embed' | 'beside';
}

interface Detail {
  filesPerRoute: number;
  routes: number;
  touchesPerRoute: number;
  commits: number;
  violations: number;
  filesPerViolation: number;
  problems: number;
  notes: number;
}

const LEVELS: Detail[] = [
  { filesPerRoute: 10, routes: 100, touchesPerRoute: 10, commits: 50, violations: 50, filesPerViolation: 5, problems: 20, notes: 20 },
  { filesPerRoute: 5, routes: 50, touchesPerRoute: 5, commits: 25, violations: 25, filesPerViolation: 3, problems: 10, notes: 10 },
  { filesPerRoute: 3, routes: 30, touchesPerRoute: 3, commits: 10, violations: 10, filesPerViolation: 2, problems: 5, notes: 5 },
  { filesPerRoute: 1, routes: 15, touchesPerRoute: 2, commits: 5, violations: 5, filesPerViolation: 1, problems: 3, notes: 3 },
  { filesPerRoute: 0, routes: 5, touchesPerRoute: 1, commits: 0, violations: 3, filesPerViolation: 0, problems: 0, notes: 0 },
  { filesPerRoute: 0, routes: 0, touchesPerRoute: 0, commits: 0, violations: 0, filesPerViolation: 0, problems: 0, notes: 0 },
];

/** Code spans inside a table cell escape their pipes. */
const CELL = { inTable: true } as const;

const EMOJI = { success: '✅', failure: '❌', pending: '⏳', neutral: '⚪' } as const;
const PROOF_EMOJI = { pass: '✅', fail: '❌', pending: '⏳' } as const;

export function renderMarkdown(receipt: Receipt, opts: MarkdownOptions = {}): string {
  const maxBytes = opts.maxBytes ?? GITHUB_TEXT_LIMIT;
  const head = statusLine(receipt);
  const tail = footer(receipt);

  // Most detail with the JSON first; then the JSON gives way to a pointer, then detail shrinks.
  const canonical = receiptJson(receipt);
  const beside = opts.receiptJson === 'beside';
  // The pretty-printed block is larger than the canonical form; skip it when that alone cannot fit.
  const json = !beside && byteLength(canonical) < maxBytes ? jsonBlock(canonical) : null;
  const pointer = jsonPointer(receipt, canonical, beside);
  for (const [i, level] of LEVELS.entries()) {
    const body = sections(receipt, level);
    const candidates = i === 0 && json !== null ? [json, pointer] : [pointer];
    for (const end of candidates) {
      const text = join([head, ...body, tail, end]);
      if (byteLength(text) <= maxBytes) return text;
    }
  }
  const minimal = join([head, "This summary was shortened to fit GitHub's size limit; the receipt has every detail.", tail]);
  return byteLength(minimal) <= maxBytes ? minimal : truncateBytes(head, maxBytes);
}

function join(blocks: Array<string | null>): string {
  return blocks.filter((b): b is string => b !== null && b !== '').join('\n\n') + '\n';
}

function statusLine(r: Receipt): string {
  const emoji = EMOJI[r.conclusion] ?? '❔';
  const label = CONCLUSION_LABEL[r.conclusion] ?? md(String(r.conclusion), 20);
  return `## ${emoji} ${label}: ${md(r.title, 300)}`;
}

function sections(r: Receipt, d: Detail): Array<string | null> {
  return [context(r), policyErrors(r, d), routeTable(r, d), violations(r, d), commits(r, d), problems(r, d), notes(r, d)];
}

function context(r: Receipt): string {
  const ref = r.policy.ref ? ` at ${code(shortSha(r.policy.ref), 12)}` : '';
  const lines = [
    `**Policy** ${md(r.policy.path)} (${md(r.policy.origin, 20)}${ref}) · **Base** ${code(shortSha(r.base.sha), 12)} → **Head** ${code(shortSha(r.head.sha), 12)} · ${plural(r.changes.files, 'file')} · ${plural(r.changes.commits, 'commit')}`,
  ];
  if (r.changes.truncated.files || r.changes.truncated.commits) {
    const what = [r.changes.truncated.files ? 'files' : null, r.changes.truncated.commits ? 'commits' : null].filter(Boolean).join(' and ');
    lines.push(`> ⚠️ GitHub did not list all of this PR's ${what}; proofgate cannot see the rest and does not pass it.`);
  }
  return lines.join('\n');
}

function policyErrors(r: Receipt, d: Detail): string | null {
  if (r.policyErrors.length === 0) return null;
  const shown = r.policyErrors.slice(0, Math.max(d.violations, 3));
  const items = shown.map((e) => {
    const at = e.path ? ` at ${md(e.path, 100)}` : '';
    const hint = e.hint ? ` — ${md(e.hint)}` : '';
    return `- ${md(e.file, 120)}:${e.line}:${e.column}: ${md(e.message)}${at}${hint}`;
  });
  return [`### Policy errors (${r.policyErrors.length})`, ...items, more(r.policyErrors.length - shown.length, 'error', r.policyErrors.length)]
    .filter(Boolean)
    .join('\n');
}

function routeTable(r: Receipt, d: Detail): string | null {
  const touched = r.routes.filter((route) => route.files.length > 0);
  const untouched = r.routes.length - touched.length;
  const shown = touched.slice(0, d.routes);
  if (shown.length === 0 && touched.length > 0) {
    return `### Routes\n\n${plural(touched.length, 'route')} matched changed files; they are listed in the receipt JSON.`;
  }
  const lines = [
    '### Routes',
    '',
    '| Route | Files | Models | Required proof | Found | Next step |',
    '| --- | --- | --- | --- | --- | --- |',
    ...shown.map((route) => routeRow(r, route, d)),
  ];
  if (touched.length === 0) lines.splice(2, lines.length, 'No route matched a changed file.');
  const after = [
    more(touched.length - shown.length, 'route', touched.length),
    untouched > 0 ? `${plural(untouched, 'other route')} matched no changed file.` : null,
  ].filter(Boolean);
  return after.length ? `${lines.join('\n')}\n\n${after.join(' ')}` : lines.join('\n');
}

function routeRow(r: Receipt, route: RouteResult, d: Detail): string {
  const files = cellList(
    route.files.map((f) => code(f, 160, CELL)),
    d.filesPerRoute,
    'file',
  );
  const models = cellList(
    [...new Set(route.touches.map(touchLabel))].map((t) => code(t, 120, CELL)),
    d.touchesPerRoute,
    'model',
  );
  const proofs = routeProofs(r, route);
  let required: string;
  let found: string;
  if (!route.gated) {
    required = proofs.length ? `${proofs.map((p) => md(p.name, 80)).join(', ')} (not gated)` : 'none';
    found = '—';
  } else if (proofs.length === 0) {
    required = 'none';
    found = '—';
  } else {
    required = proofs.map(({ name, proof }) => `${md(name, 80)}${proof ? ` (${proof.kind})` : ''}`).join('<br>');
    found = proofs.map(({ proof }) => (proof ? `${PROOF_EMOJI[proof.status] ?? '❔'} ${md(proof.reason, 160)}` : '❔ not evaluated')).join('<br>');
  }
  const violated = r.violations.filter((v) => v.route === route.name && v.kind !== 'proof');
  if (violated.length > 0) found += `<br>❌ ${violated.map((v) => md(v.kind, 20)).join(', ')} violation`;
  const next = routeNextSteps(r, route).map((s) => md(s, 200));
  return `| ${md(route.name, 80)} | ${files} | ${models} | ${required} | ${found} | ${next.length ? next.join('<br>') : '—'} |`;
}

/** Up to `max` items joined by `<br>`, then `and N more`; a count alone when `max` is 0. */
function cellList(items: string[], max: number, noun: string): string {
  if (items.length === 0) return '—';
  if (max === 0) return plural(items.length, noun);
  const shown = items.slice(0, max).join('<br>');
  return items.length > max ? `${shown}<br>…and ${formatCount(items.length - max)} more` : shown;
}

/** The line after a shortened list: `…and N more` or, when nothing was listed, where to look. */
function more(n: number, noun: string, total: number): string | null {
  if (n <= 0) return null;
  if (n === total) return 'Listed in the receipt JSON.';
  return `…and ${plural(n, `more ${noun}`, `more ${noun}s`)} (listed in the receipt JSON).`;
}

function violations(r: Receipt, d: Detail): string | null {
  if (r.violations.length === 0) return null;
  const shown = r.violations.slice(0, d.violations);
  const items = shown.map((v) => {
    const route = v.route ? ` (route ${md(v.route, 80)})` : '';
    const files =
      v.files.length && d.filesPerViolation > 0
        ? ` — ${v.files
            .slice(0, d.filesPerViolation)
            .map((f) => code(f, 160))
            .join(', ')}${v.files.length > d.filesPerViolation ? ` and ${formatCount(v.files.length - d.filesPerViolation)} more` : ''}`
        : v.files.length
          ? ` — ${plural(v.files.length, 'file')}`
          : '';
    const commit = v.commit ? ` (commit ${code(shortSha(v.commit), 12)})` : '';
    return `- ❌ **${md(v.kind, 20)}**${route}: ${md(v.message, 300)}${commit}${files}<br>**Next:** ${md(v.next, 300)}`;
  });
  return [`### Violations (${r.violations.length})`, ...items, more(r.violations.length - shown.length, 'violation', r.violations.length)]
    .filter(Boolean)
    .join('\n');
}

function commits(r: Receipt, d: Detail): string | null {
  const all = r.attribution.commits;
  if (all.length === 0) return null;
  const lines = [`### Attribution`, '', `${md(commitTally(all), 400)}.`];
  const shown = all.slice(0, d.commits);
  if (shown.length > 0) {
    lines.push('', '| Commit | Agent | Model | Strongest evidence |', '| --- | --- | --- | --- |');
    for (const c of shown) {
      const e = strongestEvidence(c);
      const evidence = e ? `${md(e.source, 20)} (${md(e.strength, 10)}): ${code(e.detail, 120, CELL)}` : 'none';
      lines.push(
        `| ${code(shortSha(c.sha), 12, CELL)} | ${c.agent ? code(c.agent, 60, CELL) : agentLabel(null)} | ${c.model ? code(c.model, 80, CELL) : '—'} | ${evidence} |`,
      );
    }
    const rest = more(all.length - shown.length, 'commit', all.length);
    if (rest) lines.push('', rest);
  }
  return lines.join('\n');
}

function problems(r: Receipt, d: Detail): string | null {
  const all = r.attribution.problems;
  if (all.length === 0) return null;
  const shown = all.slice(0, d.problems);
  const items = shown.map((p) => `- ${code(p.source, 160)}${p.line !== null ? `:${p.line}` : ''}: ${md(p.message, 300)}`);
  return [`### Ledger problems (${all.length})`, ...items, more(all.length - shown.length, 'problem', all.length)].filter(Boolean).join('\n');
}

function notes(r: Receipt, d: Detail): string | null {
  if (r.notes.length === 0) return null;
  const shown = r.notes.slice(0, d.notes);
  return [`### Notes`, ...shown.map((n) => `- ${md(n, 300)}`), more(r.notes.length - shown.length, 'note', r.notes.length)].filter(Boolean).join('\n');
}

function footer(r: Receipt): string {
  return `Receipt ${code(r.digest, 80)} · proofgate ${md(r.tool.version, 40)} · evaluated ${md(r.evaluatedAt, 40)}`;
}

function jsonBlock(canonical: string): string {
  const json = JSON.stringify(JSON.parse(canonical), null, 2);
  const fence = fenceFor(json);
  return `<details><summary>Receipt JSON</summary>\n\n${fence}json\n${json}\n${fence}\n\n</details>`;
}

function jsonPointer(r: Receipt, canonical: string, beside: boolean): string {
  const bytes = byteLength(canonical);
  if (beside && fitsInText(canonical)) {
    return `The receipt JSON (${formatCount(bytes)} bytes) is in this check run's details below. Its digest is ${code(r.digest, 80)}.`;
  }
  const where = fitsInText(canonical)
    ? "this check run's details (the `text` field) and the Action's receipt file"
    : "the Action's receipt file (`proofgate check --format json` writes it locally); it is over GitHub's 65,535-byte limit for a check run";
  return `The receipt JSON (${formatCount(bytes)} bytes) does not fit in this summary. The full receipt is in ${where}. Its digest is ${code(r.digest, 80)}.`;
}

/** Cut at a code-point boundary so the result is valid UTF-8 of at most `max` bytes. */
function truncateBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of oneLine(text)) {
    const n = byteLength(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** What a check run's `output` gets: title, this summary, and the receipt JSON as `text`. */
export function renderCheckRunOutput(receipt: Receipt): { title: string; summary: string; text: string } {
  return {
    title: plainTitle(receipt.title, 120) || CONCLUSION_LABEL[receipt.conclusion],
    summary: renderMarkdown(receipt, { receiptJson: 'beside' }),
    text: receiptText(receipt),
  };
}

const TEXT_HEADING = 'proofgate receipt (canonical JSON; check it with `proofgate verify-receipt`):';

function fencedReceipt(canonical: string): string {
  const fence = fenceFor(canonical);
  return `${TEXT_HEADING}\n\n${fence}json\n${canonical}\n${fence}\n`;
}

function fitsInText(canonical: string): boolean {
  return byteLength(fencedReceipt(canonical)) <= GITHUB_TEXT_LIMIT;
}

/** The canonical receipt JSON in a code fence, or a notice with the digest when it is too big. */
function receiptText(r: Receipt): string {
  const json = receiptJson(r);
  if (fitsInText(json)) return fencedReceipt(json);
  return (
    `The receipt JSON is ${formatCount(byteLength(json))} bytes, over GitHub's 65,535-byte limit for this field, so it is not included here. ` +
    `Its digest is ${code(r.digest, 80)}. The Action writes the full receipt to a file (its \`receipt\` output); \`proofgate check --format json\` prints it locally.\n`
  );
}

/** The receipt JSON `renderCheckRunOutput` put in `text`, parsed; null when it is not there. */
export function receiptFromCheckRunText(text: string): unknown {
  const match = /^(`{3,})json\n([^\n]*)\n\1$/m.exec(text);
  if (!match?.[2]) return null;
  try {
    return JSON.parse(match[2]) as unknown;
  } catch {
    return null;
  }
}
