/**
 * The report as one self-contained HTML page: the tables, and charts drawn by
 * Chart.js (inlined): share of work by tier over time, cost per successful
 * change by model, review-pass rate by model, and the share of changes that
 * needed no rework by model. Commit subjects and names are data, so every
 * string is escaped and the page's policy lets nothing load.
 */
import type { GroupStats, Report } from './analyze.js';
import { chartJsSource } from './chartjs.js';
import { reportTables, type Table } from './tables.js';

export interface ChartData {
  weeks: string[];
  tierShare: Array<{ tier: string; share: number[] }>;
  costPerSuccessful: Array<{ model: string; usd: number; changes: number }>;
  reviewPass: Array<{ model: string; rate: number; changes: number }>;
  reworkFree: Array<{ model: string; rate: number; changes: number }>;
}

export function chartData(report: Report): ChartData {
  const weeks = report.weeks.map((w) => w.week);
  const tiers = report.byTier.map((g) => g.key);
  const models = report.byModel.slice(0, 15);
  return {
    weeks,
    tierShare: tiers.map((tier) => ({
      tier,
      share: report.weeks.map((w) => round((w.byTier.find((g) => g.key === tier)?.shareOfLines ?? 0) * 100)),
    })),
    costPerSuccessful: report.byModel
      .filter((g): g is GroupStats & { costPerSuccessfulChange: number } => g.costPerSuccessfulChange !== null)
      .map((g) => ({ model: g.key, usd: round(g.costPerSuccessfulChange), changes: g.withCost })),
    reviewPass: report.byModel
      .filter((g): g is GroupStats & { reviewPassRate: number } => g.reviewPassRate !== null)
      .map((g) => ({ model: g.key, rate: round(g.reviewPassRate * 100), changes: g.withReviews })),
    reworkFree: models.map((g) => ({ model: g.key, rate: round(((g.changes - g.reworked) / g.changes) * 100), changes: g.changes })),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that cannot close the script element it sits in. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

function htmlTable(table: Table): string {
  if (table.rows.length === 0) return `<h3>${escapeHtml(table.title)}</h3><p>None.</p>`;
  const cell = (tag: string, text: string, numeric: boolean | undefined) => `<${tag}${numeric ? ' class="n"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    `<h3>${escapeHtml(table.title)}</h3><div class="scroll"><table>`,
    `<thead><tr>${table.header.map((h, i) => cell('th', h, table.numeric[i])).join('')}</tr></thead><tbody>`,
    ...table.rows.map((row) => `<tr>${row.map((c, i) => cell('td', c, table.numeric[i])).join('')}</tr>`),
    '</tbody></table></div>',
  ].join('\n');
}

const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById('report-data').textContent);
const palette = ['#4e79a7','#f28e2b','#e15759','#76b7b2','#59a14f','#edc948','#b07aa1','#ff9da7','#9c755f','#bab0ac'];
const none = (id, text) => { const el = document.getElementById(id).parentElement; el.replaceWith(Object.assign(document.createElement('p'), { className: 'none', textContent: text })); };
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
if (data.weeks.length) new Chart(document.getElementById('tier-share'), {
  type: 'bar',
  data: { labels: data.weeks, datasets: data.tierShare.map((t, i) => ({ label: t.tier, data: t.share, backgroundColor: palette[i % palette.length] })) },
  options: { scales: { x: { stacked: true }, y: { stacked: true, max: 100, title: { display: true, text: '% of changed lines' } } } },
}); else none('tier-share', 'No merged changes in the period.');
const bars = (id, rows, value, label, empty) => rows.length ? new Chart(document.getElementById(id), {
  type: 'bar',
  data: { labels: rows.map((r) => r.model + ' (' + r.changes + ')'), datasets: [{ label, data: rows.map(value), backgroundColor: palette[0] }] },
  options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, title: { display: true, text: label } } } },
}) : none(id, empty);
bars('cost-per-success', data.costPerSuccessful, (r) => r.usd, 'USD per change that needed no rework', 'No change carries a session ledger: cost is unknown.');
bars('review-pass', data.reviewPass, (r) => r.rate, '% of pull requests without a changes-requested review', 'No review data: reviews are not in git history.');
bars('rework-free', data.reworkFree, (r) => r.rate, '% of changes that needed no rework', 'No merged changes in the period.');
`;

export function renderReportHtml(report: Report): string {
  const title = `proofgate report: ${report.repository}`;
  const period = `${report.period.from?.slice(0, 10) ?? '–'} to ${report.period.to?.slice(0, 10) ?? '–'}`;
  const chart = (id: string, heading: string, note: string) =>
    `<section class="chart"><h2>${escapeHtml(heading)}</h2><p class="sub">${escapeHtml(note)}</p><div class="box"><canvas id="${id}"></canvas></div></section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 0; } h3 { font-size: 14px; margin: 20px 0 6px; }
.sub, .none { color: #59636e; margin: 2px 0 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
.chart { border: 1px solid #d1d9e0; border-radius: 6px; padding: 12px; } .box { position: relative; height: 280px; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: 12px; } td, th { border: 1px solid #d1d9e0; padding: 3px 6px; white-space: nowrap; } .n { text-align: right; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(`${report.branch} @ ${report.tipSha.slice(0, 12)} · ${report.totals.changes} merged changes · ${period} · rework window ${report.reworkWindowDays} days`)}</p>
<ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
<div class="grid">
${chart('tier-share', 'Share of work by tier over time', 'Changed lines per ISO week, by the tier of the model that wrote each change.')}
${chart('cost-per-success', 'Cost per successful change, by model', 'Ledger cost over the changes that needed no rework; (n) = changes with a known cost.')}
${chart('review-pass', 'Review-pass rate, by model', 'Pull requests merged without a changes-requested review; (n) = pull requests read from GitHub.')}
${chart('rework-free', 'Changes that needed no rework, by model', 'No revert or fix-up within the rework window; (n) = merged changes.')}
</div>
${reportTables(report).map(htmlTable).join('\n')}
<script type="application/json" id="report-data">${scriptJson(chartData(report))}</script>
<script>${chartJsSource().replace(/<\/(script)/gi, '<\\/$1')}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
