/**
 * Humans behind agent commits: the author or committer of a commit an agent
 * co-wrote, and the humans named in its Co-authored-by trailers. They drove the
 * agent, so by default their approval is not independent review.
 */
import { agentById } from '../attribution/agents.js';
import { parseNoreply } from '../attribution/noreply.js';
import { commitTrailers } from '../attribution/attribute.js';
import type { AttributionResult } from '../attribution/types.js';
import type { Identity, Snapshot } from '../snapshot.js';

const ADDRESS = /<([^>]+)>\s*$/;
const CO_AUTHORED_BY = /^co-authored-by$/i;
/** GitHub's web-flow commits on behalf of others; it is not a person. */
const NOT_PEOPLE = new Set(['web-flow', 'github', 'ghost']);

export function agentCoauthorLogins(snapshot: Snapshot, attribution: AttributionResult): Set<string> {
  const agentShas = new Set<string>();
  for (const c of attribution.commits) if (c.agent !== null) agentShas.add(c.sha);
  const logins = new Set<string>();
  const add = (login: string | null) => {
    if (login) logins.add(login);
  };
  for (const commit of snapshot.commits) {
    if (!agentShas.has(commit.sha)) continue;
    add(personLoginOf(commit.author));
    add(personLoginOf(commit.committer));
    for (const co of commit.coAuthors ?? []) add(personLoginOf(co));
    for (const trailer of commitTrailers(commit)) {
      if (!CO_AUTHORED_BY.test(trailer.key)) continue;
      add(personLogin(loginFromEmail(ADDRESS.exec(trailer.value)?.[1] ?? null)));
    }
  }
  return logins;
}

/**
 * The people who authored or committed any commit of the pull request, agent
 * commits included, by their GitHub-linked logins (or a noreply address). They
 * wrote or pushed part of the change, so their approval is not independent
 * review: GitHub's "require approval of the most recent reviewable push" does
 * not let the person who pushed approve either. Whether a commit is an agent's
 * does not matter, so a pull request description that claims a human commit
 * for an agent cannot make its author an eligible reviewer.
 */
export function committerLogins(snapshot: Snapshot): Set<string> {
  const logins = new Set<string>();
  for (const commit of snapshot.commits) {
    for (const identity of [commit.author, commit.committer]) {
      const login = personLoginOf(identity);
      if (login) logins.add(login);
    }
  }
  return logins;
}

/**
 * The person's GitHub account an identity names, lower-cased: its linked
 * login, else the login in a noreply address; null for a bot (by type or a
 * `[bot]` login) and for GitHub's own accounts (web-flow), which are no one.
 */
function personLoginOf(identity: Identity | null | undefined): string | null {
  return identity && !identity.isBot ? personLogin(identity.login ?? loginFromEmail(identity.email)) : null;
}

/** A login, lower-cased, when it can be a person's: not a `[bot]` account nor one of GitHub's own. */
function personLogin(login: string | null): string | null {
  if (!login || login.endsWith('[bot]')) return null;
  const lower = login.toLowerCase();
  return NOT_PEOPLE.has(lower) ? null : lower;
}

function loginFromEmail(email: string | null): string | null {
  return email ? (parseNoreply(email)?.login ?? null) : null;
}

/**
 * The accounts of the agents that wrote the pull request's agent commits,
 * lower-cased login → agent id: each such agent's accounts in the catalog,
 * and the bot accounts (a `[bot]` login or noreply address) among the
 * identities and co-author trailers of its commits. An agent's approval of
 * its own work is no review, whatever `allowBots` or `allowCoauthors` say.
 */
export function agentAccountLogins(snapshot: Snapshot, attribution: AttributionResult): Map<string, string> {
  const agentOf = new Map<string, string>();
  for (const c of attribution.commits) if (c.agent !== null) agentOf.set(c.sha, c.agent);
  const accounts = new Map<string, string>();
  for (const agent of new Set(agentOf.values())) {
    for (const login of agentById(agent)?.logins ?? []) accounts.set(login.toLowerCase(), agent);
  }
  const addBot = (login: string | null, agent: string) => {
    const lower = login?.toLowerCase();
    if (lower?.endsWith('[bot]') && !accounts.has(lower)) accounts.set(lower, agent);
  };
  for (const commit of snapshot.commits) {
    const agent = agentOf.get(commit.sha);
    if (agent === undefined) continue;
    for (const identity of [commit.author, commit.committer, ...(commit.coAuthors ?? [])]) {
      addBot(identity.isBot && identity.login && !identity.login.endsWith('[bot]') ? `${identity.login}[bot]` : identity.login, agent);
      addBot(loginFromEmail(identity.email), agent);
    }
    for (const trailer of commitTrailers(commit)) {
      if (CO_AUTHORED_BY.test(trailer.key)) addBot(loginFromEmail(ADDRESS.exec(trailer.value)?.[1] ?? null), agent);
    }
  }
  return accounts;
}
