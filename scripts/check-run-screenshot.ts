/**
 * docs/check-run.png: the check-run summary the App writes, rendered as GitHub renders
 * Markdown (marked + github-markdown-css) in headless Chromium (Debian's /usr/bin/chromium).
 * `npm run build && node build/scripts/check-run-screenshot.js` regenerates it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { chromium } from 'playwright-core';
import { buildReceipt, emptySnapshot, evaluate, loadPolicy, renderCheckRunOutput } from '../src/index.js';

const POLICY = `version: 1
tiers:
  strong: ["claude-opus-*", "claude-sonnet-*"]
proofs:
  tests: { kind: check, name: "ci / test*", app: github-actions }
  security-review: { kind: review, teams: [acme/security] }
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [strong]
    require: [tests, security-review]
default:
  require: [tests]
`;

const loaded = loadPolicy(POLICY, { path: '.github/proofgate.yml', origin: 'base-branch', ref: 'main' });
if (!loaded.ok) throw new Error('policy does not load');
const person = { name: 'Ada Lovelace', email: 'ada@example.com', login: 'ada', isBot: false };
const snapshot = emptySnapshot('1'.repeat(40), '2a9f3c4d'.padEnd(40, '0'));
snapshot.repository = { owner: 'acme', name: 'widgets' };
snapshot.pullRequest = { number: 42, title: 'Rotate session tokens on login', author: { login: 'ada', isBot: false }, labels: [], draft: false, url: null };
const message = 'Rotate session tokens on login\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n';
snapshot.commits = [
  {
    sha: '2a9f3c4d'.padEnd(40, '0'),
    message,
    author: person,
    committer: person,
    parents: ['1'.repeat(40)],
    files: ['src/auth/session.ts', 'docs/auth.md'],
    authoredAt: '2026-01-10T12:00:00Z',
    signature: null,
  },
];
snapshot.files = [
  { path: 'src/auth/session.ts', status: 'modified', previousPath: null, additions: 24, deletions: 6 },
  { path: 'docs/auth.md', status: 'modified', previousPath: null, additions: 3, deletions: 1 },
];
snapshot.checkRuns = [
  {
    name: 'ci / test (20)',
    status: 'completed',
    conclusion: 'success',
    app: { slug: 'github-actions', id: 15368 },
    url: null,
    completedAt: '2026-01-10T12:10:00Z',
  },
];

const verdict = evaluate(loaded.policy, snapshot, { now: new Date('2026-01-10T12:15:00Z') });
const { title, summary } = renderCheckRunOutput(buildReceipt(verdict, snapshot));
const require = createRequire(import.meta.url);
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const body = await marked.parse(`## ${title}\n\n${summary}`);
const html = `<!doctype html><meta charset="utf-8"><style>${css} body{margin:0;background:#fff} .markdown-body{box-sizing:border-box;width:880px;padding:24px}</style><article class="markdown-body">${body}</article>`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 880, height: 600 } });
  await page.setContent(html);
  await page.locator('article').screenshot({ path: fileURLToPath(new URL('../../docs/check-run.png', import.meta.url)) });
} finally {
  await browser.close();
}
process.stdout.write('wrote docs/check-run.png\n');
