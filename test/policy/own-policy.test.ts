import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorsOf } from './helpers.js';

describe("proofgate's own .github/proofgate.yml", () => {
  it('is a valid policy', () => {
    expect(errorsOf(readFileSync(new URL('../../.github/proofgate.yml', import.meta.url), 'utf8'))).toEqual([]);
  });
});
