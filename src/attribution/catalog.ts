/**
 * The catalog of AI coding agents and how each marks its commits, from
 * shared research (agent docs and source, plus observed commits). Matching is
 * on emails, GitHub bot ids and bot logins, which a person does not have by
 * accident; a display name alone is weak evidence, and a common first name
 * ("Claude", "Devin") is no evidence at all.
 */
export interface AgentEntry {
  /** Canonical lower-kebab id, as policies name agents. */
  id: string;
  name: string;
  /** Exact, lower-cased emails the agent commits or co-authors with. */
  emails: string[];
  /**
   * A person's address the agent's trailer borrows (`claude-flow <ruv@ruv.net>`):
   * it names the agent only in a co-author trailer that also carries the agent's
   * name, never as a commit's own author.
   */
  trailerOnlyEmails: string[];
  /**
   * Lower-cased `<id>+<login>` local parts of the agent accounts'
   * `@users.noreply.github.com` addresses. The numeric id alone names the
   * account (a login can be renamed, an id cannot); see agents.ts.
   */
  noreplyIds: string[];
  /**
   * Lower-cased GitHub logins of the agent's accounts. A `[bot]` login names
   * the agent on its own (no person can hold one); any other login needs the
   * account id or GitHub's word that the account is a bot.
   */
  logins: string[];
  /**
   * An AI code-review bot: its accepted review suggestions reach the branch as
   * commits co-authored by the bot (GitHub's "Commit suggestion"), so those
   * lines were written by an AI and the commit is attributed to the bot.
   */
  reviewBot?: boolean;
  /** Lines the agent writes into messages or PR bodies (matched per line). */
  footers: RegExp[];
  /** Trailers that link a session; keys lower-cased, value pattern optional. */
  sessionTrailers: Array<{ key: string; value?: RegExp }>;
  /** Lower-cased agent names as written in `Assisted-by: AGENT:MODEL`, `AI-assisted: AGENT`, ledger `tool` fields. */
  aliases: string[];
  /** Lower-cased full display names that are unlikely to be a person's name (weak evidence). */
  displayNames: string[];
  /** When evidence for this agent appears next to evidence for these agents, this agent wins (it drives their model). */
  wraps?: string[];
}

function agent(entry: Partial<AgentEntry> & Pick<AgentEntry, 'id' | 'name'>): AgentEntry {
  return {
    emails: [],
    trailerOnlyEmails: [],
    noreplyIds: [],
    logins: [],
    footers: [],
    sessionTrailers: [],
    aliases: [],
    displayNames: [],
    ...entry,
  };
}

