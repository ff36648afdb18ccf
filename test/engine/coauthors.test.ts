/**
 * The humans behind agent commits (src/engine/coauthors.ts; docs/policy.md,
 * `allowCoauthors`): the author and committer of a commit an agent co-wrote
 * and the people its Co-authored-by trailers name. Their approval is not
 * independent review.
 */
import { describe, expect, it } from 'vitest';
import type { AttributionResult } from '../../src/attribution/types.js';
import { agentCoauthorLogins } from '../../src/engine/coauthors.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { CommitSnapshot, Identity } from '../../src/snapshot.js';
import { agentCommit, claude, commit, human, NOW, policy, pr, review } from '../support/snapshots.js';

const id = (login: string | null, email: string | null = null, isBot = false): Identity => ({ name: 'x', email, login, isBot });

function logins(commits: Array<[CommitSnapshot, agent: string | null]>): string[] {
  const attribution: AttributionResult = {
    commits: commits.map(([c, agent]) => ({ sha: c.sha, agent, model: null, models: [], evidence: [] })),
    fileClaims: [],
    sessions: [],
    problems: [],
  };
  return [...agentCoauthorLogins(pr(commits.map(([c]) => c)), attribution)].sort();
}

describe('co-authors of agent commits', () => {
  it('are the author, the committer and the co-authors of agent commits only, by lower-case login', () => {
    const agent = { ...commit('Change', null, id('Bob')), committer: id('Carol'), coAuthors: [id('Dave')] };
    const person = { ...commit('Change', null, id('erin')), coAuthors: [id('frank')] };
    expect(
      logins([
        [agent, 'claude-code'],
        [person, null],
      ]),
    ).toEqual(['bob', 'carol', 'dave']);
  });

  it('take the login from a GitHub noreply address when GitHub linked no account', () => {
    const c = { ...commit('Change', null, id(null, '12345+Gina@users.noreply.github.com')), committer: id(null, 'hank@example.com') };
    expect(logins([[c, 'cursor']])).toEqual(['gina']);
  });

  it('read Co-authored-by trailers (any case) with a noreply address, and no other trailer', () => {
    const message = [
      'Change',
      '',
      'CO-AUTHORED-BY: Ivy <999+ivy@users.noreply.github.com>',
      'Co-authored-by: Jack <jack@example.com>',
      'Co-authored-by: Kim',
      'Signed-off-by: Lee <777+lee@users.noreply.github.com>',
    ].join('\n');
    expect(logins([[commit(message, null, id('bob')), 'claude-code']])).toEqual(['bob', 'ivy']);
  });

  it('are never bots, nor the accounts GitHub commits as on behalf of others', () => {
    const c = {
      ...commit('Change\n\nCo-authored-by: helper[bot] <1+helper[bot]@users.noreply.github.com>', null, id('Web-Flow')),
      committer: id('GitHub'),
      coAuthors: [id('Ghost'), id('renovate', null, true), id('dependabot[bot]')],
    };
    expect(logins([[c, 'claude-code']])).toEqual([]);
  });

  it('are refused as reviewers, case aside, and so is a bot that co-wrote, while another bot may approve where bots may', () => {
    const p = policy({ version: 1, proofs: { r: { kind: 'review', allowBots: true } }, routes: [{ name: 'all', paths: ['**'], require: ['r'] }] });
    const driven = agentCommit(['src/a.ts'], `${claude()}\nCo-authored-by: Bob <42+Bob@users.noreply.github.com>`, human('erin'));
    expect(evaluate(p, pr([driven], { reviews: [review('BOB')] }), { now: NOW }).conclusion).toBe('pending');
    const helped = agentCommit(['src/a.ts'], `${claude()}\nCo-authored-by: helper[bot] <1+helper[bot]@users.noreply.github.com>`, human('erin'));
    expect(evaluate(p, pr([helped], { reviews: [review('helper[bot]')] }), { now: NOW }).conclusion).toBe('pending');
    expect(evaluate(p, pr([helped], { reviews: [review('other[bot]')] }), { now: NOW }).conclusion).toBe('success');
  });
});
