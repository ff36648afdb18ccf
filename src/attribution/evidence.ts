/**
 * Evidence a commit carries about the agent that wrote it: its author and
 * committer identities, its trailers, footer lines, and lines elsewhere in
 * its message that name an agent identity.
 */
import type { Identity } from '../snapshot.js';
import { AGENTS, agentByAlias, agentByDisplayName, agentByAccountId, agentByEmail, agentByTrailerIdentity, agentByLogin, isNonAiBot } from './agents.js';
import { modelFromDisplayName, normaliseModel } from './models.js';
import type { Trailer } from './trailers.js';
import type { AttributionEvidence } from './types.js';

/** Trailers whose value is a person (or agent) as `Name <email>`. */
const IDENTITY_TRAILERS = new Set(['co-authored-by', 'signed-off-by', 'co-developed-by', 'assisted-by', 'generated-by', 'helped-by', 'authored-by']);

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

/** The model a co-author name carries; `<Model> via Crush <crush@charm.land>` names it before "via". */
function identityModel(name: string): string | null {
  const via = /^(.+?)\s+via\s+\S/i.exec(name);
  return via?.[1] ? normaliseModel(via[1]) : modelFor(name);
}

/**
 * A model id as agents write them: a known family, a digit somewhere, an
 * optional routing prefix (`openrouter/…`). Used where a bracketed word could
 * equally be a nickname (`Gordon Lam (SH)`), so only unmistakable ids count.
 */
const MODEL_ID =
  /^(?:[a-z0-9_.-]+\/)*(?:claude|gpt|o\d|gemini|gemma|deepseek|qwen|qwq|llama|mistral|codestral|devstral|grok|glm|kimi|sonnet|opus|haiku|phi)[a-z0-9_.:-]*\d[a-z0-9_.:-]*$/i;

export function looksLikeModelId(text: string): boolean {
  return MODEL_ID.test(text.trim());
}

export function identityEvidence(role: 'author' | 'committer', id: Identity): AttributionEvidence[] {
  const detail = describeIdentity(role, id);
  const byEmail = id.email ? agentByEmail(id.email) : undefined;
  const byLogin = id.login ? agentByLogin(id.login, id.isBot) : undefined;
  const strong = byEmail ?? byLogin;
  if (strong) {
    return [{ source: 'identity', detail, strength: 'strong', agent: strong.id, model: modelFor(id.name) }];
  }
  if (isNonAiBot(id)) return [];
  const name = id.name ?? '';
  // aider's --attribute-author/--attribute-committer convention (v0.40 to v0.84).
  // On the committer alone it usually means aider committed the person's own
  // edits (aider's docs, "Commit attribution"), but also aider's edits with
  // --no-attribute-author: it cannot be told apart, so it counts, as aider's.
  if (/ \(aider\)$/.test(name)) {
    return [{ source: 'identity', detail, strength: 'medium', agent: 'aider', model: null }];
  }
  // aider forks that put the model where ` (aider)` went: `Ali Ayas (gemini-2.5-pro-preview-05-06)`.
  const modelSuffix = / \(([^()]+)\)$/.exec(name);
  if (role === 'author' && modelSuffix?.[1] && looksLikeModelId(modelSuffix[1])) {
    return [{ source: 'identity', detail, strength: 'weak', agent: 'aider', model: normaliseModel(modelSuffix[1]) }];
  }
  const byName = agentByDisplayName(name) ?? (/^openhands-/i.test(name) ? agentByAlias('openhands') : undefined);
  if (byName) {
    return [{ source: 'identity', detail, strength: 'weak', agent: byName.id, model: modelFor(name) }];
  }
  return [];
}

