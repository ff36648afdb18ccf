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
/** GitHub's web-flow commits on behalf of others; it is not a person. */
const NOT_PEOPLE = new Set(['web-flow', 'github', 'ghost']);

export function agentCoauthorLogins(snapshot: Snapshot, attribution: AttributionResult): Set<string> {
  const agentShas = new Set(attribution.commits.filter((c) => c.agent !== null).map((c) => c.sha));
  const logins = new Set<string>();
  const add = (identity: Identity | null | undefined) => {
    if (!identity || identity.isBot) return;
    const login = identity.login ?? loginFromEmail(identity.email);
    if (login && !login.endsWith('[bot]') && !NOT_PEOPLE.has(login.toLowerCase())) logins.add(login.toLowerCase());
  };
  for (const commit of snapshot.commits) {
    if (!agentShas.has(commit.sha)) continue;
    add(commit.author);
    add(commit.committer);
    for (const co of commit.coAuthors ?? []) add(co);
    for (const trailer of commitTrailers(commit)) {
      if (trailer.key.toLowerCase() !== 'co-authored-by') continue;
      const email = ADDRESS.exec(trailer.value)?.[1] ?? null;
      add({ name: null, email, login: null, isBot: false });
    }
  }
  return logins;
}

function loginFromEmail(email: string | null): string | null {
  return email ? (parseNoreply(email)?.login ?? null) : null;
}
