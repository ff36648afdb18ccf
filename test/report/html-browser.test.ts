/**
 * Opens the HTML report in headless Chromium (Debian's /usr/bin/chromium,
 * installed by .ci/run) and checks that Chart.js drew every chart.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize, type ChangeRecord } from '../../src/report/analyze.js';
import { renderReportHtml } from '../../src/report/html.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function record(i: number, model: string, tier: string, extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    sha: i.toString(16).padStart(40, '0'),
    number: i,
    kind: 'squash',
    subject: `change ${i}`,
    mergedAt: new Date(Date.UTC(2026, 0, 5 + i * 2)).toISOString(),
    week: '',
    agent: 'claude-code',
    model,
    tier,
    commits: 1,
    files: 1,
    lines: 10 + i,
    verdict: 'success',
    policy: 'base',
    needsEvidence: [],
    violations: [],
    ledger: { sessions: 1, tokensIn: 1000, tokensOut: 100, costUsd: 0.1 * i, retries: 0, escalations: 0 },
    rework: { revertedBy: i % 3 === 0 ? 'f'.repeat(40) : null, fixedBy: [] },
    review: { changesRequested: i % 4 === 0 ? 1 : 0, firstVerdict: null, mergeVerdict: null },
    ...extra,
  };
}

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run .ci/run, which installs Debian's chromium`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);
afterAll(async () => browser?.close());

async function open(html: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'proofgate-html-')), 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pathToFileURL(file).href);
  return { page, errors };
}

/** Painted pixels per canvas: a chart that drew nothing has none (run in the page). */
const PAINTED_PIXELS = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return { id: canvas.id, painted };
})`;

describe('HTML report in headless Chromium', () => {
  it('draws the four charts with Chart.js and loads nothing from the network', async () => {
    const records = [
      ...Array.from({ length: 8 }, (_, i) => record(i + 1, 'claude-haiku-4-5', 'fast')),
      ...Array.from({ length: 6 }, (_, i) => record(i + 20, 'claude-opus-4-6', 'strong')),
    ].map((r) => ({ ...r, week: `2026-W0${2 + (r.number! % 4)}` }));
    const report = summarize(records, { repository: 'demo/repo', branch: 'main', tipSha: 'a'.repeat(40), reworkWindowDays: 14 });
    const { page, errors } = await open(renderReportHtml(report));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const instances = await page.evaluate<number>('Object.keys(Chart.instances).length');
    expect(instances).toBe(4);
    const pixels = await page.evaluate<Array<{ id: string; painted: number }>>(PAINTED_PIXELS);
    expect(pixels.map((p) => p.id)).toEqual(['tier-share', 'cost-per-success', 'review-pass', 'rework-free']);
    for (const p of pixels) expect(p.painted, p.id).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('says why a chart is missing instead of drawing an empty one', async () => {
    const records = [record(1, 'claude-haiku-4-5', 'fast', { ledger: null, review: null, week: '2026-W02' })];
    const report = summarize(records, { repository: 'demo/repo', branch: 'main', tipSha: 'a'.repeat(40), reworkWindowDays: 14 });
    const { page, errors } = await open(renderReportHtml(report));
    const ids = await page.evaluate<string[]>(`[...document.querySelectorAll('canvas')].map((c) => c.id)`);
    expect(ids).toEqual(['tier-share', 'rework-free']);
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).toContain('No change carries a session ledger: cost is unknown.');
    expect(text).toContain('No review data');
    expect(errors).toEqual([]);
    await page.close();
  });
});
