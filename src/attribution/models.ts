/**
 * Model-id normalisation. Policy tiers are globs over these ids, so the same
 * model must come out the same however an agent spelled it.
 *
 * Rules, in order:
 * 1. Trim; drop a trailing bracketed note such as `(1M context)` or `[250k]`.
 * 2. Empty, `unknown-model`, or a bare family/agent name (`Claude`, `Gemini`,
 *    `Claude Code`) names no model: null.
 * 3. A leading model *vendor* is dropped, whether written as a models.dev
 *    prefix (`anthropic/claude-opus-4-5`, `openai/gpt-5`, `google/…`) or as a
 *    word in a display name (`OpenAI GPT-5.4`): it repeats what the model
 *    name says. Other paths are kept exactly as written (lower-cased): they
 *    are routing prefixes (aider's litellm ids `gemini/gemini-2.5-pro`,
 *    `openrouter/anthropic/claude-sonnet-4`) and say where the model ran;
 *    a policy matches them with globs such as `*\/gemini-2.5-*`.
 * 4. Claude models take Anthropic's API form: `claude-<family>-<version>`
 *    with hyphens, date snapshot suffix dropped. `Claude Opus 4.6`,
 *    `claude-4.6-opus`, `claude-opus-4.6` and `claude-opus-4-6-20260101` all
 *    become `claude-opus-4-6`.
 * 5. Other display names are lower-cased with spaces turned into `-`; dots
 *    stay, as in those vendors' own ids (`Gemini 2.5 Pro` → `gemini-2.5-pro`).
 */

const VENDOR_PREFIXES = new Set([
  'anthropic',
  'openai',
  'google',
  'mistral',
  'mistralai',
  'deepseek',
  'meta',
  'meta-llama',
  'xai',
  'x-ai',
  'moonshotai',
  'qwen',
  'alibaba',
  'zai',
  'z-ai',
]);

/** Strings that name a family or an agent, not a model. */
const NOT_A_MODEL = new Set([
  '',
  'unknown',
  'unknown-model',
  'none',
  'default',
  'ai',
  'claude',
  'anthropic',
  'gemini',
  'google',
  'gpt',
  'openai',
  'chatgpt',
  'copilot',
  'github-copilot',
  'claude-code',
  'codex',
  'cursor',
  'llm',
]);

const CLAUDE_VERSION = String.raw`\d{1,2}(?:[.-]\d{1,2})?`;
const CLAUDE_FAMILY = '[a-z]+';
const CLAUDE_ID = new RegExp(`^claude-(?:(${CLAUDE_VERSION})-(${CLAUDE_FAMILY})|(${CLAUDE_FAMILY})-(${CLAUDE_VERSION}))(?=-|$)(.*)$`);

function canonicalClaude(id: string): string | null {
  const m = CLAUDE_ID.exec(id);
  if (!m) return null;
  const version = (m[1] ?? m[4] ?? '').replace(/\./g, '-');
  const family = m[2] ?? m[3] ?? '';
  const rest = (m[5] ?? '').replace(/-\d{8}$/, '');
  return `claude-${family}-${version}${rest}`;
}

/** A normalised model id, or null when the text names no particular model. */
export function normaliseModel(raw: string): string | null {
  let s = raw.trim();
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/\s*(?:\([^()]*\)|\[[^[\]]*\])$/, '').trim();
  }
  s = s.toLowerCase();

  const words = s.split(/\s+/);
  if (words.length > 1 && VENDOR_PREFIXES.has(words[0] as string)) s = words.slice(1).join(' ');
  s = s.replace(/\s+/g, '-');

  const segments = s.split('/');
  if (segments.length === 2 && VENDOR_PREFIXES.has(segments[0] as string)) s = segments[1] as string;
  if (NOT_A_MODEL.has(s)) return null;
  if (s.includes('/')) return s;
  return canonicalClaude(s) ?? s;
}

/**
 * The model an agent's display name mentions, e.g. the trailer names
 * `aider (gemini/gemini-2.5-pro)`, `Claude Opus 4.6 (1M context)`,
 * `Claude (claude-opus-4-6)`, `AI (Pi/Claude Opus 4.6 [250k])`,
 * `Claude Code 2.1.133 / Claude Opus 4.7`, `OpenHands-GPT-5`.
 */
export function modelFromDisplayName(name: string): string | null {
  const paren = /\(([^()]+)\)/.exec(name);
  if (paren?.[1]) {
    const inner = paren[1].trim();
    // Pi writes `Pi/<model> [context]`; the agent is not part of the model.
    const piModel = /^pi\/(.+)$/i.exec(inner);
    const fromParen = normaliseModel(piModel?.[1] ?? inner);
    if (fromParen && !/^\d+[km]?-context$/.test(fromParen)) return fromParen;
  }
  const claude = /claude[\s-]+(?:\d{1,2}(?:[.-]\d{1,2})?[\s-]+[a-z]+|(?!code\b)[a-z]+[\s-]+\d{1,2}(?:[.-]\d{1,2})?)\b/i.exec(name);
  if (claude) return normaliseModel(claude[0]);
  const openhands = /^openhands-(.+)$/i.exec(name.trim());
  if (openhands?.[1]) return normaliseModel(openhands[1]);
  return null;
}
