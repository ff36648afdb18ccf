import { describe, expect, it } from 'vitest';
import { buildAnnotations, chunk } from '../../src/receipt/annotations.js';
import { buildReceipt } from '../../src/receipt/json.js';
import { snapshot, verdict, violation } from '../support/verdicts.js';

describe('buildAnnotations', () => {
  it('annotates each file with a violation at line 1, merging violations on the same file', () => {
    const v = verdict({
      violations: [
        violation({ files: ['db/a.sql', 'db/b.sql'] }),
        violation({ kind: 'proof', message: 'Review missing.', next: 'Ask for a review.', files: ['db/a.sql'], route: null, commit: null }),
        violation({ kind: 'budget', message: 'Session retried 9 times.', next: 'Escalate.', files: [] }),
      ],
    });
    const annotations = buildAnnotations(buildReceipt(v, snapshot()));
    expect(annotations).toEqual([
      {
        path: 'db/a.sql',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        title: 'proofgate: 2 violations',
        message:
          'claude-haiku-4-5 (tier fast) may not touch db/migrations. (route migrations)\nNext: Redo the change with a model in tier strong, or split it out.' +
          '\n\nReview missing.\nNext: Ask for a review.',
      },
      {
        path: 'db/b.sql',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        title: 'proofgate violation',
        message:
          'claude-haiku-4-5 (tier fast) may not touch db/migrations. (route migrations)\nNext: Redo the change with a model in tier strong, or split it out.',
      },
    ]);
  });

  it('annotates policy errors on the policy file at their position', () => {
    const v = verdict({
      violations: [],
      policyErrors: [
        { file: '.github/proofgate.yml', line: 12, column: 7, path: 'routes[1].require[0]', message: 'unknown proof "reveiw"', hint: 'did you mean "review"?' },
        { file: '.github/proofgate.yml', line: 0, column: 0, path: '', message: 'empty file', hint: null },
      ],
    });
    expect(buildAnnotations(buildReceipt(v, snapshot()))).toEqual([
      {
        path: '.github/proofgate.yml',
        start_line: 12,
        end_line: 12,
        start_column: 7,
        end_column: 7,
        annotation_level: 'failure',
        title: 'proofgate policy error at routes[1].require[0]',
        message: 'unknown proof "reveiw"\ndid you mean "review"?',
      },
      {
        path: '.github/proofgate.yml',
        start_line: 1,
        end_line: 1,
        start_column: 1,
        end_column: 1,
        annotation_level: 'failure',
        title: 'proofgate policy error',
        message: 'empty file',
      },
    ]);
  });

  it('caps the number of annotations (each batch of 50 is an API call)', () => {
    const files = Array.from({ length: 3000 }, (_, i) => `f${i}.ts`);
    const receipt = buildReceipt(verdict({ violations: [violation({ files })] }), snapshot());
    expect(buildAnnotations(receipt)).toHaveLength(200);
    expect(buildAnnotations(receipt, { max: 1000 })).toHaveLength(1000);
    expect(buildAnnotations(receipt, { max: 1000 })[999]!.path).toBe('f999.ts');
  });
});

describe('chunk', () => {
  it('splits into batches of 50 by default', () => {
    const batches = chunk(Array.from({ length: 120 }, (_, i) => i));
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('handles empty input, exact multiples and a custom size, and rejects a bad size', () => {
    expect(chunk([])).toEqual([]);
    expect(chunk([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => chunk([1], 0)).toThrow('chunk size must be a positive integer, got 0');
  });
});
