/**
 * Team membership for review proofs. One request resolves every team: each
 * team is an aliased `organization { team { members } }` field, so the query
 * text depends on how many teams there are (variables carry the names).
 */
export function buildTeamMembersQuery(count: number): string {
  const vars: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    vars.push(`$org${i}: String!, $team${i}: String!`);
    fields.push(`  t${i}: organization(login: $org${i}) {
    team(slug: $team${i}) {
      members(first: 100) { pageInfo { hasNextPage endCursor } nodes { login } }
    }
  }`);
  }
  return `query ProofgateTeams(${vars.join(', ')}) {\n${fields.join('\n')}\n}\n`;
}

/** Further members of one team (a team with more than 100 members). */
export const TEAM_MEMBERS_PAGE_QUERY = /* GraphQL */ `
  query ProofgateTeamMembersPage($org: String!, $team: String!, $cursor: String) {
    organization(login: $org) {
      team(slug: $team) {
        members(first: 100, after: $cursor) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            login
          }
        }
      }
    }
  }
`;
