import { describe, expect, it } from 'vitest';
import { buildReceipt, verifyReceipt } from '../../src/receipt/json.js';
import { receiptFromCheckRunText, renderCheckRunOutput, renderMarkdown } from '../../src/receipt/markdown.js';
import { commitTally } from '../../src/receipt/describe.js';
import { PROOFGATE_TAGS, tableRowCells, tagNames, toHtml } from '../support/gfm.js';
import { commit, hugeVerdict, proof, route, snapshot, verdict, violation } from '../support/verdicts.js';

const LIMIT = 65_535;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Every markdown table in `md`: its lines, checked to have the header's cell count. */
function tables(md: string): string[][] {
  const found: string[][] = [];
  let current: string[] | null = null;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      found.push(current);
      current = null;
    }
  }
  if (current) found.push(current);
  return found;
}

function expectWellFormedTables(md: string): void {
  for (const table of tables(md)) {
    // A pipe escaped with a backslash stays inside its cell (GitHub's table rule).
    const cells = (line: string) => line.split(/(?<!\\)\|/).length;
    expect(table.length).toBeGreaterThanOrEqual(2);
    expect(table[1]).toMatch(/^\| ---( \| ---)* \|$/);
    for (const line of table) {
      expect(line.endsWith('|')).toBe(true);
      expect(cells(line)).toBe(cells(table[0]!));
    }
  }
}

/** Fences open and close in pairs (a closing fence is at least as long as its opener). */
function expectClosedFences(md: string): void {
  let open: string | null = null;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})(.*)$/.exec(line);
    if (!m) continue;
    if (open === null) open = m[1]!;
    else if (m[1]!.length >= open.length && m[2] === '') open = null;
  }
  expect(open).toBeNull();
}

