import { afterEach, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/history/load.js';
import { defaultPolicy } from '../../src/policy/default.js';
import { analyze, escalations, isoWeek, summarize, type ChangeRecord } from '../../src/report/analyze.js';
import { renderReportMarkdown, renderReportText } from '../../src/report/render.js';
import { renderReportHtml } from '../../src/report/html.js';
import { CLAUDE_HAIKU, CLAUDE_OPUS, makeHistoryRepo, sessionLedger, type HistoryRepo } from './history-repo.js';

let repo: HistoryRepo;
afterEach(() => repo?.cleanup());

const STRICT = `version: 1
tiers:
  frontier: ["claude-opus-*"]
  fast: ["claude-haiku-*"]
routes:
  - name: auth
    paths: ["src/auth/**"]
    tiers: [frontier]
`;

async function report(reworkWindowDays = 14) {
  const history = await loadHistory({ repoDir: repo.dir });
  return analyze(history.changes.slice(1), {
    repository: 'demo',
    branch: history.branch,
    tipSha: history.tipSha,
    reworkWindowDays,
    tierPolicy: defaultPolicy(),
  });
}

describe('analyze', () => {
  it('sums changes, lines and ledger cost per model, with cost unknown (not zero) where no ledger exists', async () => {
    repo = makeHistoryRepo();
    repo.squash(1, 1, 'Add a', CLAUDE_OPUS, {
      'src/a.ts': 'a\nb\nc\n',
      '.proofgate/sessions/s1.jsonl': sessionLedger('s1', [{ model: 'acme-large', costUsd: 0.4 }]),
    });
    repo.squash(2, 2, 'Add b', CLAUDE_HAIKU, {
      'src/b.ts': 'b\n',
      '.proofgate/sessions/s2.jsonl': sessionLedger(
        's2',
        [
          { model: 'acme-small', costUsd: 0.1 },
          { model: 'acme-large', costUsd: 0.3 },
        ],
        2,
      ),
    });
    repo.squash(3, 3, 'Add c', CLAUDE_HAIKU, { 'src/c.ts': 'c\n' });
    repo.squash(4, 4, 'Add d', CLAUDE_HAIKU, {
      'src/d.ts': 'd\n',
      '.proofgate/sessions/s4.jsonl': sessionLedger('s4', [{ model: 'acme-small', costUsd: 0.2 }]),
    });
    repo.squash(5, 5, 'fix: crash in b', '', { 'src/b.ts': 'b\nfixed\n' });

    const r = await report();
    const haiku = r.byModel.find((g) => g.key === 'claude-haiku-4-5')!;
    const opus = r.byModel.find((g) => g.key === 'claude-opus-4-6')!;
    expect([haiku.changes, haiku.withLedger, haiku.withCost, haiku.reworked, haiku.successfulWithCost]).toEqual([3, 2, 2, 1, 1]);
    expect(haiku.costUsd).toBeCloseTo(0.6);
    expect(haiku.costPerChange).toBeCloseTo(0.3);
    // Everything spent over the one change with a ledger that stuck.
    expect(haiku.costPerSuccessfulChange).toBeCloseTo(0.6);
    expect([haiku.retries, haiku.escalations]).toEqual([2, 1]);
    expect(opus.costPerChange).toBeCloseTo(0.4);
    expect(r.byTier.find((g) => g.key === 'fast')!.changes).toBe(3);
    const human = r.byModel.find((g) => g.key === '(human)')!;
    expect([human.withLedger, human.costPerChange, human.costPerSuccessfulChange]).toEqual([0, null, null]);
    expect(r.totals.lines).toBe(3 + 1 + 1 + 1 + 1); // ledger files are not work
    expect(r.changes.find((c) => c.number === 3)!.ledger).toBeNull();
    expect(r.notes.join('\n')).toContain('rest on the 3 of 5 changes that carry a session ledger');
    expect(r.notes.join('\n')).toContain('Cost rests on the 3 of 5 changes whose ledgers price every step');

    const text = renderReportText(r);
    expect(text).toMatch(/\(human\)\s.*unknown/);
  });

  it('leaves a change whose ledger has an unpriced step out of the cost figures (unknown, not zero)', async () => {
    repo = makeHistoryRepo();
    const unpriced =
      [
        JSON.stringify({ proofgate: 'session/1', id: 'u1', agent: 'claude-code', startedAt: '2026-01-05T10:00:00Z' }),
        JSON.stringify({ type: 'step', role: 'execute', model: 'acme-coder-1', tokens: { input: 5000, output: 500 } }),
        JSON.stringify({ type: 'end', outcome: 'success' }),
      ].join('\n') + '\n';
    repo.squash(1, 1, 'Add a', CLAUDE_HAIKU, { 'src/a.ts': 'a\n', '.proofgate/sessions/u1.jsonl': unpriced });
    repo.squash(2, 2, 'Add b', CLAUDE_HAIKU, {
      'src/b.ts': 'b\n',
      '.proofgate/sessions/s2.jsonl': sessionLedger('s2', [{ model: 'acme-small', costUsd: 0.5 }]),
    });
    const r = await report();
    const haiku = r.byModel.find((g) => g.key === 'claude-haiku-4-5')!;
    expect(r.changes[0]!.ledger!.costUsd).toBeNull();
    expect([haiku.withLedger, haiku.withCost]).toEqual([2, 1]);
    expect(haiku.costPerChange).toBeCloseTo(0.5);
  });

  it('counts a revert and a fix-up within the window as rework, and not after it', async () => {
    repo = makeHistoryRepo();
    const a = repo.squash(1, 1, 'Add a', CLAUDE_OPUS, { 'src/a.ts': 'a\n' });
    repo.squash(2, 2, 'Add b', CLAUDE_OPUS, { 'src/b.ts': 'b\n' });
    repo.squash(3, 3, 'Add c', CLAUDE_OPUS, { 'src/c.ts': 'c\n' });
    repo.direct(4, `Revert "Add a"\n\nThis reverts commit ${a}.\n`, { 'src/a.ts': '' });
    repo.squash(5, 5, 'Handle empty input', 'Fixes a crash from #2.', { 'src/other.ts': 'x\n' });
    repo.squash(6, 30, 'fix(c): off by one', '', { 'src/c.ts': 'c2\n' });

    const r = await report(14);
    const byNumber = new Map(r.changes.map((c) => [c.number, c]));
    expect(byNumber.get(1)!.rework.revertedBy).toBe(r.changes[3]!.sha);
    // Not a fix subject: "Fixes" only in the body.
    expect(byNumber.get(2)!.rework.fixedBy).toEqual([]);
    expect(byNumber.get(3)!.rework.fixedBy).toEqual([]);
    const wide = await report(30);
    expect(wide.changes.find((c) => c.number === 3)!.rework.fixedBy).toEqual([wide.changes.find((c) => c.number === 6)!.sha]);
  });

  it('charges a fix-up to the change it names as #N', async () => {
    repo = makeHistoryRepo();
    repo.squash(1, 1, 'Add a', CLAUDE_OPUS, { 'src/a.ts': 'a\n' });
    repo.squash(2, 2, 'Add b', CLAUDE_OPUS, { 'src/a.ts': 'a\nb\n' });
    repo.squash(3, 3, 'fix: regression from #1', '', { 'src/a.ts': 'a\nb\nc\n' });
    const r = await report();
    expect(r.changes.map((c) => c.rework.fixedBy.length)).toEqual([1, 0, 0]);
  });

  it('judges a change by the policy at its base, so a change relaxing the policy is judged by the old one', async () => {
    repo = makeHistoryRepo();
    repo.direct(1, 'Add policy', { '.github/proofgate.yml': STRICT });
    repo.squash(2, 2, 'Open auth to every model', CLAUDE_HAIKU, {
      '.github/proofgate.yml': STRICT.replace('tiers: [frontier]', 'tiers: [frontier, fast]'),
      'src/auth/login.ts': 'x\n',
    });
    repo.squash(3, 3, 'Edit auth', CLAUDE_HAIKU, { 'src/auth/login.ts': 'y\n' });
    const r = await report();
    const [, relax, after] = r.changes;
    expect(relax!.verdict).toBe('failure');
    expect(relax!.violations.map((v) => v.kind)).toContain('tier');
    expect(after!.verdict).not.toBe('failure');
  });

  /** A merged change whose subject, agent and model are `name`: claims by the gated party. */
  const changeNamed = (name: string, rework: ChangeRecord['rework'] = { revertedBy: null, fixedBy: [] }): ChangeRecord => ({
    sha: 'a'.repeat(40),
    number: 1,
    kind: 'squash',
    subject: name,
    mergedAt: '2026-01-05T00:00:00Z',
    week: '2026-W02',
    agent: name,
    model: name,
    tier: 'fast',
    commits: 1,
    files: 1,
    lines: 1,
    verdict: 'success',
    policy: 'default',
    needsEvidence: [],
    violations: [],
    ledger: null,
    rework,
    review: null,
  });
  const summary = { repository: 'demo', branch: 'main', tipSha: 'c'.repeat(40), reworkWindowDays: 14 };

  it("writes a runner command's `##[` in names from commits inert in the text report, which a scheduled job prints to its log", () => {
    const text = renderReportText(summarize([changeNamed('##[warning]forged')], summary));
    expect(text).toContain('#\\u{23}[warning]forged');
    expect(text).not.toContain('##[');
  });

  it('escapes names from commits (claims by the gated party) in Markdown and HTML', () => {
    const evil = '</script><img src=x onerror=alert(1)> | x';
    const r = summarize([changeNamed(evil, { revertedBy: 'b'.repeat(40), fixedBy: [] })], summary);
    const html = renderReportHtml(r);
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/script>/g)!.length).toBe(3);
    const md = renderReportMarkdown(r);
    expect(md).not.toMatch(/(?<!\\)<img/);
    const row = md.split('\n').find((l) => l.startsWith('| \\</script'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(21); // 19 cells and the two outer pipes
  });

  it('counts escalations as model changes within a role', () => {
    expect(
      escalations([
        { role: 'execute', model: 'a' },
        { role: 'plan', model: 'b' },
        { role: 'execute', model: 'a' },
        { role: 'execute', model: 'c' },
      ]),
    ).toBe(1);
  });

  it('names ISO weeks', () => {
    expect(isoWeek('2026-01-01T12:00:00Z')).toBe('2026-W01');
    expect(isoWeek('2027-01-01T12:00:00Z')).toBe('2026-W53');
    expect(isoWeek('2025-12-29T00:00:00Z')).toBe('2026-W01');
  });
});
