/**
 * Chart.js's browser build, to inline into the HTML report (no CDN: the page
 * works offline and loads nothing). The Action's bundle replaces this module
 * with the file's text (scripts/bundle.mjs), since dist/ ships without node_modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let source: string | null = null;

export function chartJsSource(): string {
  if (source === null) {
    // The package exports only its module entry points; the UMD build sits beside them.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    source = readFileSync(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf8');
  }
  return source;
}
