/** The backtest as text, Markdown and JSON: a summary table first, details after. */
import { markdownCell, renderMarkdownTable, renderTextTable, type Table } from '../report/tables.js';
import type { BacktestResult } from './backtest.js';
import { inertInLog } from '../receipt/escape.js';

export interface BacktestHeading {
  repository: string;
  branch: string;
  proposedPath: string;
}

function summaryTables(result: BacktestResult): Table[] {
  const c = result.counts;
  return [
    {
      title: 'Summary',
      header: ['changes replayed', 'newly blocked', 'newly allowed', 'newly needs CI/review evidence', 'unchanged'],
      rows: [[String(result.changes), String(c['newly-blocked']), String(c['newly-allowed']), String(c['newly-needs-evidence']), String(c.unchanged)]],
      numeric: [true, true, true, true, true],
    },
    {
      title: 'By rule',
      header: ['rule', 'newly blocked', 'newly allowed', 'newly needs CI/review evidence'],
      rows: result.byRule.map((r) => [r.rule, String(r.newlyBlocked), String(r.newlyAllowed), String(r.newlyNeedsEvidence)]),
      numeric: [false, true, true, true],
    },
  ];
}

const LABEL = { 'newly-blocked': 'newly blocked', 'newly-allowed': 'newly allowed', 'newly-needs-evidence': 'needs CI/review evidence' } as const;

function intro(result: BacktestResult, heading: BacktestHeading): string[] {
  const p = result.currentPolicies;
  return [
    `Backtest of ${heading.proposedPath} on ${heading.repository} ${heading.branch}: ${result.changes} merged changes, each judged by the proposed policy and by the policy at its base (${p.base} by the base's .github/proofgate.yml, ${p.default} by the built-in default${p.errors ? `, ${p.errors} by a policy with errors` : ''}).`,
    'Check runs and reviews are not in git history: a proof that needs them is listed as needing CI/review evidence, not guessed.',
  ];
}

export function renderBacktestText(result: BacktestResult, heading: BacktestHeading): string {
  const out = [...intro(result, heading), '', ...summaryTables(result).map(renderTextTable), 'Details'];
  const changed = result.details.filter((d) => d.change !== 'unchanged');
  if (changed.length === 0) out.push('  no change would be judged differently.');
  for (const d of changed) {
    out.push(`- ${d.number !== null ? `#${d.number} ` : ''}${d.sha.slice(0, 12)} ${inertInLog(d.subject.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'))}`);
    out.push(`  ${LABEL[d.change as keyof typeof LABEL]}: ${d.current} -> ${d.proposed}; rules: ${d.rules.join(', ') || '–'}`);
    for (const r of d.reasons) out.push(`  - ${inertInLog(r.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'))}`);
    if (d.needsEvidence.length) out.push(`  needs CI/review evidence: ${d.needsEvidence.join(', ')}`);
  }
  return out.join('\n') + '\n';
}

export function renderBacktestMarkdown(result: BacktestResult, heading: BacktestHeading): string {
  const out = [
    `## proofgate backtest: ${markdownCell(heading.proposedPath)}`,
    '',
    ...intro(result, heading).map(markdownCell),
    '',
    ...summaryTables(result).map(renderMarkdownTable),
    '**Details**',
    '',
  ];
  const changed = result.details.filter((d) => d.change !== 'unchanged');
  if (changed.length === 0) out.push('No change would be judged differently.');
  for (const d of changed) {
    out.push(
      `- ${d.number !== null ? `\\#${d.number} ` : ''}\`${d.sha.slice(0, 12)}\` ${markdownCell(d.subject)}: **${LABEL[d.change as keyof typeof LABEL]}** (${d.current} → ${d.proposed}; rules: ${d.rules.map(markdownCell).join(', ') || '–'})`,
    );
    for (const r of d.reasons) out.push(`  - ${markdownCell(r)}`);
    if (d.needsEvidence.length) out.push(`  - needs CI/review evidence: ${d.needsEvidence.map(markdownCell).join(', ')}`);
  }
  return out.join('\n') + '\n';
}

export function renderBacktestJson(result: BacktestResult, heading: BacktestHeading): string {
  return JSON.stringify({ version: 1, ...heading, ...result }, null, 2);
}
