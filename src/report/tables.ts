/** The report's tables as rows of cells, rendered for a terminal or as Markdown. */
import type { GroupStats, Report } from './analyze.js';
import { COMMITS_PER_PULL, FIRST_VERDICT_UNKNOWN } from './github-outcomes.js';
import { inertInLog } from '../receipt/escape.js';

export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  /** Columns aligned right (numbers). */
  numeric: boolean[];
}

const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(x >= 0.1 || x === 0 ? 0 : 1)}%`);
export const usd = (x: number | null) => (x === null ? 'unknown' : `$${x < 10 ? x.toFixed(2) : x.toFixed(0)}`);
const count = (n: number) => n.toLocaleString('en-US');

export function groupTable(title: string, column: string, groups: GroupStats[]): Table {
  const header = [
    column,
    'changes',
    'share of lines',
    'commits',
    'files',
    'lines',
    'pass',
    'fail',
    'needs CI/review',
    'reworked',
    'with ledger',
    'tokens',
    'with cost',
    'cost',
    'cost/change',
    'cost/successful change',
    'retries',
    'escalations',
    'review pass',
  ];
  const rows = groups.map((g) => [
    g.key,
    count(g.changes),
    percent(g.shareOfLines),
    count(g.commits),
    count(g.files),
    count(g.lines),
    count(g.verdicts.success + g.verdicts.neutral),
    count(g.verdicts.failure),
    count(g.verdicts.pending),
    `${count(g.reworked)} (${percent(g.changes ? g.reworked / g.changes : null)})`,
    count(g.withLedger),
    g.withLedger ? count(g.tokensIn + g.tokensOut) : 'unknown',
    count(g.withCost),
    g.withCost ? usd(g.costUsd) : 'unknown',
    usd(g.costPerChange),
    usd(g.costPerSuccessfulChange),
    g.withLedger ? count(g.retries) : 'unknown',
    g.withLedger ? count(g.escalations) : 'unknown',
    g.withReviews ? `${percent(g.reviewPassRate)} of ${g.withReviews}` : 'unknown',
  ]);
  return { title, header, rows, numeric: header.map((_, i) => i > 0) };
}

export function violationTable(report: Report): Table {
  const kinds = [...new Set(report.byModel.flatMap((g) => Object.keys(g.violations)))].sort();
  const rows = report.byModel
    .filter((g) => Object.keys(g.violations).length > 0)
    .map((g) => [g.key, ...kinds.map((k) => count(g.violations[k as keyof GroupStats['violations']] ?? 0))]);
  return { title: 'Violations by kind (changes with at least one), by model', header: ['model', ...kinds], rows, numeric: [false, ...kinds.map(() => true)] };
}

export function weeklyTable(report: Report): Table {
  const tiers = report.byTier.map((g) => g.key);
  const rows = report.weeks.map((w) => {
    const lines = w.byTier.reduce((n, g) => n + g.lines, 0);
    const changes = w.byTier.reduce((n, g) => n + g.changes, 0);
    return [w.week, count(changes), count(lines), ...tiers.map((t) => percent(w.byTier.find((g) => g.key === t)?.shareOfLines ?? 0))];
  });
  return {
    title: 'Per week: share of changed lines by tier',
    header: ['week', 'changes', 'lines', ...tiers],
    rows,
    numeric: [false, true, true, ...tiers.map(() => true)],
  };
}

/** proofgate's verdicts as its check runs on GitHub recorded them, by model; only with `--github`. */
export function githubVerdictTable(report: Report): Table | null {
  const read = report.changes.filter((c) => c.review);
  if (read.length === 0) return null;
  const models = [...new Set(read.map((c) => c.model))].sort();
  const tally = (items: typeof read, pick: (c: (typeof read)[number]) => string | null, value: string) => count(items.filter((c) => pick(c) === value).length);
  const rows = models.map((model) => {
    const mine = read.filter((c) => c.model === model);
    const first = (c: (typeof read)[number]) => c.review!.firstVerdict;
    const merge = (c: (typeof read)[number]) => c.review!.mergeVerdict;
    return [
      model,
      count(mine.length),
      tally(mine, first, 'success'),
      tally(mine, first, 'failure'),
      count(mine.filter((c) => first(c) === null).length),
      tally(mine, first, FIRST_VERDICT_UNKNOWN),
      tally(mine, merge, 'success'),
      tally(mine, merge, 'failure'),
      count(mine.filter((c) => merge(c) === null).length),
      count(mine.filter((c) => c.review!.changesRequested > 0).length),
    ];
  });
  const header = [
    'model',
    'pull requests',
    'first: success',
    'first: failure',
    'first: no run',
    `first: unknown (over ${COMMITS_PER_PULL} commits)`,
    'at merge: success',
    'at merge: failure',
    'at merge: no run',
    'changes requested',
  ];
  return { title: 'proofgate check runs and reviews on GitHub, by model', header, rows, numeric: header.map((_, i) => i > 0) };
}

export function reportTables(report: Report): Table[] {
  const github = githubVerdictTable(report);
  return [
    groupTable('By tier', 'tier', report.byTier),
    groupTable('By model', 'model', report.byModel),
    groupTable('By agent', 'agent', report.byAgent),
    ...(github ? [github] : []),
    violationTable(report),
    weeklyTable(report),
  ];
}

/** Characters that would break a Markdown table cell or inject markup. */
export function markdownCell(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

export function renderMarkdownTable(table: Table): string {
  if (table.rows.length === 0) return `**${table.title}**: none.\n`;
  const lines = [
    `**${table.title}**`,
    '',
    `| ${table.header.map(markdownCell).join(' | ')} |`,
    `| ${table.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

/**
 * A terminal table; control characters in cells are shown escaped, never sent
 * to the terminal, and a runner command's `##[` is broken (the text table is
 * also a CI log's).
 */
export function renderTextTable(table: Table): string {
  if (table.rows.length === 0) return `${table.title}: none.\n`;
  const clean = (s: string) => inertInLog(s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  const rows = [table.header, ...table.rows].map((r) => r.map(clean));
  const widths = table.header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (table.numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [table.title, line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n') + '\n';
}
