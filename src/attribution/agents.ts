/**
 * Lookups over the agent catalog (catalog.ts): by email, GitHub noreply bot id,
 * bot login, alias and display name.
 */
import { AGENTS, NON_AI_BOT_LOGINS, type AgentEntry } from './catalog.js';
import { parseNoreply } from './noreply.js';

export { AGENTS, NON_AI_BOT_LOGINS, type AgentEntry } from './catalog.js';


const byEmail = new Map<string, AgentEntry>();
const byNoreplyId = new Map<string, AgentEntry>();
const byLogin = new Map<string, AgentEntry>();
const byAlias = new Map<string, AgentEntry>();
const byDisplayName = new Map<string, AgentEntry>();
const byId = new Map<string, AgentEntry>();
for (const a of AGENTS) {
  byId.set(a.id, a);
  for (const e of a.emails) byEmail.set(e, a);
  for (const n of a.noreplyIds) byNoreplyId.set(n, a);
  for (const l of a.logins) byLogin.set(l, a);
  for (const al of a.aliases) byAlias.set(al, a);
  for (const d of a.displayNames) byDisplayName.set(d, a);
}


export function agentById(id: string): AgentEntry | undefined {
  return byId.get(id);
}

/** The agent a commit or trailer email belongs to (exact address or GitHub noreply bot id). */
export function agentByEmail(email: string): AgentEntry | undefined {
  const e = email.trim().toLowerCase();
  const direct = byEmail.get(e);
  if (direct) return direct;
  const noreply = parseNoreply(e);
  return noreply?.id ? byNoreplyId.get(`${noreply.id}+${noreply.login}`) : undefined;
}

/** The agent a co-author trailer names with a borrowed personal address and the agent's own name. */
export function agentByTrailerIdentity(name: string, email: string): AgentEntry | undefined {
  const e = email.trim().toLowerCase();
  const n = name.trim().toLowerCase();
  return AGENTS.find((a) => a.trailerOnlyEmails.includes(e) && (a.name.toLowerCase() === n || a.aliases.includes(n)));
}

/** Logins that a person could also hold; trusted only when GitHub says the account is a bot. */
const BOT_ONLY_LOGINS = new Set(['copilot', 'claude']);

export function agentByLogin(login: string, isBot: boolean): AgentEntry | undefined {
  const l = login.trim().toLowerCase();
  if (BOT_ONLY_LOGINS.has(l) && !isBot) return undefined;
  return byLogin.get(l);
}

/** An agent named in `Assisted-by`, `AI-assisted` or a ledger's tool field. */
export function agentByAlias(name: string): AgentEntry | undefined {
  return byAlias.get(name.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** An agent named only by an exact display name that a person would not carry. */
export function agentByDisplayName(name: string): AgentEntry | undefined {
  return byDisplayName.get(name.trim().toLowerCase().replace(/\s+/g, ' '));
}

export function isNonAiBot(identity: { login: string | null; email: string | null }): boolean {
  if (identity.login && NON_AI_BOT_LOGINS.has(identity.login.toLowerCase())) return true;
  const noreply = identity.email ? parseNoreply(identity.email.toLowerCase()) : null;
  return noreply?.id != null && NON_AI_BOT_LOGINS.has(noreply.login);
}
