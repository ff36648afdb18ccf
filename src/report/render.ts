/** The report as terminal text, Markdown (a job summary or an issue) and JSON. */
import type { Report } from './analyze.js';
import { markdownCell, renderMarkdownTable, renderTextTable, reportTables } from './tables.js';

export const REPORT_JSON_VERSION = 1;

function heading(report: Report): string {
  const n = report.totals.changes;
  const from = report.period.from?.slice(0, 10) ?? '–';
  const to = report.period.to?.slice(0, 10) ?? '–';
  return `${report.repository} ${report.branch} @ ${report.tipSha.slice(0, 12)}: ${n} merged change${n === 1 ? '' : 's'}, ${from} to ${to}; rework window ${report.reworkWindowDays} days`;
}

export function renderReportText(report: Report): string {
  return [`proofgate report: ${heading(report)}`, '', ...report.notes.map((n) => `note: ${n}`), '', ...reportTables(report).map(renderTextTable)].join('\n');
}

export function renderReportMarkdown(report: Report): string {
  const reworked = report.changes.filter((c) => c.rework.revertedBy || c.rework.fixedBy.length > 0).slice(-20);
  const parts = [
    `## proofgate report: ${markdownCell(report.repository)}`,
    '',
    markdownCell(heading(report)),
    '',
    ...report.notes.map((n) => `- ${markdownCell(n)}`),
    '',
    ...reportTables(report).map(renderMarkdownTable),
  ];
  if (reworked.length > 0) {
    parts.push('**Reworked changes (latest 20)**', '', '| change | model | merged | reworked by |', '| --- | --- | --- | --- |');
    for (const c of reworked) {
      const by = [c.rework.revertedBy ? `revert ${c.rework.revertedBy.slice(0, 10)}` : null, ...c.rework.fixedBy.map((s) => `fix ${s.slice(0, 10)}`)]
        .filter(Boolean)
        .join(', ');
      parts.push(
        `| ${c.number !== null ? `\\#${c.number}` : c.sha.slice(0, 10)} ${markdownCell(c.subject.slice(0, 72))} | ${markdownCell(c.model)} | ${c.mergedAt.slice(0, 10)} | ${by} |`,
      );
    }
    parts.push('');
  }
  parts.push("How each figure is defined: proofgate's docs/report.md.", '');
  return parts.join('\n');
}

export function renderReportJson(report: Report): string {
  return JSON.stringify({ version: REPORT_JSON_VERSION, ...report }, null, 2);
}
