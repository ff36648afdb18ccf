import { describe, expect, it } from 'vitest';
import { buildReceipt } from '../../src/receipt/json.js';
import { renderText } from '../../src/receipt/text.js';
import { commit, hugeVerdict, route, snapshot, verdict, violation } from '../support/verdicts.js';

describe('renderText', () => {
  it('starts with the conclusion and lists routes, proofs, violations and commits', () => {
    const text = renderText(buildReceipt(verdict(), snapshot()));
    const lines = text.split('\n');
    expect(lines[0]).toBe('proofgate: FAILURE — 1 violation, 1 proof missing');
    expect(text).toContain('policy: .github/proofgate.yml (base-branch at bbbbbbb)');
    expect(text).toContain(
      [
        '  migrations (1 file)',
        '    files:  db/migrations/001.sql',
        '    models: claude-sonnet-4-5 (claude-code) [standard]',
        '    proof ✗ review (review, fail): No approval from a reviewer with write access.',
        '    next:   Ask a maintainer for an approving review.',
        '    next:   Redo the change with a model in tier strong, or split it out.',
      ].join('\n'),
    );
    expect(text).toContain('  docs (1 file)\n    files:  README.md\n');
    expect(text).toContain('    proofs: none required');
    expect(text).toContain('  1. [tier] claude-haiku-4-5 (tier fast) may not touch db/migrations. (route migrations, commit 0000001)');
    expect(text).toContain('     next: Redo the change with a model in tier strong, or split it out.');
    expect(text).toContain('Commits (1 commit: 1 claude-code):');
    expect(text).toContain('  0000001  claude-code  claude-sonnet-4-5  (trailer, strong: Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>)');
    expect(lines.at(-2)).toMatch(/^receipt sha256:[0-9a-f]{64} \(proofgate /);
  });

  it('shows human commits, policy errors and the success case', () => {
    const v = verdict({
      conclusion: 'success',
      title: 'All required proof found',
      violations: [],
      routes: [],
      proofs: [],
      policyErrors: [{ file: 'p.yml', line: 2, column: 3, path: 'tiers', message: 'unknown key', hint: 'remove it' }],
      attribution: { commits: [commit(2, { agent: null, model: null, models: [], evidence: [] })], fileClaims: [], sessions: [], problems: [] },
    });
    const text = renderText(buildReceipt(v, snapshot()));
    expect(text.startsWith('proofgate: SUCCESS — All required proof found\n')).toBe(true);
    expect(text).toContain('  p.yml:2:3: unknown key at tiers (remove it)');
    expect(text).toContain('Commits (1 commit: 1 human):\n  1 commit with no AI evidence (human) not listed (see --format json)');
    expect(text).not.toContain('0000002');
  });

  it('writes terminal escape sequences, newlines and bidi controls in untrusted text as visible escapes', () => {
    const v = verdict({
      routes: [route('docs', ['evil\u001b[2J\u001b]0;pwned\u0007.md', 'two\nlines.md'])],
      violations: [violation({ message: 'bad\r\nthing\u202e' })],
    });
    const text = renderText(buildReceipt(v, snapshot()));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(text).toContain('evil\\u{1B}[2J\\u{1B}]0;pwned\\u{7}.md, two\\u{A}lines.md');
    expect(text).toContain('bad\\u{D}\\u{A}thing\\u{202E}');
  });

  it('caps long file and commit lists', () => {
    const { verdict: v, snapshot: s } = hugeVerdict();
    const text = renderText(buildReceipt(v, s));
    expect(text).toContain(', and 80 more (see --format json)');
    // Agent commits first (200 of 250; a human one every fifth), then a count of the rest.
    expect(text).toContain('  and 100 more agent commits (see --format json)');
    expect(text).toContain('  50 commits with no AI evidence (human) not listed (see --format json)');
    const listed = text.split('\n').filter((l) => /^ {2}[0-9a-f]{7} {2}/.test(l));
    expect(listed).toHaveLength(100);
    expect(listed.every((l) => !l.includes('  human  '))).toBe(true);
    expect(text).toContain('warning: the loader could not list every file or commit');
  });
});
