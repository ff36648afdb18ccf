/**
 * States and change types GitHub may add after this code: each maps to a value
 * the gate treats as not green, and the receipt names what GitHub said.
 */
import { describe, expect, it } from 'vitest';
import { mapReview } from '../../src/github/map.js';
import type { ReviewNode } from '../../src/github/response.js';

const reviewNode = (state: string): ReviewNode => ({
  id: 'PRR_1',
  state,
  author: { __typename: 'User', login: 'dave' },
  commit: { oid: 'a'.repeat(40) },
  submittedAt: '2026-11-20T10:00:00Z',
  authorCanPushToRepository: true,
});

describe('mapReview', () => {
  it('keeps a known state as GitHub spells it', () => {
    expect(mapReview(reviewNode('CHANGES_REQUESTED'))).toMatchObject({ state: 'CHANGES_REQUESTED' });
    expect(mapReview(reviewNode('CHANGES_REQUESTED'))).not.toHaveProperty('unknownState');
  });

  it('maps a state GitHub added later to UNKNOWN, keeping its spelling, never to a comment', () => {
    expect(mapReview(reviewNode('NEEDS_DISCUSSION'))).toMatchObject({ state: 'UNKNOWN', unknownState: 'NEEDS_DISCUSSION', author: { login: 'dave' } });
  });
});
