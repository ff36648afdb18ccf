/**
 * Attribution's memos live as long as the App does, and their strings come from
 * the gated party's commits: what they keep must be bounded in bytes, whatever
 * the commits hold. Measured as the heap left after a full collection.
 */
import { describe, expect, it } from 'vitest';
import { attributeCommit, attributionAhead } from '../../src/attribution/attribute.js';
import type { Identity } from '../../src/snapshot.js';
import { retainedBy } from '../support/heap.js';

const human: Identity = { name: 'Mallory', email: 'm@example.com', login: null, isBot: false };
const QUARTER_MB = 256 * 1024;

describe("attribution's memos", () => {
  it('keep no more than a few MB of 200 distinct 256 KB trailers (51 MB of them)', () => {
    const retained = retainedBy(() => {
      for (let i = 0; i < 200; i++) {
        const message = `Change ${i}\n\nCo-Authored-By: Claude ${i} ${'x'.repeat(QUARTER_MB)} <noreply@anthropic.com>\n`;
        attributeCommit({ message, author: human, committer: human });
      }
    });
    expect(retained).toBeLessThan(20);
  });

  it('keep no more than a few MB of 200 commits by distinct authors with 256 KB names (51 MB of them)', () => {
    const attribute = attributionAhead();
    const retained = retainedBy(() => {
      for (let i = 0; i < 200; i++) {
        const author: Identity = { name: `${i} ${'y'.repeat(QUARTER_MB)}`, email: `a${i}@example.com`, login: null, isBot: false };
        attribute({ sha: i.toString(16).padStart(40, '0'), message: `Change ${i}\n`, author, committer: author });
      }
    });
    expect(retained).toBeLessThan(20);
  });

  it('still share the evidence of the usual trailer between commits', () => {
    const message = 'Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n';
    const a = attributeCommit({ message, author: human, committer: human });
    const b = attributeCommit({ message: `Other ${message}`, author: human, committer: human });
    expect(a.agent).toBe('claude-code');
    expect(a.trailers[0]).toBe(b.trailers[0]);
  });
});
