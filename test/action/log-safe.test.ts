import { describe, expect, it } from 'vitest';
import { logSafe } from '../../src/action/log-safe.js';

describe('logSafe', () => {
  it('writes line breaks, terminal escapes, separators and bidi controls as escapes', () => {
    expect(logSafe('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(logSafe('\u001b[31mred\u0000\u0085\u2028\u202e')).toBe('\\u001b[31mred\\u0000\\u0085\\u2028\\u202e');
  });

  it('leaves ordinary text, unicode and workflow-command text within a line alone', () => {
    expect(logSafe('src/日本語/naïve café.ts ::warning::x')).toBe('src/日本語/naïve café.ts ::warning::x');
  });

  it("breaks up the runner's older `##[command]` form, which it reads anywhere in a line", () => {
    expect(logSafe('a ##[add-mask]b ###[error]c')).toBe('a #\\u{23}[add-mask]b ##\\u{23}[error]c');
    expect(logSafe('a ##[add-mask]b')).not.toContain('##[');
  });
});
