/**
 * attribute() keeps each commit's attribution by its content (message and
 * identities), not by its sha: the same sha with other content is attributed
 * afresh, and what one caller received cannot change what the next reads.
 */
import { describe, expect, it } from 'vitest';
import { attribute } from '../../src/attribution/attribute.js';
import { emptySnapshot, type Identity, type Snapshot } from '../../src/snapshot.js';

const human: Identity = { name: 'Jane Dev', email: 'jane@example.com', login: 'janedev', isBot: false };
const copilotBot: Identity = { name: 'Jane Dev', email: 'jane@example.com', login: 'Copilot', isBot: true };

function snapshotOf(message: string, author: Identity, committer: Identity = human, sha = 'a'.repeat(40)): Snapshot {
  const snapshot = emptySnapshot('b'.repeat(40), 'c'.repeat(40));
  snapshot.commits = [{ sha, message, author, committer, parents: [], authoredAt: '2026-11-20T10:00:00Z', files: null, signature: null }];
  return snapshot;
}

const settings = { unattributed: 'human' as const };

describe('attribution cache', () => {
  it('attributes the same sha again when its message differs', () => {
    const plain = attribute(snapshotOf('Fix the parser\n', human), settings);
    expect(plain.commits[0]!.agent).toBeNull();
    const claimed = attribute(snapshotOf('Fix the parser\n\nAssisted-by: Claude:claude-opus-4-6\n', human), settings);
    expect(claimed.commits[0]).toMatchObject({ agent: 'claude-code', model: 'claude-opus-4-6' });
  });

  it('attributes the same sha and message again when an identity differs (login, bot flag)', () => {
    const message = 'Fix the parser\n';
    expect(attribute(snapshotOf(message, human), settings).commits[0]!.agent).toBeNull();
    expect(attribute(snapshotOf(message, copilotBot), settings).commits[0]!.agent).toBe('github-copilot');
    // `Copilot` names the agent only as a bot account: the bot flag is part of the key.
    expect(attribute(snapshotOf(message, { ...copilotBot, isBot: false }), settings).commits[0]!.agent).toBeNull();
    expect(attribute(snapshotOf(message, { ...copilotBot, login: null }), settings).commits[0]!.agent).toBeNull();
    // The committer counts as well as the author: the same sha, message and author, another committer.
    expect(attribute(snapshotOf(message, human, human), settings).commits[0]!.agent).toBeNull();
    expect(attribute(snapshotOf(message, human, copilotBot), settings).commits[0]!.agent).toBe('github-copilot');
  });

  it('attributes the same sha and message again when one field of the identities differs, whichever is seen first', () => {
    const message = 'Tidy the lexer\n';
    // Pairs that differ in one field only, and whose attribution differs.
    const pairs: Array<[field: string, agent: Identity, other: Identity]> = [
      [
        'name',
        { name: 'Jane Dev (aider)', email: 'jane@example.com', login: null, isBot: false },
        { name: 'Jane Dev', email: 'jane@example.com', login: null, isBot: false },
      ],
      [
        'email',
        { name: 'Jane Dev', email: '198982749+Copilot@users.noreply.github.com', login: null, isBot: false },
        { name: 'Jane Dev', email: 'jane@example.com', login: null, isBot: false },
      ],
      ['login', copilotBot, { ...copilotBot, login: 'janedev' }],
      ['bot flag', copilotBot, { ...copilotBot, isBot: false }],
    ];
    let n = 0;
    for (const [field, agent, other] of pairs) {
      for (const order of [
        [other, agent],
        [agent, other],
      ]) {
        // A sha of its own for each sequence, the same identity as author and committer.
        const sha = (n++).toString(16).padStart(40, 'e');
        const agents = order.map((who) => attribute(snapshotOf(message, who, who, sha), settings).commits[0]!.agent);
        expect(agents, field).toEqual(order.map((who) => (who === agent ? expect.any(String) : null)));
      }
    }
  });

  it('keeps its own copy of the identities: a caller changing its commit afterwards gets a fresh attribution', () => {
    const message = 'Tidy the lexer again\n';
    const who: Identity = { ...human };
    const sha = 'f'.repeat(40);
    expect(attribute(snapshotOf(message, who, human, sha), settings).commits[0]!.agent).toBeNull();
    who.login = 'Copilot';
    who.isBot = true;
    expect(attribute(snapshotOf(message, who, human, sha), settings).commits[0]!.agent).toBe('github-copilot');
  });

  it('tells a missing name from an empty one (keys cannot collide)', () => {
    const message = 'Fix the parser\n';
    const a = attribute(snapshotOf(message, { name: null, email: 'x@example.com', login: null, isBot: false }), settings);
    const b = attribute(snapshotOf(message, { name: '', email: 'x@example.com', login: null, isBot: false }), settings);
    expect(a.commits[0]!.evidence).toEqual(b.commits[0]!.evidence);
    const c = attribute(snapshotOf(message, { name: 'Claude', email: 'noreply@anthropic.com', login: null, isBot: false }), settings);
    const d = attribute(snapshotOf(message, { name: 'Claude', email: null, login: 'noreply@anthropic.com', isBot: false }), settings);
    expect(c.commits[0]!.evidence.map((e) => e.detail)).not.toEqual(d.commits[0]!.evidence.map((e) => e.detail));
  });

  it('keeps identities that share an email apart, also when more of them come than it keeps for one email', () => {
    const shared = (login: string, isBot: boolean): Identity => ({ name: 'Shared', email: 'shared@example.com', login, isBot });
    const sha = (n: number) => n.toString(16).padStart(40, '0');
    expect(attribute(snapshotOf('One\n', shared('Copilot', true), human, sha(1)), settings).commits[0]!.agent).toBe('github-copilot');
    for (let n = 0; n < 40; n++) {
      expect(attribute(snapshotOf(`Other ${n}\n`, shared(`dev${n}`, n % 2 === 0), human, sha(100 + n)), settings).commits[0]!.agent).toBeNull();
    }
    expect(attribute(snapshotOf('Two\n', shared('Copilot', true), human, sha(2)), settings).commits[0]!.agent).toBe('github-copilot');
    expect(attribute(snapshotOf('Three\n', shared('Copilot', false), human, sha(3)), settings).commits[0]!.agent).toBeNull();
  });

  it('names the role an identity played, when the same identity authors one commit and commits another', () => {
    const snapshot = snapshotOf('First\n', copilotBot, human);
    snapshot.commits.push({ ...snapshot.commits[0]!, sha: 'd'.repeat(40), message: 'Second\n', author: human, committer: copilotBot });
    const result = attribute(snapshot, settings);
    expect(result.commits[0]!.evidence.map((e) => e.detail)).toEqual([expect.stringMatching(/^author /)]);
    expect(result.commits[1]!.evidence.map((e) => e.detail)).toEqual([expect.stringMatching(/^committer /)]);
  });

  it('hands out evidence no caller can change for the next one', () => {
    const message = 'Add a route\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nAssisted-by: Claude:claude-opus-4-6\n';
    const first = attribute(snapshotOf(message, human), settings);
    const evidence = first.commits[0]!.evidence[0]!;
    const detail = evidence.detail;
    expect(() => {
      (evidence as { detail: string }).detail = 'tampered';
    }).toThrow(TypeError);
    expect(() => {
      (evidence as { model: string | null }).model = 'gpt-5-nano';
    }).toThrow(TypeError);
    const again = attribute(snapshotOf(message, human), settings);
    expect(again.commits[0]!.evidence[0]!.detail).toBe(detail);
    expect(again.commits[0]!.model).toBe('claude-opus-4-6');
  });

  it('shares one frozen evidence object between commits with the same trailer, never between evidence that differs', () => {
    const opus = 'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>';
    const snapshot = snapshotOf(`First\n\n${opus}\n`, human, human, '1'.repeat(40));
    const second = { ...snapshot.commits[0]!, sha: '2'.repeat(40), message: `Second\n\n${opus}\n` };
    const sonnet = { ...snapshot.commits[0]!, sha: '3'.repeat(40), message: 'Third\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\n' };
    snapshot.commits.push(second, sonnet);
    const [a, b, c] = attribute(snapshot, settings).commits;
    expect(a!.evidence[0]).toBe(b!.evidence[0]);
    expect(Object.isFrozen(a!.evidence[0])).toBe(true);
    expect(c!.evidence[0]).not.toBe(a!.evidence[0]);
    expect([a!.model, b!.model, c!.model]).toEqual(['claude-opus-4-6', 'claude-opus-4-6', 'claude-sonnet-4-5']);
    expect(c!.evidence[0]!.detail).toBe('Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>');
  });
});