export const AGENTS: readonly AgentEntry[] = [
  agent({
    id: 'claude-code',
    name: 'Claude Code',
    emails: ['noreply@anthropic.com'],
    // claude-code-action's default identity is `41898282+claude[bot]`: github-actions'
    // id with Claude's login, matched by the `[bot]` login (the id is github-actions').
    noreplyIds: ['209825114+claude[bot]', '242468646+claude'],
    logins: ['claude[bot]', 'anthropic-code-agent[bot]', 'claude-code[bot]', 'claude'],
    footers: [
      /^🤖 Generated with \[Claude Code\]\(https:\/\/(?:claude\.ai\/code|claude\.com\/claude-code)\)/,
      /^🤖 Generated with Claude CLI\./,
      /^This is Claude Code on behalf of\b/,
      /https:\/\/claude\.ai\/code\/session_\w+/,
    ],
    sessionTrailers: [{ key: 'claude-session', value: /^https:\/\/claude\.ai\/code\/session_/ }, { key: 'claude-session-id' }, { key: 'claude-generated-by' }],
    aliases: ['claude', 'claude code', 'claude-code', 'claude-cli'],
    displayNames: ['claude code', 'claude-code'],
  }),
  agent({
    id: 'github-copilot',
    name: 'GitHub Copilot',
    emails: ['copilot@github.com'],
    noreplyIds: ['198982749+copilot', '223556219+copilot', '175728472+copilot', '62310815+github-advanced-security[bot]', '223894421+github-code-quality[bot]'],
    logins: [
      'copilot-swe-agent[bot]',
      'copilot',
      'github-advanced-security[bot]',
      'github-code-quality[bot]',
      'copilot-pull-request-reviewer[bot]',
      // The Copilot coding agent opens PRs as the bot `Copilot` (`Copilot[bot]` in REST form).
      'copilot[bot]',
    ],
    footers: [
      /^For more details, open the \[Copilot Workspace session\]\(https:\/\/copilot-workspace\.githubnext\.com\//,
      /^<!-- START COPILOT CODING AGENT TIPS -->/,
      /^💬 Share your feedback on Copilot coding agent\b/,
    ],
    sessionTrailers: [{ key: 'agent-logs-url', value: /^https:\/\/github\.com\/[^/\s]+\/[^/\s]+\/sessions\// }, { key: 'copilot-session' }],
    aliases: ['github copilot', 'github-copilot', 'copilot', 'copilot cli', 'copilot-cli'],
    displayNames: ['github copilot', 'copilot', 'copilot app', 'copilot autofix powered by ai', 'copilot-swe-agent[bot]'],
  }),
  agent({
    id: 'aider',
    name: 'aider',
    emails: ['aider@aider.chat', 'noreply@aider.chat', 'noreply@aider.dev'],
    aliases: ['aider'],
    displayNames: ['aider'],
  }),
  agent({
    id: 'cursor',
    name: 'Cursor',
    emails: ['cursoragent@cursor.com'],
    noreplyIds: ['206951365+cursor[bot]'],
    logins: ['cursor[bot]'],
    footers: [/^Made with \[Cursor\]\(https:\/\/cursor\.com\)/, /https:\/\/cursor\.com\/(?:agents\/bc-|background-agent\?bcId=bc-)[0-9a-f-]+/],
    sessionTrailers: [{ key: 'made-with', value: /^cursor$/i }],
    aliases: ['cursor', 'cursor agent', 'cursor-agent'],
    displayNames: ['cursor agent'],
  }),
  agent({
    id: 'codex',
    name: 'OpenAI Codex',
    emails: ['noreply@openai.com', 'codex@openai.com'],
    noreplyIds: ['199175422+chatgpt-codex-connector[bot]'],
    logins: ['chatgpt-codex-connector[bot]'],
    footers: [/\[Codex Task\]\(https:\/\/chatgpt\.com\/codex\/tasks\/task_e_[0-9a-f]+\)/, /^https:\/\/chatgpt\.com\/codex\/tasks\/task_e_[0-9a-f]+$/],
    sessionTrailers: [{ key: 'codex-cloud-task' }, { key: 'codex-cloud-url' }],
    aliases: ['codex', 'openai codex', 'codex cli', 'codex-cli'],
  }),
  agent({
    id: 'gemini-cli',
    name: 'Gemini CLI',
    emails: ['gemini-cli@google.com', 'gemini-cli-agent@google.com'],
    footers: [/^\[patch generated by gemini-cli\b/i],
    aliases: ['gemini-cli', 'gemini cli', 'gemini'],
    displayNames: ['gemini cli', 'gemini-cli'],
  }),
  agent({
    id: 'gemini-code-assist',
    name: 'Gemini Code Assist',
    noreplyIds: ['176961590+gemini-code-assist[bot]'],
    logins: ['gemini-code-assist[bot]'],
    reviewBot: true,
    aliases: ['gemini code assist', 'gemini-code-assist'],
  }),
  agent({
    id: 'jules',
    name: 'Jules',
    noreplyIds: ['161369871+google-labs-jules[bot]'],
    logins: ['google-labs-jules[bot]'],
    footers: [
      /PR created automatically by Jules for task/,
      /https:\/\/jules\.google\.com\/task\/\w+/,
      // The description Jules writes when it stops short: "Jules was unable to complete the task in time. Please review the work done so far and provide feedback for Jules to continue."
      /provide feedback for Jules to continue\.$/,
    ],
    aliases: ['jules', 'google jules'],
  }),
  agent({
    id: 'devin',
    name: 'Devin',
    noreplyIds: ['158243242+devin-ai-integration[bot]'],
    logins: ['devin-ai-integration[bot]'],
    footers: [/^Link to (?:local )?Devin (?:run|session): https:\/\/app\.devin\.ai\/sessions\/[0-9a-f]+/],
    aliases: ['devin', 'devin ai'],
    displayNames: ['devin ai'],
  }),
  agent({
    id: 'openhands',
    name: 'OpenHands',
    emails: ['openhands@all-hands.dev', 'opendevin@all-hands.dev', 'opendevin@opendevin.ai', 'bot@opendevin.com'],
    logins: ['openhands-agent', 'openhands-ai[bot]'],
    aliases: ['openhands', 'opendevin'],
    displayNames: ['openhands', 'opendevin', 'opendevinbot'],
  }),
  agent({
    id: 'amp',
    name: 'Amp',
    emails: ['amp@ampcode.com'],
    footers: [/^_This PR description was generated by AMP\._/i, /https:\/\/ampcode\.com\/threads\/T-[0-9a-f-]+/],
    sessionTrailers: [
      { key: 'amp-thread-id', value: /^https:\/\/ampcode\.com\/threads\/T-/ },
      { key: 'amp-thread', value: /^https:\/\/ampcode\.com\/threads\/T-/ },
    ],
    aliases: ['amp', 'ampcode'],
  }),
  agent({
    id: 'junie',
    name: 'JetBrains Junie',
    emails: ['junie@jetbrains.com'],
    noreplyIds: ['247260674+junie-agent', '253382199+junie-github-actions[bot]'],
    logins: ['junie-agent', 'junie-github-actions[bot]'],
    aliases: ['junie', 'jetbrains junie'],
  }),
  agent({
    id: 'windsurf',
    name: 'Windsurf (Cascade)',
    emails: ['cascade@windsurf.dev', 'cascade@windsurf.ai', 'noreply@codeium.com'],
    aliases: ['windsurf', 'cascade'],
  }),
  agent({
    id: 'goose',
    name: 'Goose',
    emails: ['opensource@block.xyz'],
    noreplyIds: ['271095942+aaif-goose'],
    aliases: ['goose'],
  }),
  agent({
    id: 'cline',
    name: 'Cline',
    emails: ['noreply@cline.bot', 'cline-agent@users.noreply.github.com'],
    noreplyIds: ['276134852+cline-cloud[bot]'],
    logins: ['cline-cloud[bot]'],
    aliases: ['cline'],
    displayNames: ['cline agent'],
  }),
  agent({
    id: 'roo-code',
    name: 'Roo Code',
    emails: ['roomote@roocode.com'],
    noreplyIds: ['219738659+roomote[bot]'],
    logins: ['roomote[bot]', 'roomote-v0[bot]'],
    aliases: ['roo code', 'roo-code', 'roomote'],
  }),
  agent({
    id: 'continue',
    name: 'Continue',
    emails: ['noreply@continue.dev'],
    noreplyIds: ['230936708+continue[bot]'],
    logins: ['continue[bot]'],
    footers: [/^Generated with \[Continue\]\(https:\/\/continue\.dev\)/],
    aliases: ['continue', 'continue cli'],
  }),
  agent({
    id: 'crush',
    name: 'Crush',
    emails: ['crush@charm.land'],
    footers: [/^💘 Generated with Crush\b/],
    aliases: ['crush'],
    wraps: ['claude-code'],
  }),
  agent({
    id: 'opencode',
    name: 'opencode',
    emails: ['noreply@opencode.ai'],
    footers: [/^🤖 Generated with \[opencode\]\(https:\/\/opencode\.ai\)/i],
    aliases: ['opencode'],
    // opencode running a Claude model often also writes Claude's own trailer.
    wraps: ['claude-code'],
  }),
  agent({
    id: 'kiro',
    name: 'Kiro',
    noreplyIds: ['244629292+kiro-agent'],
    logins: ['kiro-agent'],
    aliases: ['kiro'],
    displayNames: ['kiro agent'],
  }),
  agent({
    id: 'factory-droid',
    name: 'Factory Droid',
    noreplyIds: ['138933559+factory-droid[bot]'],
    logins: ['factory-droid[bot]'],
    aliases: ['factory', 'droid', 'factory-droid'],
  }),
  agent({
    id: 'warp-oz',
    name: 'Warp Oz',
    emails: ['oz-agent@warp.dev'],
    aliases: ['oz', 'warp', 'warp-oz'],
  }),
  agent({
    id: 'pi',
    name: 'Pi',
    emails: ['noreply@pi.dev'],
    aliases: ['pi'],
  }),
  agent({
    id: 'firebender',
    name: 'Firebender',
    emails: ['help@firebender.com'],
    footers: [/^🤖 Generated with \[Firebender\]\(https:\/\/firebender\.com\)/],
    aliases: ['firebender'],
  }),
  agent({
    id: 'qwen-code',
    name: 'Qwen Code',
    emails: ['qwen-coder@alibabacloud.com'],
    aliases: ['qwen code', 'qwen-code', 'qwen-coder'],
  }),
  agent({
    id: 'happy',
    name: 'Happy',
    emails: ['yesreply@happy.engineering'],
    footers: [/^via \[Happy\]\(https:\/\/happy\.engineering\)/],
    aliases: ['happy'],
    wraps: ['claude-code'],
  }),
  agent({
    id: 'claude-flow',
    name: 'claude-flow',
    trailerOnlyEmails: ['ruv@ruv.net'],
    aliases: ['claude-flow'],
    wraps: ['claude-code'],
  }),
  agent({
    id: 'mentat',
    name: 'Mentat',
    noreplyIds: ['160964065+mentatbot'],
    aliases: ['mentat'],
  }),
  agent({
    id: 'pullfrog',
    name: 'Pullfrog',
    noreplyIds: ['226033991+pullfrog[bot]'],
    logins: ['pullfrog[bot]'],
    aliases: ['pullfrog'],
  }),
  agent({
    id: 'blink',
    name: 'Blink',
    noreplyIds: ['211532188+blink-so[bot]'],
    logins: ['blink-so[bot]'],
    aliases: ['blink'],
  }),
  agent({
    id: 'kilo-code',
    name: 'Kilo Code',
    noreplyIds: ['240665456+kiloconnect[bot]'],
    logins: ['kiloconnect[bot]'],
    aliases: ['kilo code', 'kilo-code', 'kilocode'],
  }),
  agent({
    id: 'codeflash',
    name: 'Codeflash',
    noreplyIds: ['148906541+codeflash-ai[bot]'],
    logins: ['codeflash-ai[bot]'],
    aliases: ['codeflash'],
  }),
  // AI code-review bots whose suggestions are committed from the review (see `reviewBot`).
  agent({
    id: 'ellipsis',
    name: 'Ellipsis',
    noreplyIds: ['65095814+ellipsis-dev[bot]'],
    logins: ['ellipsis-dev[bot]'],
    reviewBot: true,
    aliases: ['ellipsis'],
  }),
  agent({
    id: 'greptile',
    name: 'Greptile',
    noreplyIds: ['165735046+greptile-apps[bot]'],
    logins: ['greptile-apps[bot]'],
    reviewBot: true,
    aliases: ['greptile'],
  }),
  agent({
    id: 'coderabbit',
    name: 'CodeRabbit',
    noreplyIds: ['136622811+coderabbitai[bot]'],
    logins: ['coderabbitai[bot]'],
    reviewBot: true,
    aliases: ['coderabbit', 'coderabbitai'],
  }),
  agent({
    id: 'cubic',
    name: 'cubic',
    noreplyIds: ['191113872+cubic-dev-ai[bot]'],
    logins: ['cubic-dev-ai[bot]'],
    reviewBot: true,
    aliases: ['cubic'],
  }),
  agent({
    id: 'sourcery',
    name: 'Sourcery',
    noreplyIds: ['58596630+sourcery-ai[bot]'],
    logins: ['sourcery-ai[bot]'],
    reviewBot: true,
    aliases: ['sourcery'],
  }),
];

/**
 * Automation that commits but is not an AI agent: its commits are not
 * agent-authored. Listed so that no rule mistakes them for one.
 */
export const NON_AI_BOT_LOGINS: ReadonlySet<string> = new Set([
  'dependabot[bot]',
  'dependabot-preview[bot]',
  'renovate[bot]',
  'github-actions[bot]',
  'mergify[bot]',
  'greenkeeper[bot]',
  'gemini-cli-robot',
  'gemini-cli[bot]',
  'pre-commit-ci[bot]',
  'konflux',
  'ghostty-vouch',
  'aikido-autofix[bot]',
  'blacksmith-sh[bot]',
  'vercel[bot]',
]);
