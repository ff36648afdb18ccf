/**
 * Lookups over the agent catalog (catalog.ts): by email, GitHub noreply bot id,
 * bot login, alias and display name.
 */
import { AGENTS, NON_AI_BOT_LOGINS, type AgentEntry } from './catalog.js';
import { parseNoreply } from './noreply.js';

export { AGENTS, NON_AI_BOT_LOGINS, type AgentEntry } from './catalog.js';

const byEmail = new Map<string, AgentEntry>();
/** Numeric GitHub account id → agent. */
const byAccountId = new Map<string, AgentEntry>();
const byLogin = new Map<string, AgentEntry>();
const byAlias = new Map<string, AgentEntry>();
const byDisplayName = new Map<string, AgentEntry>();
const byId = new Map<string, AgentEntry>();
for (const a of AGENTS) {
  byId.set(a.id, a);
  for (const e of a.emails) byEmail.set(e, a);
  for (const n of a.noreplyIds) byAccountId.set(n.slice(0, n.indexOf('+')), a);
  for (const l of a.logins) byLogin.set(l, a);
  for (const al of a.aliases) byAlias.set(al, a);
  for (const d of a.displayNames) byDisplayName.set(d, a);
}

export function agentById(id: string): AgentEntry | undefined {
  return byId.get(id);
}

/**
 * The agent a commit or trailer email belongs to: an exact address, or a
 * GitHub noreply address (`[<id>+]<login>@users.noreply.github.com`) of an
 * agent account, named by its numeric account id or by its `[bot]` login.
 * Other logins (`copilot`, `claude`) could be a person's and count only with
 * the agent account's id.
 */
export function agentByEmail(email: string): AgentEntry | undefined {
  // Some tools write the address quoted (`\"160964065+MentatBot@users.noreply.github.com\"`).
  const e = email
    .trim()
    .toLowerCase()
    .replace(/^[\\"'“”]+|[\\"'“”]+$/g, '');
  const direct = byEmail.get(e);
  if (direct) return direct;
  const noreply = parseNoreply(e);
  if (!noreply) return undefined;
  return (noreply.id ? byAccountId.get(noreply.id) : undefined) ?? agentByBotLogin(noreply.login);
}

/** The agent whose `[bot]` login this is (GitHub Apps' accounts; no person can hold one). */
export function agentByBotLogin(login: string): AgentEntry | undefined {
  const l = login.trim().toLowerCase();
  return l.endsWith('[bot]') ? byLogin.get(l) : undefined;
}

/** The agent a GitHub account id belongs to (a PR author's `databaseId`). */
export function agentByAccountId(id: number | string): AgentEntry | undefined {
  return byAccountId.get(String(id));
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
  // GitHub's GraphQL spells a bot's login without `[bot]`.
  return byLogin.get(l) ?? (isBot && !l.endsWith('[bot]') ? byLogin.get(`${l}[bot]`) : undefined);
}

/** An agent named in `Assisted-by`, `AI-assisted` or a ledger's tool field. */
export function agentByAlias(name: string): AgentEntry | undefined {
  return byAlias.get(name.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** An agent named only by an exact display name that a person would not carry. */
export function agentByDisplayName(name: string): AgentEntry | undefined {
  return byDisplayName.get(name.trim().toLowerCase().replace(/\s+/g, ' '));
}

/** Automation that is not an AI agent, by login or by noreply address (with or without the account id). */
export function isNonAiBot(identity: { login: string | null; email: string | null }): boolean {
  if (identity.login && NON_AI_BOT_LOGINS.has(identity.login.toLowerCase())) return true;
  const noreply = identity.email ? parseNoreply(identity.email.toLowerCase()) : null;
  return noreply !== null && NON_AI_BOT_LOGINS.has(noreply.login);
}