/** A pull request's author: an agent's bot account, by account id or login. */
export function pullRequestAuthorEvidence(author: { login: string; isBot: boolean; id?: number | null }): AttributionEvidence[] {
  const agent = (author.id != null ? agentByAccountId(author.id) : undefined) ?? agentByLogin(author.login, author.isBot);
  if (!agent) return [];
  const id = author.id != null ? `, account ${author.id}` : '';
  return [{ source: 'pull-request', detail: `PR author ${author.login}${id}`, strength: 'strong', agent: agent.id, model: null }];
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
      return [{ source: 'trailer', detail, strength: 'strong', agent: agent.id, model: identityModel(name) }];
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

/**
 * `Generated with Claude Code`, `🤖 Generated with [Codex CLI](…)`, `Made with
 * [Cursor](…)`, `Generated with [GitHub Copilot](…) using GPT-5`: one whole
 * line naming a known agent, with or without link markup, optionally followed
 * by a bracketed note or `using <model>`. A line that only mentions such a
 * footer in prose does not match.
 */
export const GENERATED_LINE =
  /^(?:[^\p{L}\p{N}\s[_*]+\s*)?[_*]{0,2}(?:Generated|Made|Created|Written|Built|Authored)\s+(?:with|by|using|via|in)\s+(?:\[([^\]]{1,40})\]\(([^()\s]*)\)|(\p{L}[\p{L}\p{N} .-]{0,39}?))(?:\s*\(([^()]{1,80})\))?(?:,?\s+(?:using|with|via|on)\s+([^()]{1,80}?(?:\([^()]{0,40}\))?))?\s*[.!]?[_*]{0,2}\s*$/u;

const URL_LIKE = /^(?:https?:\/\/|[\w-]+(?:\.[\w-]+)+\/)/i;

/**
 * The verb GENERATED_LINE requires, followed by the blank it requires: a line
 * without it cannot match, and most lines are prose that this cheap search
 * rejects before the Unicode-aware pattern runs.
 */
export const GENERATED_VERB = /(?:Generated|Made|Created|Written|Built|Authored)\s/;

function generatedLineEvidence(line: string): AttributionEvidence | null {
  if (!GENERATED_VERB.test(line)) return null;
  const m = GENERATED_LINE.exec(line);
  if (!m) return null;
  const agent = agentByAlias((m[1] ?? m[3] ?? '').trim());
  if (!agent) return null;
  const note = m[4]?.trim();
  const modelText = m[5]?.trim() ?? (note && !URL_LIKE.test(note) ? note : null);
  const model = modelText ? (modelFromDisplayName(modelText) ?? normaliseModel(modelText)) : null;
  return { source: 'footer', detail: line, strength: 'medium', agent: agent.id, model };
}

/**
 * Every agent's footer patterns as one alternation per set of flags: a line
 * matches one of these exactly when it matches some footer pattern, so a
 * message is searched once per line rather than once per line and pattern.
 */
export const ANY_FOOTER: readonly RegExp[] = (() => {
  const byFlags = new Map<string, string[]>();
  for (const pattern of AGENTS.flatMap((agent) => agent.footers)) {
    byFlags.set(pattern.flags, [...(byFlags.get(pattern.flags) ?? []), `(?:${pattern.source})`]);
  }
  return [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
})();

/** Footer lines and links agents write into messages and PR descriptions (matched line by line). */
export function footerEvidence(message: string): AttributionEvidence[] {
  const found: AttributionEvidence[] = [];
  const lines = message.split(/\r?\n/).map((l) => l.trim());
  if (/^aider: /.test(lines[0] ?? '')) {
    found.push({ source: 'footer', detail: lines[0] ?? '', strength: 'medium', agent: 'aider', model: null });
  }
  const named = new Set<string>();
  // A line holding the verb is a part of the message holding it: most messages are looked at once.
  for (const line of GENERATED_VERB.test(message) ? lines : []) {
    const generated = generatedLineEvidence(line);
    if (generated && !named.has(generated.agent ?? '')) {
      named.add(generated.agent ?? '');
      found.push(generated);
    }
  }
  // Only lines some footer matches can be the first line a given footer matches.
  const footerLines = lines.filter((l) => ANY_FOOTER.some((any) => any.test(l)));
  if (footerLines.length === 0) return found;
  for (const agent of AGENTS) {
    if (named.has(agent.id)) continue;
    for (const pattern of agent.footers) {
      const line = footerLines.find((l) => pattern.test(l));
      if (line !== undefined) {
        found.push({ source: 'footer', detail: line, strength: 'medium', agent: agent.id, model: null });
        break;
      }
    }
  }
  return found;
}

/** A line shaped like a trailer wherever it stands, after quote marks, list bullets, box-drawing borders or indentation. */
const TRAILER_LIKE_LINE = /^[\s>*+\-│|]*([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(\S.*?)\s*$/;
/** Exactly one `Name <email>` (or `Name email`, as some agents write it) and nothing else on the line. */
const NAME_EMAIL_ONLY = /^(?:[^<>]*<[^<>\s]+@[^<>\s]+>|[^<>@]*\s[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;

/**
 * Lines anywhere in the message that name a known agent identity or session,
 * such as a `Co-Authored-By: Claude <noreply@anthropic.com>` that git does not
 * count as a trailer (a link or a tool's record follows it, a squash merge
 * concatenates several messages, a footer shares its paragraph). Weaker than
 * a trailer: recorded as `message-line`. The line must be the trailer alone,
 * so prose that mentions an address does not count. A literal `\n` counts as
 * a line break: agents that pass a message to `git commit -m` unescaped leave
 * `Fix lint\n\nCo-authored-by: openhands <openhands@all-hands.dev>` on one line.
 */
export function messageLineEvidence(message: string, trailers: Trailer[]): AttributionEvidence[] {
  // A line without a colon cannot look like a trailer; most messages have few.
  if (!message.includes(':')) return [];
  const inTrailerBlock = trailerBlockTest(trailers);
  const found: AttributionEvidence[] = [];
  for (const raw of message.split(/\r?\n|\\n/)) {
    if (!raw.includes(':')) continue;
    const m = TRAILER_LIKE_LINE.exec(raw);
    if (!m?.[1] || !m[2]) continue;
    const trailer: Trailer = { key: m[1], value: m[2] };
    const key = trailer.key.toLowerCase();
    if (inTrailerBlock(key, trailer.value)) continue;
    let evidence: AttributionEvidence | null = null;
    if (IDENTITY_TRAILERS.has(key)) {
      if (!NAME_EMAIL_ONLY.test(trailer.value)) continue;
      const { name, email } = parseNameEmail(trailer.value);
      const agent = email ? (agentByEmail(email) ?? agentByTrailerIdentity(name, email)) : undefined;
      if (agent) evidence = { source: 'message-line', detail: '', strength: 'medium', agent: agent.id, model: identityModel(name) };
    } else {
      evidence = sessionTrailerEvidence(trailer);
    }
    if (evidence) found.push({ ...evidence, source: 'message-line', strength: 'medium', detail: raw.trim() });
  }
  return found;
}

/**
 * Whether git's trailer block holds a trailer of this key (lower case) and value.
 * A message has a few trailers: they are compared one by one, with no key built
 * for each; a long list (a squash merge's hundreds of co-authors) is looked up.
 */
function trailerBlockTest(trailers: readonly Trailer[]): (key: string, value: string) => boolean {
  if (trailers.length <= 8) return (key, value) => trailers.some((t) => t.value === value && t.key.toLowerCase() === key);
  // A key holds no NUL, so no two pairs run together alike.
  const block = new Set(trailers.map((t) => `${t.key.toLowerCase()}\u0000${t.value}`));
  return (key, value) => block.has(`${key}\u0000${value}`);
}

/**
 * Project-invented `Agent:` / `Model:` trailer pairs. `Agent:` must name a
 * known agent (or come with a `Model:`); a `Model:` alone names only a model
 * and counts only next to other AI evidence (see attribute.ts).
 */
export function agentModelTrailerEvidence(trailers: Trailer[]): { evidence: AttributionEvidence[]; modelOnly: AttributionEvidence[] } {
  const agentTrailer = trailers.find((t) => t.key.toLowerCase() === 'agent');
  const modelTrailer = trailers.find((t) => t.key.toLowerCase() === 'model');
  const model = modelTrailer ? normaliseModel(modelTrailer.value) : null;
  const modelDetail = modelTrailer ? `${modelTrailer.key}: ${modelTrailer.value}` : '';
  if (agentTrailer) {
    const agent = agentByAlias(parseNameEmail(agentTrailer.value).name);
    const detail = [`${agentTrailer.key}: ${agentTrailer.value}`, modelDetail].filter(Boolean).join(', ');
    if (agent) return { evidence: [{ source: 'trailer', detail, strength: 'medium', agent: agent.id, model }], modelOnly: [] };
    if (model) return { evidence: [{ source: 'trailer', detail, strength: 'weak', agent: 'unknown', model }], modelOnly: [] };
    return { evidence: [], modelOnly: [] };
  }
  if (model) return { evidence: [], modelOnly: [{ source: 'trailer', detail: modelDetail, strength: 'weak', agent: null, model }] };
  return { evidence: [], modelOnly: [] };
}
