import type { GitHubClient } from './client.js';
import { GitHubError } from './errors.js';
import { runQuery } from './graphql.js';
import { buildTeamMembersQuery, TEAM_MEMBERS_PAGE_QUERY } from './queries/teams.js';

const MAX_MEMBER_PAGES = 50;

interface TeamNode {
  team: {
    members: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ login: string } | null> | null };
  } | null;
}

/**
 * Team members per installation for a short time (default 5 minutes): review
 * proofs re-evaluate on every review and check event, membership rarely changes.
 */
export class TeamCache {
  private readonly entries = new Map<string, { members: string[]; expires: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(opts: { ttlMs?: number; now?: () => number; maxEntries?: number } = {}) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  get(installation: string, team: string): string[] | null {
    const key = `${installation}\u0000${team}`;
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.members;
  }

  set(installation: string, team: string, members: string[]): void {
    if (this.entries.size >= this.maxEntries) {
      // Oldest insertion first: Map keeps insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(`${installation}\u0000${team}`, { members, expires: this.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

function parseTeam(team: string): { org: string; slug: string } {
  const m = /^@?([^/\s]+)\/([^/\s]+)$/.exec(team.trim());
  if (!m) throw new GitHubError(`"${team}" is not a team: write it as "org/team-slug".`, { kind: 'invalid', status: null, cause: null });
  return { org: m[1]!, slug: m[2]!.toLowerCase() };
}

/** Members of the teams that could be read, and the teams the token may not read. */
export interface TeamLookup {
  members: Record<string, string[]>;
  /**
   * Teams GitHub refused to show (FORBIDDEN): the token lacks organisation
   * members access (an App without `members: read`; GITHUB_TOKEN, which never
   * has it). Not cached: the next evaluation tries again.
   */
  unreadable: string[];
}

/**
 * Resolves "org/team-slug" names to lower-cased member logins with one
 * GraphQL request for all uncached teams (plus a page per further 100 members
 * of a large team). A team GitHub does not know resolves to no members, so a
 * review proof naming it cannot pass; a team GitHub refuses to show is
 * reported as unreadable, for the review proof to say what access is missing.
 * `installation` keys the cache: an installation's token decides which teams
 * are visible.
 */
export async function lookUpTeams(client: GitHubClient, teams: string[], cache: TeamCache, installation: string | number = 'default'): Promise<TeamLookup> {
  const scope = String(installation);
  const out: Record<string, string[]> = {};
  const missing: string[] = [];
  for (const team of [...new Set(teams)]) {
    const cached = cache.get(scope, team);
    if (cached) out[team] = cached;
    else missing.push(team);
  }
  if (missing.length === 0) return { members: out, unreadable: [] };

  const parsed = missing.map(parseTeam);
  const variables: Record<string, string> = {};
  parsed.forEach((t, i) => {
    variables[`org${i}`] = t.org;
    variables[`team${i}`] = t.slug;
  });
  const forbidden = new Set<string>();
  const data = await runQuery<Record<string, TeamNode | null>>(client, buildTeamMembersQuery(parsed.length), variables, {
    doing: `reading members of ${missing.join(', ')}`,
    // An unknown organisation is an unknown team: no members. A refused one is
    // recorded by its alias (`t0`); without a path, every team counts as refused.
    tolerate: (e) => {
      if (e.type === 'FORBIDDEN') {
        forbidden.add(typeof e.path?.[0] === 'string' ? e.path[0] : '*');
        return true;
      }
      return e.type === 'NOT_FOUND';
    },
  });

  const unreadable: string[] = [];
  for (const [i, team] of missing.entries()) {
    if (forbidden.has(`t${i}`) || forbidden.has('*')) {
      unreadable.push(team);
      continue;
    }
    const node = data[`t${i}`]?.team ?? null;
    const members = (node?.members.nodes ?? []).flatMap((m) => (m ? [m.login.toLowerCase()] : []));
    let cursor = node?.members.pageInfo.hasNextPage ? node.members.pageInfo.endCursor : null;
    for (let page = 0; cursor && page < MAX_MEMBER_PAGES; page++) {
      const { org, slug } = parsed[i]!;
      const next = await runQuery<{ organization: TeamNode | null }>(
        client,
        TEAM_MEMBERS_PAGE_QUERY,
        { org, team: slug, cursor },
        { doing: `reading members of ${team}` },
      );
      const members2 = next.organization?.team?.members;
      members.push(...(members2?.nodes ?? []).flatMap((m) => (m ? [m.login.toLowerCase()] : [])));
      cursor = members2?.pageInfo.hasNextPage ? members2.pageInfo.endCursor : null;
    }
    const sorted = [...new Set(members)].sort();
    cache.set(scope, team, sorted);
    out[team] = sorted;
  }
  return { members: out, unreadable };
}

/** lookUpTeams for callers that need every team: a team the token may not read is an error. */
export async function resolveTeams(
  client: GitHubClient,
  teams: string[],
  cache: TeamCache,
  installation: string | number = 'default',
): Promise<Record<string, string[]>> {
  const { members, unreadable } = await lookUpTeams(client, teams, cache, installation);
  if (unreadable.length > 0) {
    throw new GitHubError(
      `GitHub refused to show the members of ${unreadable.join(', ')}: the token cannot read organization teams (an App needs "Organization members: Read-only"; GITHUB_TOKEN never can).`,
      { kind: 'permission', status: null, cause: null },
    );
  }
  return members;
}
