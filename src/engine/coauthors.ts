/**
 * Humans behind agent commits: the author or committer of a commit an agent
 * co-wrote, and the humans named in its Co-authored-by trailers. They drove the
 * agent, so by default their approval is not independent review.
 */
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
  const addLogin = (login: string | null) => {
    if (!login || login.endsWith('[bot]')) return;
    const lower = login.toLowerCase();
    if (!NOT_PEOPLE.has(lower)) logins.add(lower);
  };
  const add = (identity: Identity | null | undefined) => {
    if (identity && !identity.isBot) addLogin(identity.login ?? loginFromEmail(identity.email));
  };
  for (const commit of snapshot.commits) {
    if (!agentShas.has(commit.sha)) continue;
    add(commit.author);
    add(commit.committer);
    for (const co of commit.coAuthors ?? []) add(co);
    for (const trailer of commitTrailers(commit)) {
      if (!CO_AUTHORED_BY.test(trailer.key)) continue;
      addLogin(loginFromEmail(ADDRESS.exec(trailer.value)?.[1] ?? null));
    }
  }
  return logins;
}

function loginFromEmail(email: string | null): string | null {
  return email ? (parseNoreply(email)?.login ?? null) : null;
}
