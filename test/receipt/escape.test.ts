import { describe, expect, it } from 'vitest';
import { code, md, plainTitle, visible } from '../../src/receipt/escape.js';
import { liveText, tagNames, textOutsideCode, toHtml } from '../support/gfm.js';

/** The inline HTML GitHub-flavoured markdown makes of one paragraph. */
const inline = (markdown: string) => toHtml(markdown).replace(/^<p>|<\/p>\n?$/g, '');

describe('visible', () => {
  it('writes controls, invisible characters and status marks as \\u{…} escapes', () => {
    expect(visible('a\nb\r\u0007')).toBe('a\\u{A}b\\u{D}\\u{7}');
    expect(visible('x\u200by\u200d\u2060\ufeff')).toBe('x\\u{200B}y\\u{200D}\\u{2060}\\u{FEFF}');
    expect(visible('evil\u202egnp.ts')).toBe('evil\\u{202E}gnp.ts');
    expect(visible('✅ ✓ ❌ ⏳ 🟢 ☑')).toBe('\\u{2705} \\u{2713} \\u{274C} \\u{23F3} \\u{1F7E2} \\u{2611}');
    expect(visible('a\u00a0b\u3000c\u2028d\tz')).toBe('a\\u{A0}b\\u{3000}c\\u{2028}d\\u{9}z');
    expect(visible('\u3164\ufe0f')).toBe('\\u{3164}\\u{FE0F}');
  });

  it('leaves ordinary text of any script alone', () => {
    for (const s of ['src/auth/login.ts', 'docs/文档/ü-ß.md', 'claude-opus-4-6 (claude-code) [strong]', 'naïve café — …', 'a → b']) {
      expect(visible(s)).toBe(s);
    }
  });
});

describe('code', () => {
  it('is a code span GitHub shows verbatim', () => {
    for (const s of ['a`b', '`lead', 'trail`', '``double``', ' spaced ', '<img src=x>', '[x](https://evil.example)', '@org/team #12']) {
      const html = inline(code(s));
      expect(html).toBe(`<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</code>`);
    }
  });

  it('escapes pipes only in a table cell, where GitHub takes \\| back to |', () => {
    expect(code('a|b')).toBe('`a|b`');
    expect(code('a|b', 200, { inTable: true })).toBe('`a\\|b`');
    const html = toHtml(`| x |\n| --- |\n| ${code('a|b|c', 200, { inTable: true })} |\n`);
    expect(html).toContain('<td><code>a|b|c</code></td>');
  });

  it('shows an empty value as a blank span, clips long ones and keeps them on one line', () => {
    expect(code('')).toBe('` `');
    expect(code('abcdef', 4)).toBe('`abc…`');
    expect(code('a\nb')).toBe('`a\\u{A}b`');
  });
});

describe('md', () => {
  const hostile = [
    'Sign in at https://evil.example/login',
    'or www.evil.example/login',
    'or [Sign in](https://evil.example/login)',
    'or <https://evil.example/login>',
    'mail admin@evil.example',
    'cc @acme/security @alice',
    'fixes #12 and acme/widgets#3 and GH-4',
    ':white_check_mark: :+1: passed',
    '<img src=x onerror=alert(1)> <b>bold</b>',
    '**bold** _em_ ~~strike~~ `code`',
  ];

  it('leaves no link, mention, reference, emoji shortcode or HTML live', () => {
    for (const text of hostile) {
      const html = inline(md(text));
      expect([...tagNames(html)], text).toEqual([]);
      expect(liveText(textOutsideCode(html)), text).toEqual([]);
    }
  });

  it('still reads as the same words', () => {
    for (const text of hostile) {
      expect(textOutsideCode(inline(md(text))).replace(/\u2060/g, '')).toBe(text);
    }
  });

  it('keeps a table cell whole', () => {
    const html = toHtml(`| a | b |\n| --- | --- |\n| ${md('x | y\n| z |')} | ok |\n`);
    expect(html.match(/<td>/g)).toHaveLength(2);
  });
});

describe('plainTitle', () => {
  it('keeps letters, digits and plain punctuation on one line', () => {
    expect(plainTitle('Waiting for 1 proof: review')).toBe('Waiting for 1 proof: review');
    expect(plainTitle('Required proof failed: ci / test (linux)')).toBe('Required proof failed: ci / test (linux)');
  });

  it('drops table bars, emoji, marks and invisible characters', () => {
    expect(plainTitle('|-✅-pass-|')).toBe('?-?-pass-?');
    expect(plainTitle('a\nb\u202ec\u200bd')).toBe('a b?c?d');
    expect(plainTitle('ok\ufe0f')).toBe('ok?');
    expect(plainTitle('x'.repeat(300))).toHaveLength(120);
  });
});
