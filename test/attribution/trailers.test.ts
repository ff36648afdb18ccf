import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTrailers } from '../../src/attribution/trailers.js';
import { gitTrailers, gitTrailersMany } from './git-trailers.js';

const tricky: Array<[string, string]> = [
  ['subject only', 'Fix the thing'],
  ['subject that looks like a trailer', 'Fixes: everything'],
  ['subject and trailer-looking second line, no blank', 'Subject\nKey: value\n'],
  ['simple trailer block', 'Subject\n\nBody text.\n\nSigned-off-by: A U Thor <a@example.com>\n'],
  ['space before separator', 'Subject\n\nKey : value\nOther\t: v2\n'],
  ['two-word token is not a trailer', 'Subject\n\nTwo words: value\n'],
  ['prose with colon in last paragraph', 'Subject\n\nNote: this is prose\nand more prose here\n'],
  ['25% rule with Signed-off-by', 'Subject\n\nprose one\nprose two\nprose three\nSigned-off-by: A <a@b.c>\n'],
  ['25% rule fails without git-generated trailer', 'Subject\n\nprose one\nprose two\nKey: v\n'],
  ['below 25% with Signed-off-by', 'Subject\n\none\ntwo\nthree\nfour\nSigned-off-by: A <a@b.c>\n'],
  ['cherry-pick line counts for the block', 'Subject\n\nprose\n(cherry picked from commit abc123)\nKey: v\n'],
  ['continuation lines unfold', 'Subject\n\nKey: first\n  second\n\tthird\nOther: x\n'],
  ['continuation before any trailer', 'Subject\n\n  indented\nKey: v\n'],
  ['trailing comments and blank lines ignored', 'Subject\n\nKey: v\n\n# a comment\n\n'],
  ['comment inside block', 'Subject\n\nKey: v\n# comment\nOther: w\n'],
  ['empty value', 'Subject\n\nKey:\nOther: v\n'],
  ['value with colons', 'Subject\n\nLink: https://example.com:8080/x\n'],
  ['leading colon is not a trailer', 'Subject\n\n: value\n'],
  ['patch divider is not applied', 'Subject\n\n---\nKey: v\n'],
  ['divider line inside block', 'Subject\n\nKey: v\n---\n'],
  ['no newline at end', 'Subject\n\nKey: v'],
  ['blank first line', '\nKey: v\n'],
  ['only blank lines', '\n\n\n'],
  ['empty message', ''],
  ['whitespace-only lines separate paragraphs', 'Subject\n  \nKey: v\n'],
  ['CRLF line endings', 'Subject\r\n\r\nKey: v\r\nOther: w\r\n'],
  ['CRLF continuation', 'Subject\r\n\r\nKey: a\r\n b\r\n'],
  ['old Conflicts block', 'Subject\n\nKey: v\n\nConflicts:\n\tfile.c\n'],
  ['scissors line', 'Subject\n\nKey: v\n# ------------------------ >8 ------------------------\nNot: this\n'],
  ['unicode token is not a trailer', 'Subject\n\nClé: v\n'],
  ['unicode value', 'Subject\n\nCo-authored-by: Zoë Ünïcode <z@example.com>\n'],
  [
    'Claude Code footer then trailer',
    'Add feature\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>\n',
  ],
  [
    'footer in same paragraph as trailer',
    'Add feature\n\n🤖 Generated with [Claude Code](https://claude.ai/code)\nCo-Authored-By: Claude <noreply@anthropic.com>\n',
  ],
  [
    'Amp, either order',
    'Fix bug\n\nAmp-Thread-ID: https://ampcode.com/threads/T-5d1c3b8e-1111-2222-3333-444455556666\nCo-authored-by: Amp <amp@ampcode.com>\n',
  ],
  [
    'kernel style',
    'mm: fix a race\n\nLonger explanation here.\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Dev One <dev@kernel.org>\n',
  ],
  [
    'Copilot agent squash',
    'Add retries (#42)\n\n* Initial plan\n\n* Add retries\n\nCo-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>\nCo-authored-by: octocat <583231+octocat@users.noreply.github.com>\nAgent-Logs-Url: https://github.com/o/r/sessions/0b5c7f9e-7d7d-4c1e-9f64-1a2b3c4d5e6f\n',
  ],
  ['aider trailer', 'feat: add x\n\nCo-authored-by: aider (gemini/gemini-2.5-pro) <aider@aider.chat>\n'],
  ['Crush', 'Refactor\n\n💘 Generated with Crush\n\nAssisted-by: Crush:glm-5.3\n'],
];

describe('parseTrailers agrees with git interpret-trailers --parse --no-divider', () => {
  it.each(tricky)('%s', async (_name, message) => {
    expect(parseTrailers(message)).toEqual(await gitTrailers(message));
  });

  it('finds the trailers a user expects in a typical message', () => {
    expect(parseTrailers('Add feature\n\nBody.\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>\n')).toEqual([
      { key: 'Co-Authored-By', value: 'Claude Opus 4.6 (1M context) <noreply@anthropic.com>' },
    ]);
    expect(parseTrailers('Fixes: everything')).toEqual([]);
  });
});

const token = fc.constantFrom('Key', 'Co-authored-by', 'Co-Authored-By', 'Signed-off-by', 'Assisted-by', 'Amp-Thread-ID', 'Fixes', 'X', 'a1-b2');
const word = fc.constantFrom('fix', 'the', 'Claude', 'bug', 'http://x.io:80/p', 'a:b', 'note:', '🤖', 'Zoë', '(1M)');
const words = fc.array(word, { minLength: 0, maxLength: 4 }).map((w) => w.join(' '));

const line = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(token, fc.constantFrom(': ', ':', ' : ', '\t: ', ': '), words).map(([k, s, v]) => `${k}${s}${v}`) },
  { weight: 3, arbitrary: words },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(' ', '  ', '\t'), words).map(([i, v]) => `${i}${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('Signed-off-by: A U Thor <a@example.com>', '(cherry picked from commit 0123abc)') },
  { weight: 1, arbitrary: fc.constantFrom('# comment', '---', ': value', 'Two words: value', '  ', 'Conflicts:', '\tpath.c', 'Note: prose here') },
  { weight: 1, arbitrary: fc.constant('# ------------------------ >8 ------------------------') },
);

const message = fc
  .record({
    subject: fc.oneof(words, line),
    lines: fc.array(line, { maxLength: 10 }),
    eol: fc.constantFrom('\n', '\n', '\n', '\r\n'),
    finalEol: fc.boolean(),
    blankAfterSubject: fc.boolean(),
  })
  .map(({ subject, lines, eol, finalEol, blankAfterSubject }) => {
    const all = blankAfterSubject ? [subject, '', ...lines] : [subject, ...lines];
    return all.join(eol) + (finalEol ? eol : '');
  });

describe('parseTrailers property: agrees with git on generated messages', () => {
  it('matches git on 150 random messages', async () => {
    const samples = fc.sample(message, { numRuns: 150, seed: 20260901 });
    const fromGit = await gitTrailersMany(samples);
    const disagreements = samples
      .map((m, i) => ({ message: m, ours: parseTrailers(m), git: fromGit[i] }))
      .filter((r) => JSON.stringify(r.ours) !== JSON.stringify(r.git));
    expect(disagreements).toEqual([]);
  });

  it('matches git with fast-check shrinking on a fresh seed', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        expect(parseTrailers(m)).toEqual(await gitTrailers(m));
      }),
      { numRuns: 100 },
    );
  });
});
