import { Octokit } from '@octokit/rest';
import type { Context } from 'probot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { resolveTeams, TeamCache } from '../../src/github/load.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github/index.js';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let fake: FakeGitHub;
let client: GitHubClient;

beforeAll(async () => {
  fake = await startFakeGitHub();
  fake.setTeam('acme', 'security', ['Alice', 'bob']);
  fake.setTeam('acme', 'platform', ['carol']);
  fake.setTeam('other', 'reviewers', ['dave']);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.resetCalls();
  client = new Octokit({ baseUrl: fake.url, auth: 'ghs_fake_installation_1', log: quiet });
});

describe('resolveTeams', () => {
  it('resolves every team in one request, lower-cased', async () => {
    const teams = await resolveTeams(client, ['acme/security', 'acme/platform', 'other/reviewers'], new TeamCache());
    expect(teams).toEqual({ 'acme/security': ['alice', 'bob'], 'acme/platform': ['carol'], 'other/reviewers': ['dave'] });
    expect(fake.calls).toHaveLength(1);
  });

  it('serves repeats from the cache until the TTL passes, per installation', async () => {
    let now = 0;
    const cache = new TeamCache({ ttlMs: 300_000, now: () => now });
    await resolveTeams(client, ['acme/security'], cache, 1);
    await resolveTeams(client, ['acme/security'], cache, 1);
    expect(fake.calls).toHaveLength(1);
    await resolveTeams(client, ['acme/security'], cache, 2);
    expect(fake.calls).toHaveLength(2);
    now = 299_999;
    await resolveTeams(client, ['acme/security', 'acme/platform'], cache, 1);
    expect(fake.calls).toHaveLength(3); // only acme/platform was fetched
    expect(fake.calls[2]?.body).toMatchObject({ variables: { org0: 'acme', team0: 'platform' } });
    now = 300_000;
    await resolveTeams(client, ['acme/security'], cache, 1);
    expect(fake.calls).toHaveLength(4);
  });

  it('gives an unknown team or organisation no members', async () => {
    const teams = await resolveTeams(client, ['acme/ghosts', 'nowhere/team'], new TeamCache());
    expect(teams).toEqual({ 'acme/ghosts': [], 'nowhere/team': [] });
  });

  it('pages a team with more than 100 members', async () => {
    fake.setTeam(
      'acme',
      'everyone',
      Array.from({ length: 250 }, (_, i) => `user${String(i).padStart(3, '0')}`),
    );
    const teams = await resolveTeams(client, ['acme/everyone'], new TeamCache());
    expect(teams['acme/everyone']).toHaveLength(250);
    expect(fake.calls).toHaveLength(3);
  });

  it('rejects a name that is not org/team', async () => {
    await expect(resolveTeams(client, ['security'], new TeamCache())).rejects.toThrow('"security" is not a team: write it as "org/team-slug".');
  });

  it('names the members permission when the token cannot read teams', async () => {
    fake.permissions = { ...fake.permissions, members: 'none' };
    try {
      await expect(resolveTeams(client, ['acme/security'], new TeamCache())).rejects.toThrow(/Organization members: Read-only/);
    } finally {
      fake.permissions = { ...fake.permissions, members: 'read' };
    }
  });
});

describe('GitHubClient', () => {
  it("is satisfied by @octokit/rest and by Probot's context.octokit", () => {
    const rest: GitHubClient = new Octokit();
    const fromProbot = (context: Context<'pull_request'>): GitHubClient => context.octokit;
    expect(typeof rest.graphql).toBe('function');
    expect(typeof fromProbot).toBe('function');
  });
});
