/**
 * A PNG of an HTML report, taken with headless Chromium (Debian's /usr/bin/chromium):
 *   node build/scripts/report-screenshot.js report.html docs/report-screenshot.png
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, png] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: report-screenshot REPORT.html OUT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(pathToFileURL(path.resolve(html)).href);
await page.waitForFunction('Object.keys(Chart.instances).length > 0');
await page.screenshot({ path: png, fullPage: false });
await browser.close();
console.log(`wrote ${png}`);
