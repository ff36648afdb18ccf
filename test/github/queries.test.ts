import { parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ciSignals from '../../src/github/queries/ci-signals.js';
import { buildCommittedFilesQuery } from '../../src/github/queries/committed-files.js';
import * as fragments from '../../src/github/queries/fragments.js';
import * as openPulls from '../../src/github/queries/open-pulls.js';
import * as pullRequest from '../../src/github/queries/pull-request.js';
import * as teams from '../../src/github/queries/teams.js';
import { githubGraphQLSchema } from '../support/fake-github/schema.js';

let schema: GraphQLSchema;

beforeAll(() => {
  schema = githubGraphQLSchema();
});

function errorsOf(query: string): string[] {
  return validate(schema, parse(query)).map((e) => e.message);
}

/** Every exported query document in src/github/queries. */
const documents: Array<[string, string]> = Object.entries<unknown>({ ...pullRequest, ...openPulls, ...teams, ...ciSignals }).filter(
  (entry): entry is [string, string] => typeof entry[1] === 'string' && /^\s*query\b/.test(entry[1]),
);

describe("GraphQL queries against GitHub's schema", () => {
  it('finds the query documents', () => {
    expect(documents.map(([name]) => name).sort()).toEqual([
      'CHECK_RUNS_PAGE_QUERY',
      'CHECK_SUITES_PAGE_QUERY',
      'CI_SIGNALS_QUERY',
      'DELETED_BRANCH_QUERY',
      'HEAD_COMMIT_QUERY',
      'OPEN_PULL_REQUESTS_INTO_BRANCH_QUERY',
      'OPEN_PULL_REQUESTS_INTO_BRANCH_WITH_BASES_QUERY',
      'OPEN_PULL_REQUESTS_QUERY',
      'OPEN_PULL_REQUESTS_WITH_BASES_QUERY',
      'PULL_REQUEST_COMMITS_QUERY',
      'PULL_REQUEST_PAGE_QUERY',
      'PULL_REQUEST_QUERY',
      'STATUS_CONTEXTS_PAGE_QUERY',
      'TEAM_MEMBERS_PAGE_QUERY',
    ]);
  });

  it.each(documents)('%s is valid', (_name, query) => {
    expect(errorsOf(query)).toEqual([]);
  });

  it.each([
    [1, ['.proofgate/sessions']],
    [3, ['', '.agent-trace', 'out/ledgers']],
  ])('the committed-files query for %i commits and directories %j is valid', (commits, dirs) => {
    expect(errorsOf(buildCommittedFilesQuery(commits, dirs))).toEqual([]);
  });

  it.each([1, 2, 7])('the team query for %i teams is valid', (n) => {
    expect(errorsOf(teams.buildTeamMembersQuery(n))).toEqual([]);
  });

  it('every fragment is used by some query', () => {
    const all = documents.map(([, q]) => q).join('\n');
    for (const text of Object.values(fragments)) {
      const name = /fragment (\w+)/.exec(text)?.[1];
      expect(all).toContain(`...${name}`);
    }
  });

  it('rejects a field GitHub does not have (the check is real)', () => {
    expect(errorsOf('query { viewer { loginName } }')[0]).toMatch(/Cannot query field "loginName"/);
  });
});
