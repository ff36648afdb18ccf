/**
 * Whether a GraphQL document may create content is read from its text with
 * strings and comments dropped whole: `#` inside a string starts no comment,
 * and `mutation` inside a string or a comment is no operation.
 */
import { describe, expect, it } from 'vitest';
import { isContentWrite } from '../../src/app/lanes.js';

describe('isContentWrite and GraphQL strings', () => {
  it('counts a mutation that follows a string holding "#" on the same line as a write', () => {
    const doc = 'query Q { repository(owner: "a", name: "#b") { id } } mutation M { addStar(input: { starrableId: "x" }) { clientMutationId } }';
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: doc })).toBe(true);
  });

  it('counts a mutation after a block string holding "#" as a write', () => {
    const doc = 'mutation M($b: String = """ # """) { addComment(input: { subjectId: "x", body: $b }) { clientMutationId } }';
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: `query { a(x: "#") }${doc}` })).toBe(true);
  });

  it('reads a query whose strings or comments merely mention a mutation as a read', () => {
    const doc = 'query Q($s: String = "mutation { x }") { # mutation M { y }\n search(query: "mutation", type: ISSUE, first: 1) { issueCount } }';
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: doc })).toBe(false);
    expect(isContentWrite({ method: 'POST', url: '/graphql', query: 'query { a(x: "\\"") } subscription S { b }' })).toBe(true);
  });
});
