/**
 * Evidence a commit carries about the agent that wrote it: its author and
 * committer identities, its trailers, and footer lines in its message.
 */
import type { Identity } from '../snapshot.js';
import {
  AGENTS,
  agentByAlias,
  agentByDisplayName,
  agentByEmail,
  agentByTrailerIdentity,
  agentByLogin,
  isNonAiBot,
} from './agents.js';
import { modelFromDisplayName, normaliseModel } from './models.js';
import type { Trailer } from './trailers.js';
import type { AttributionEvidence } from './types.js';

/** Trailers whose value is a person (or agent) as `Name <email>`. */
const IDENTITY_TRAILERS = new Set([
  'co-authored-by',
  'signed-off-by',
  'co-developed-by',
  'assisted-by',
  'generated-by',
  'helped-by',
  'authored-by',
]);

/** Split `Name <email>` (or `Name email@host` without brackets). */
export function parseNameEmail(value: string): { name: string; email: string | null } {
  const angle = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (angle) return { name: (angle[1] ?? '').trim(), email: (angle[2] ?? '').toLowerCase() };
  const bare = /^(.*?)\s+(\S+@\S+\.\S+)$/.exec(value.trim());
  if (bare) return { name: (bare[1] ?? '').trim(), email: (bare[2] ?? '').toLowerCase() };
  return { name: value.trim(), email: null };
}

function describeIdentity(role: string, id: Identity): string {
  const who = [id.name, id.email ? `<${id.email}>` : null].filter(Boolean).join(' ');
  return id.login ? `${role} ${who} (GitHub: ${id.login})` : `${role} ${who}`;
}

function modelFor(name: string | null): string | null {
  return name ? modelFromDisplayName(name) : null;
}

export function identityEvidence(role: 'author' | 'committer', id: Identity): AttributionEvidence[] {
  if (isNonAiBot(id)) return [];
  const detail = describeIdentity(role, id);
  const byEmail = id.email ? agentByEmail(id.email) : undefined;
  const byLogin = id.login ? agentByLogin(id.login, id.isBot) : undefined;
  const strong = byEmail ?? byLogin;
  if (strong) {
    return [{ source: 'identity', detail, strength: 'strong', agent: strong.id, model: modelFor(id.name) }];
  }
  const name = id.name ?? '';
  // aider's --attribute-author/--attribute-committer convention (v0.40 to v0.84).
  if (/ \(aider\)$/.test(name)) {
    return [{ source: 'identity', detail, strength: 'medium', agent: 'aider', model: null }];
  }
  const byName = agentByDisplayName(name) ?? (/^openhands-/i.test(name) ? agentByAlias('openhands') : undefined);
  if (byName) {
    return [{ source: 'identity', detail, strength: 'weak', agent: byName.id, model: modelFor(name) }];
  }
  return [];
}

/** `Assisted-by: AGENT:MODEL [tools]` (Linux kernel) and the free forms seen elsewhere. */
function assistedByEvidence(trailer: Trailer): AttributionEvidence {
  const detail = `${trailer.key}: ${trailer.value}`;
  const kernel = /^([^:<>]+?):([^\s/][^\s]*)(?:\s.*)?$/.exec(trailer.value);
  if (kernel) {
    const agent = agentByAlias(kernel[1] ?? '');
    const model = normaliseModel(kernel[2] ?? '');
    return agent
      ? { source: 'trailer', detail, strength: 'medium', agent: agent.id, model }
      : { source: 'trailer', detail, strength: 'weak', agent: 'unknown', model };
  }
  const value = parseNameEmail(trailer.value).name;
  const whole = agentByAlias(value);
  if (whole) return { source: 'trailer', detail, strength: 'medium', agent: whole.id, model: null };
  const words = value.split(/\s+/);
  for (let n = Math.min(words.length - 1, 3); n >= 1; n--) {
    const agent = agentByAlias(words.slice(0, n).join(' '));
    if (agent) {
      const rest = words.slice(n).join(' ');
      const model = modelFromDisplayName(value) ?? normaliseModel(rest);
      return { source: 'trailer', detail, strength: 'weak', agent: agent.id, model };
    }
  }
  return { source: 'trailer', detail, strength: 'weak', agent: 'unknown', model: normaliseModel(value) };
}

function sessionTrailerEvidence(trailer: Trailer): AttributionEvidence | null {
  const key = trailer.key.toLowerCase();
  for (const agent of AGENTS) {
    for (const st of agent.sessionTrailers) {
      if (st.key !== key || (st.value && !st.value.test(trailer.value))) continue;
      // Anthropic-internal ledger trailer: `Claude Code (cli/claude-opus-4-5=100%)`.
      const share = /\/([^=\s/()]+)=\d+%/.exec(trailer.value);
      const model = share?.[1] ? normaliseModel(share[1]) : null;
      return { source: 'trailer', detail: `${trailer.key}: ${trailer.value}`, strength: 'medium', agent: agent.id, model };
    }
  }
  return null;
}

export function trailerEvidence(trailer: Trailer): AttributionEvidence[] {
  const key = trailer.key.toLowerCase();
  const detail = `${trailer.key}: ${trailer.value}`;
  if (IDENTITY_TRAILERS.has(key)) {
    const { name, email } = parseNameEmail(trailer.value);
    const agent = email ? (agentByEmail(email) ?? agentByTrailerIdentity(name, email)) : undefined;
    if (agent) {
      // `<Model> via Crush <crush@charm.land>` names the model before "via".
      const via = /^(.+?)\s+via\s+\S/i.exec(name);
      const model = via?.[1] ? normaliseModel(via[1]) : modelFor(name);
      return [{ source: 'trailer', detail, strength: 'strong', agent: agent.id, model }];
    }
    if (email && isNonAiBot({ login: null, email })) return [];
    if (key === 'assisted-by') return [assistedByEvidence(trailer)];
    const byName = agentByDisplayName(name) ?? (/^openhands-/i.test(name) ? agentByAlias('openhands') : undefined);
    if (byName) return [{ source: 'trailer', detail, strength: 'weak', agent: byName.id, model: modelFor(name) }];
    return [];
  }
  if (key === 'ai-assisted') {
    const agent = agentByAlias(trailer.value);
    if (agent) return [{ source: 'trailer', detail, strength: 'medium', agent: agent.id, model: null }];
    if (/^(?:true|yes|1)$/i.test(trailer.value.trim())) {
      return [{ source: 'trailer', detail, strength: 'weak', agent: 'unknown', model: null }];
    }
    return [];
  }
  const session = sessionTrailerEvidence(trailer);
  return session ? [session] : [];
}

/** Footer lines and links agents write into messages (matched line by line). */
export function footerEvidence(message: string): AttributionEvidence[] {
  const found: AttributionEvidence[] = [];
  const lines = message.split(/\r?\n/);
  if (/^aider: /.test(lines[0] ?? '')) {
    found.push({ source: 'footer', detail: lines[0] ?? '', strength: 'medium', agent: 'aider', model: null });
  }
  for (const agent of AGENTS) {
    for (const pattern of agent.footers) {
      const line = lines.find((l) => pattern.test(l.trim()));
      if (line !== undefined) {
        found.push({ source: 'footer', detail: line.trim(), strength: 'medium', agent: agent.id, model: null });
        break;
      }
    }
  }
  return found;
}