describe('renderMarkdown', () => {
  it('puts the status line first and a row per touched route', () => {
    const md = renderMarkdown(buildReceipt(verdict(), snapshot()));
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ Failure: 1 violation, 1 proof missing');
    expect(md).toContain('| Route | Files | Models | Required proof | Found | Next step |');
    const row = lines.find((l) => l.startsWith('| migrations |'));
    expect(row).toBe(
      '| migrations | `db/migrations/001.sql` | `claude-sonnet-4-5 (claude-code) [standard]` | review (review) | ' +
        '❌ No approval from a reviewer with write access.<br>❌ tier violation | ' +
        'Ask a maintainer for an approving review.<br>Redo the change with a model in tier strong, or split it out. |',
    );
    expect(lines.find((l) => l.startsWith('| docs |'))).toContain('| none | — | — |');
    expectWellFormedTables(md);
  });

  it('shows each conclusion with its emoji', () => {
    for (const [conclusion, emoji] of [
      ['success', '✅'],
      ['pending', '⏳'],
      ['neutral', '⚪'],
    ] as const) {
      const md = renderMarkdown(buildReceipt(verdict({ conclusion, title: 'All proof found', violations: [] }), snapshot()));
      expect(md.split('\n')[0]).toBe(`## ${emoji} ${conclusion[0]!.toUpperCase()}${conclusion.slice(1)}: All proof found`);
    }
  });

  it('lists violations with next steps, commits with their strongest evidence, and ledger problems', () => {
    const v = verdict({
      attribution: {
        commits: [commit(1), commit(2, { agent: null, model: null, models: [], evidence: [] })],
        fileClaims: [],
        sessions: [],
        problems: [{ source: '.agent-trace/run.jsonl', line: 3, message: 'line is not JSON' }],
      },
      notes: ['Budget data missing for one session.'],
    });
    const md = renderMarkdown(buildReceipt(v, snapshot()));
    expect(md).toContain('### Violations (1)');
    expect(md).toContain('- ❌ **tier** (route migrations): claude-haiku-4-5 (tier fast) may not touch db/migrations.');
    expect(md).toContain('<br>**Next:** Redo the change with a model in tier strong, or split it out.');
    expect(md).toContain('2 commits: 1 claude-code, 1 human.');
    expect(md).toContain('| `0000001` | `claude-code` | `claude-sonnet-4-5` | trailer (strong): `Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>` |');
    expect(md).toContain('| `0000002` | human | — | none |');
    expect(md).toContain('- `.agent-trace/run.jsonl`:3: line is not JSON');
    expect(md).toContain('- Budget data missing for one session.');
    expectWellFormedTables(md);
  });

  it('ends with the receipt JSON in a collapsed block that verifies', () => {
    const receipt = buildReceipt(verdict(), snapshot());
    const md = renderMarkdown(receipt);
    const m = /<details><summary>Receipt JSON<\/summary>\n\n```json\n([\s\S]*)\n```\n\n<\/details>\n$/.exec(md);
    expect(m).not.toBeNull();
    expect(verifyReceipt(JSON.parse(m![1]!)).ok).toBe(true);
    expectClosedFences(md);
  });

  it('lists policy errors with their position', () => {
    const v = verdict({
      routes: [],
      proofs: [],
      violations: [],
      policyErrors: [
        { file: '.github/proofgate.yml', line: 7, column: 5, path: 'routes[0].require[0]', message: 'unknown proof "reveiw"', hint: 'did you mean "review"?' },
      ],
    });
    const md = renderMarkdown(buildReceipt(v, snapshot()));
    expect(md).toContain(
      '### Policy errors (1)\n- .github/proofgate.yml:7:5: unknown proof "reveiw" at routes&#91;0&#93;.require&#91;0&#93; — did you mean "review"?'.replaceAll(
        '"',
        '&quot;',
      ),
    );
  });

  it('escapes a malicious path so it cannot break the table or inject HTML', () => {
    const evil = 'a|b`<img src=x onerror=alert(1)>`.md';
    const v = verdict({
      routes: [route('docs', [evil, 'x\n| injected | row |'], { required: ['review'] })],
      proofs: [proof('review', { requiredBy: ['docs'], reason: 'check `ci|x` said <b>no</b>' })],
      violations: [violation({ route: 'docs', files: [evil], message: 'bad [link](javascript:alert(1))' })],
      attribution: {
        commits: [
          commit(1, {
            evidence: [{ source: 'trailer', detail: 'Co-authored-by: x|y <script>alert(1)</script>', strength: 'strong', agent: 'x', model: null }],
          }),
        ],
        fileClaims: [],
        sessions: [],
        problems: [],
      },
    });
    const receipt = buildReceipt(v, snapshot());
    const md = renderMarkdown(receipt);
    const outsideJson = md.slice(0, md.indexOf('<details>'));
    const html = toHtml(outsideJson);
    expect([...tagNames(html)].filter((t) => !PROOFGATE_TAGS.has(t))).toEqual([]); // no <img>, <script>, <b>, <a>
    expect(
      tableRowCells(html)
        .flat()
        .every((n) => n === 6 || n === 4),
    ).toBe(true);
    // The path is shown verbatim, inside a code span its backticks cannot close, its pipe escaped for the table.
    expect(outsideJson).toContain('``a\\|b`<img src=x onerror=alert(1)>`.md``');
    expect(outsideJson).not.toContain('\n| injected');
    expect(outsideJson).toContain('`x\\u{A}\\| injected \\| row \\|`');
    expectWellFormedTables(md);
    const docsRow = md.split('\n').find((l) => l.startsWith('| docs |'))!;
    expect(docsRow.split(/(?<!\\)\|/)).toHaveLength(8);
    // The JSON block still carries the exact path, inside a fence it cannot close.
    expect(md).toContain(JSON.stringify(evil));
    expectClosedFences(md);
  });

  it('picks a fence longer than any backtick run in the JSON', () => {
    const v = verdict({ routes: [route('docs', ['a````b.md'])] });
    const md = renderMarkdown(buildReceipt(v, snapshot()));
    expect(md).toContain('\n`````json\n');
    expectClosedFences(md);
  });

  it('keeps a 3,000-file, 250-commit PR under 65,535 bytes with whole tables and closed fences', () => {
    const { verdict: v, snapshot: s } = hugeVerdict();
    const receipt = buildReceipt(v, s);
    const md = renderMarkdown(receipt);
    expect(bytes(md)).toBeLessThanOrEqual(LIMIT);
    expect(md.split('\n')[0]).toBe('## ❌ Failure: 30 violations, 2 proofs missing');
    expect(md).toContain("GitHub did not list all of this PR's files");
    expect(md).toMatch(/…and 9\d more/); // files per route
    expect(md).toMatch(/…and \d+ more commits/);
    expect(md).toContain('250 commits: 200 claude-code, 50 human.');
    expect(md).toMatch(/\| route-0 \| `packages\/module-0\//);
    expect(md).toContain('does not fit in this summary');
    expect(md).toContain(receipt.digest);
    expect(md).not.toContain('<details>');
    expectWellFormedTables(md);
    expectClosedFences(md);
    expect(tables(md).length).toBeGreaterThanOrEqual(2);
  });

  it('shortens further for a smaller limit and never exceeds it', () => {
    const { verdict: v, snapshot: s } = hugeVerdict();
    const receipt = buildReceipt(v, s);
    for (const maxBytes of [40_000, 12_000, 4_000, 1_500, 300, 40]) {
      const md = renderMarkdown(receipt, { maxBytes });
      expect(bytes(md)).toBeLessThanOrEqual(maxBytes);
      expectWellFormedTables(md);
      expectClosedFences(md);
      if (maxBytes >= 300) expect(md.startsWith('## ❌ Failure: 30 violations')).toBe(true);
    }
  });

  it('counts bytes, not characters, for multi-byte text', () => {
    const files = Array.from({ length: 400 }, (_, i) => `文档/目录/${'ü'.repeat(40)}-${i}.md`);
    const v = verdict({ routes: Array.from({ length: 40 }, (_, i) => route(`r${i}`, files)), violations: [] });
    const md = renderMarkdown(buildReceipt(v, snapshot()), { maxBytes: 20_000 });
    expect(bytes(md)).toBeLessThanOrEqual(20_000);
    expectWellFormedTables(md);
  });
});

describe('renderCheckRunOutput', () => {
  it('gives a title, the summary and the canonical receipt JSON in text', () => {
    const receipt = buildReceipt(verdict(), snapshot());
    const out = renderCheckRunOutput(receipt);
    expect(out.title).toBe('1 violation, 1 proof missing');
    // The JSON travels in `text`: the summary points to it instead of repeating it.
    expect(out.summary).toBe(renderMarkdown(receipt, { receiptJson: 'beside' }));
    expect(out.summary).not.toContain('<details>');
    expect(out.summary).toContain(`is in this check run's details below. Its digest is \`${receipt.digest}\`.`);
    expect(bytes(out.text)).toBeLessThanOrEqual(LIMIT);
    const parsed = receiptFromCheckRunText(out.text);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(receipt)));
    expect(verifyReceipt(parsed).ok).toBe(true);
  });

  it('replaces JSON too big for text with a notice and the digest', () => {
    const { verdict: v, snapshot: s } = hugeVerdict();
    const receipt = buildReceipt(v, s);
    const out = renderCheckRunOutput(receipt);
    expect(bytes(out.summary)).toBeLessThanOrEqual(LIMIT);
    expect(bytes(out.text)).toBeLessThanOrEqual(LIMIT);
    expect(out.text).toContain("over GitHub's 65,535-byte limit");
    expect(out.text).toContain(receipt.digest);
    expect(receiptFromCheckRunText(out.text)).toBeNull();
  });

  it('round-trips JSON whose strings hold line separators and backticks', () => {
    const receipt = buildReceipt(verdict({ routes: [route('docs', ['a\u2028b```c.md', 'x\u2029y.md'])] }), snapshot());
    const parsed = receiptFromCheckRunText(renderCheckRunOutput(receipt).text);
    expect(verifyReceipt(parsed)).toMatchObject({ ok: true, actual: receipt.digest });
  });

  it('keeps the title on one line', () => {
    const out = renderCheckRunOutput(buildReceipt(verdict({ title: 'a\nb' }), snapshot()));
    expect(out.title).toBe('a b');
  });
});

describe('commitTally', () => {
  it('counts commits per agent, most first, ties in the order localeCompare gives the catalog ids', () => {
    const commits = ['codex', null, 'claude-code', 'codex', 'unknown', 'aider', 'claude-code-action'].map((agent, i) => ({ sha: String(i), agent }));
    const tally = commitTally(commits as Parameters<typeof commitTally>[0]);
    expect(tally).toBe('7 commits: 2 codex, 1 aider, 1 claude-code, 1 claude-code-action, 1 human, 1 unknown');
    const labels = ['aider', 'claude-code', 'claude-code-action', 'human', 'unknown'];
    expect([...labels].sort((a, b) => a.localeCompare(b))).toEqual(labels);
  });
});
