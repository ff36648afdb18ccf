/**
 * States and change types GitHub may add after this code: each maps to a value
 * the gate treats as not green, and the receipt names what GitHub said.
 */
import { describe, expect, it } from 'vitest';
import { mapFile, mapReview } from '../../src/github/map.js';
import type { FileNode, ReviewNode } from '../../src/github/response.js';

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

describe('mapFile', () => {
  const fileNode = (changeType: string): FileNode => ({ path: 'src/session.ts', changeType, additions: 1, deletions: 0 });

  it('keeps a known change type, and the old path REST names for a rename', () => {
    expect(mapFile(fileNode('RENAMED'), new Map([['src/session.ts', 'src/auth/session.ts']]))).toEqual({
      path: 'src/session.ts',
      status: 'renamed',
      previousPath: 'src/auth/session.ts',
      additions: 1,
      deletions: 0,
    });
  });

  it('maps a change type GitHub added later to unknown, keeping its spelling, never to a plain change', () => {
    expect(mapFile(fileNode('MOVED'), new Map())).toMatchObject({ status: 'unknown', unknownChangeType: 'MOVED' });
    // A name of Object's prototype is no change type either.
    expect(mapFile(fileNode('constructor'), new Map())).toMatchObject({ status: 'unknown', unknownChangeType: 'constructor' });
  });
});
