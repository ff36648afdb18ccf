import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentById } from '../../src/attribution/agents.js';
import { attribute, attributeCommit, decide } from '../../src/attribution/attribute.js';
import type { AttributionEvidence, EvidenceStrength } from '../../src/attribution/types.js';
import type { Identity } from '../../src/snapshot.js';
import { emptySnapshot } from '../../src/snapshot.js';

function who(name: string | null, email: string | null, login: string | null = null, isBot = false): Identity {
  return { name, email, login, isBot };
}
const jane = who('Jane Dev', 'jane@example.com', 'janedev');
const noreply = (idLogin: string): string => `${idLogin}@users.noreply.github.com`;

interface Case {
  name: string;
  message: string;
  author?: Identity;
  committer?: Identity;
  agent: string | null;
  model?: string | null;
}

const agentCases: Case[] = [
  {
    name: 'Claude Code trailer with model and context',
    message: 'Add parser\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>\n',
    agent: 'claude-code',
    model: 'claude-opus-4-6',
  },
  {
    name: 'Claude Code older footer + plain Claude',
    message: 'Add parser\n\n🤖 Generated with [Claude Code](https://claude.ai/code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n',
    agent: 'claude-code',
    model: null,
  },
  {
    name: 'Claude Code footer alone',
    message: 'Add parser\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n',
    agent: 'claude-code',
  },
  {
    name: 'Claude Code on the web',
    message: 'Fix flaky test\n\nClaude-Session: https://claude.ai/code/session_01AbCdEf\n',
    author: who('Claude', 'noreply@anthropic.com'),
    agent: 'claude-code',
  },
  {
    name: 'claude-code-action with its default bot id',
    message: 'Fix #12\n\nCo-authored-by: Jane Dev <123+janedev@users.noreply.github.com>\n',
    author: who('claude[bot]', noreply('41898282+claude[bot]')),
    agent: 'claude-code',
  },
  {
    name: 'Claude in Agent HQ (identity beats the logs link)',
    message: 'Add docs\n\nAgent-Logs-Url: https://github.com/o/r/sessions/0b5c7f9e-7d7d-4c1e-9f64-1a2b3c4d5e6f\n',
    author: who('anthropic-code-agent[bot]', noreply('242468646+Claude')),
    agent: 'claude-code',
  },
  {
    name: 'Anthropic-internal Claude-Generated-By',
    message: 'Tweak\n\nClaude-Generated-By: Claude Code (cli/claude-opus-4-5=100%)\nClaude-Steers: 2\n',
    agent: 'claude-code',
    model: 'claude-opus-4-5',
  },
  {
    name: 'Copilot cloud agent',
    message: 'Initial plan',
    author: who('copilot-swe-agent[bot]', noreply('198982749+Copilot')),
    agent: 'github-copilot',
  },
  {
    name: 'Copilot cloud agent squash-merged',
    message:
      'Add retries (#42)\n\nCo-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>\nCo-authored-by: octocat <583231+octocat@users.noreply.github.com>\n',
    author: jane,
    agent: 'github-copilot',
  },
  {
    name: 'Copilot CLI',
    message: 'Refactor\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>\nCopilot-Session: 6f1c7e0a-2d7b-4f0e-a4a5-0c2b9e6f1d11\n',
    agent: 'github-copilot',
  },
  { name: 'VS Code Copilot', message: 'Refactor\n\nCo-authored-by: Copilot <copilot@github.com>\n', agent: 'github-copilot' },
  {
    name: 'Copilot Autofix',
    message: 'Fix alert\n\nCo-authored-by: Copilot Autofix powered by AI <62310815+github-advanced-security[bot]@users.noreply.github.com>\n',
    agent: 'github-copilot',
  },
  {
    name: 'aider trailer (litellm id kept)',
    message: 'feat: add x\n\nCo-authored-by: aider (gemini/gemini-2.5-pro) <aider@aider.chat>\n',
    agent: 'aider',
    model: 'gemini/gemini-2.5-pro',
  },
  {
    name: 'aider with unknown model',
    message: 'feat: add x\n\nCo-authored-by: aider (unknown-model) <aider@aider.chat>\n',
    agent: 'aider',
    model: null,
  },
  {
    name: 'aider older author suffix',
    message: 'Add x',
    author: who('Jane Dev (aider)', 'jane@example.com'),
    committer: who('Jane Dev (aider)', 'jane@example.com'),
    agent: 'aider',
  },
  { name: 'aider oldest message prefix', message: 'aider: Added a greeting', agent: 'aider' },
  { name: 'Cursor trailer', message: 'Add x\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n', agent: 'cursor' },
  { name: 'Cursor Made-with', message: 'Add x\n\nMade-with: Cursor\n', agent: 'cursor' },
  {
    name: 'Cursor background agent',
    message: 'Add x\n\nCo-authored-by: Jane Dev <jane@example.com>\n',
    author: who('Cursor Agent', 'cursoragent@cursor.com'),
    agent: 'cursor',
  },
  { name: 'Cursor GitHub app', message: 'Fix', author: who('cursor[bot]', noreply('206951365+cursor[bot]')), agent: 'cursor' },
  { name: 'Codex CLI', message: 'Fix\n\nCo-authored-by: Codex <noreply@openai.com>\n', agent: 'codex' },
  { name: 'Codex cloud', message: 'Fix', author: who('Codex', 'codex@openai.com'), agent: 'codex' },
  { name: 'Codex Signed-off-by', message: 'Fix\n\nSigned-off-by: Codex <codex@openai.com>\n', agent: 'codex' },
  { name: 'Codex AI-assisted', message: 'Fix\n\nAI-assisted: Codex\n', agent: 'codex' },
  { name: 'Gemini CLI shadow identity', message: 'Fix', author: who('Gemini CLI', 'gemini-cli@google.com'), agent: 'gemini-cli' },
  { name: 'Gemini CLI Assisted-by', message: 'Fix\n\nAssisted-by: gemini-cli\n', agent: 'gemini-cli' },
  {
    name: 'Gemini Code Assist suggestion',
    message: 'Apply suggestion\n\nCo-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>\n',
    agent: 'gemini-code-assist',
  },
  {
    name: 'Jules',
    message: 'Add tests\n\nCo-authored-by: Jane Dev <jane@example.com>\n',
    author: who('google-labs-jules[bot]', noreply('161369871+google-labs-jules[bot]')),
    agent: 'jules',
  },
  {
    name: 'Devin',
    message: 'Add feature\n\nCo-Authored-By: Jane Dev <jane@example.com>\n',
    author: who('Devin AI', noreply('158243242+devin-ai-integration[bot]')),
    agent: 'devin',
  },
  { name: 'OpenHands trailer', message: 'Fix\n\nCo-authored-by: openhands <openhands@all-hands.dev>\n', agent: 'openhands' },
  {
    name: 'OpenHands model-in-name convention',
    message: 'Fix\n\nCo-authored-by: OpenHands-GPT-5 <openhands@all-hands.dev>\n',
    agent: 'openhands',
    model: 'gpt-5',
  },
  {
    name: 'Amp, thread first',
    message: 'Fix\n\nAmp-Thread-ID: https://ampcode.com/threads/T-5d1c3b8e-1111-2222-3333-444455556666\nCo-authored-by: Amp <amp@ampcode.com>\n',
    agent: 'amp',
  },
  {
    name: 'Junie',
    message: '[issue-7]\n\nFix login\n\nCo-authored-by: Jane Dev <jane@example.com>\n',
    author: who('junie-agent', noreply('247260674+junie-agent')),
    agent: 'junie',
  },
  { name: 'Windsurf Cascade', message: 'Fix', author: who('Cascade', 'cascade@windsurf.dev'), agent: 'windsurf' },
  { name: 'Goose via aittributor', message: 'Fix\n\nCo-authored-by: Goose <opensource@block.xyz>\nAi-assisted: true\n', agent: 'goose' },
  { name: 'Cline cloud', message: 'Fix', author: who('cline-cloud[bot]', noreply('276134852+cline-cloud[bot]')), agent: 'cline' },
  { name: 'Roo Code', message: 'Fix\n\nCo-authored-by: Roo Code <roomote@roocode.com>\n', agent: 'roo-code' },
  {
    name: 'Continue CLI',
    message: 'Fix\n\nGenerated with [Continue](https://continue.dev)\n\nCo-Authored-By: Continue <noreply@continue.dev>\n',
    agent: 'continue',
  },
  { name: 'Crush default style', message: 'Refactor\n\n💘 Generated with Crush\n\nAssisted-by: Crush:glm-5.3\n', agent: 'crush', model: 'glm-5.3' },
  {
    name: 'Crush older style',
    message: 'Refactor\n\nAssisted-by: claude-sonnet-4 via Crush <crush@charm.land>\n',
    agent: 'crush',
    model: 'claude-sonnet-4',
  },
  {
    name: 'opencode',
    message: 'Fix\n\n🤖 Generated with [opencode](https://opencode.ai)\n\nCo-Authored-By: opencode <noreply@opencode.ai>\n',
    agent: 'opencode',
  },
  {
    name: 'opencode footer with Claude trailer: opencode is the agent',
    message: 'Fix\n\n🤖 Generated with [OpenCode](https://opencode.ai)\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\n',
    agent: 'opencode',
    model: 'claude-sonnet-4-5',
  },
  { name: 'Kiro', message: 'Fix', author: who('Kiro Agent', noreply('244629292+kiro-agent')), agent: 'kiro' },
  { name: 'Factory Droid', message: 'Fix', author: who('factory-droid[bot]', noreply('138933559+factory-droid[bot]')), agent: 'factory-droid' },
  { name: 'Warp Oz', message: 'Fix\n\nCo-Authored-By: Oz <oz-agent@warp.dev>\n', agent: 'warp-oz' },
  {
    name: 'Pi with model in name',
    message: 'Fix\n\nCo-authored-by: AI (Pi/Claude Opus 4.6 [250k]) <noreply@pi.dev>\n',
    agent: 'pi',
    model: 'claude-opus-4-6',
  },
  {
    name: 'Firebender',
    message: 'Fix\n\n🤖 Generated with [Firebender](https://firebender.com)\n\nCo-Authored-By: Firebender <help@firebender.com>\n',
    agent: 'firebender',
  },
  { name: 'Qwen Code', message: 'Fix\n\nCo-authored-by: Qwen-Coder <qwen-coder@alibabacloud.com>\n', agent: 'qwen-code' },
  {
    name: 'Happy driving Claude Code (footers and both trailers: the wrapper wins)',
    message:
      'Fix\n\n🤖 Generated with [Claude Code](https://claude.ai/code)\nvia [Happy](https://happy.engineering)\n\n' +
      'Co-Authored-By: Claude <noreply@anthropic.com>\nCo-Authored-By: Happy <yesreply@happy.engineering>\n',
    agent: 'happy',
    model: null,
  },
  {
    name: 'Happy keeps the model from the Claude trailer it wraps',
    message: 'Fix\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\nCo-Authored-By: Happy <yesreply@happy.engineering>\n',
    agent: 'happy',
    model: 'claude-opus-4-6',
  },
  { name: 'Happy footer alone', message: 'Fix\n\nvia [Happy](https://happy.engineering)\n', agent: 'happy', model: null },
  { name: 'Happy trailer alone', message: 'Fix\n\nCo-Authored-By: Happy <yesreply@happy.engineering>\n', agent: 'happy', model: null },
  { name: 'claude-flow trailer alone', message: 'Fix\n\nCo-Authored-By: claude-flow <ruv@ruv.net>\n', agent: 'claude-flow', model: null },
  {
    name: 'claude-flow with the Claude Code footer (the wrapper wins)',
    message: 'Fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: claude-flow <ruv@ruv.net>\n',
    agent: 'claude-flow',
    model: null,
  },
  {
    name: 'claude-flow keeps the model from the Claude trailer it wraps',
    message: 'Fix\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\nCo-Authored-By: claude-flow <ruv@ruv.net>\n',
    agent: 'claude-flow',
    model: 'claude-sonnet-4-5',
  },
  { name: 'kernel claude-flow', message: 'x: y\n\nAssisted-by: claude-flow:claude-opus-4-6\n', agent: 'claude-flow', model: 'claude-opus-4-6' },
  {
    name: 'kernel Assisted-by with tools',
    message: 'mm: fix\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Dev One <dev@kernel.org>\n',
    agent: 'claude-code',
    model: 'claude-opus-3',
  },
  { name: 'kernel Copilot', message: 'x: y\n\nAssisted-by: GitHub Copilot:claude-sonnet-4.6\n', agent: 'github-copilot', model: 'claude-sonnet-4-6' },
  { name: 'kernel Cursor', message: 'x: y\n\nAssisted-by: Cursor:claude-sonnet-4.5\n', agent: 'cursor', model: 'claude-sonnet-4-5' },
  { name: 'kernel Codex', message: 'x: y\n\nAssisted-by: Codex:gpt-5-4\n', agent: 'codex', model: 'gpt-5-4' },
  { name: 'kernel reversed Claude version', message: 'x: y\n\nAssisted-by: Claude:claude-4.6-sonnet\n', agent: 'claude-code', model: 'claude-sonnet-4-6' },
  {
    name: 'Assisted-by with Claude email',
    message: 'Fix\n\nAssisted-by: Claude claude-opus-4-6 <noreply@anthropic.com>\n',
    agent: 'claude-code',
    model: 'claude-opus-4-6',
  },
  { name: 'Assisted-by naming only a vendor model', message: 'Fix\n\nAssisted-by: OpenAI GPT-5.4\n', agent: 'unknown', model: 'gpt-5.4' },
  { name: 'Assisted-by with an unknown agent', message: 'Fix\n\nAssisted-by: Frobnicator:frob-2\n', agent: 'unknown', model: 'frob-2' },
  { name: 'Ai-assisted: true alone', message: 'Fix\n\nAi-assisted: true\n', agent: 'unknown', model: null },
];

describe('attributeCommit: each agent in the catalog', () => {
  it.each(agentCases)('$name', (c) => {
    const r = attributeCommit({ message: c.message, author: c.author ?? jane, committer: c.committer ?? c.author ?? jane });
    expect(r.agent).toBe(c.agent);
    if (c.model !== undefined) expect(r.model).toBe(c.model);
    expect(r.evidence.length).toBeGreaterThan(0);
  });
});

const humanCases: Case[] = [
  { name: 'AI words in a human message', message: 'Fix Claude integration\n\nThe Copilot and Cursor adapters now retry.\n', agent: null },
  { name: 'a co-author named Devin', message: 'Pair work\n\nCo-authored-by: Devin Smith <devin@smith.dev>\n', agent: null },
  { name: 'an author named Claude', message: 'Fix', author: who('Claude', 'claude@dupont.fr', 'claudedupont'), agent: null },
  { name: 'GitHub user "claude" who is not a bot', message: 'Fix', author: who('Claude', 'c@example.com', 'claude', false), agent: null },
  { name: 'an ordinary co-author', message: 'Fix\n\nCo-authored-by: Bob <123+bob@users.noreply.github.com>\n', agent: null },
  {
    name: 'dependabot',
    message: 'Bump x from 1.0.0 to 1.0.1\n\nSigned-off-by: dependabot[bot] <support@github.com>\n',
    author: who('dependabot[bot]', noreply('49699333+dependabot[bot]'), 'dependabot[bot]', true),
    agent: null,
  },
  { name: 'renovate', message: 'chore(deps): update x', author: who('renovate[bot]', noreply('29139614+renovate[bot]'), 'renovate[bot]', true), agent: null },
  { name: 'github-actions', message: 'Release 1.2.3', author: who('github-actions[bot]', noreply('41898282+github-actions[bot]')), agent: null },
  { name: 'gemini-cli-robot', message: 'chore(release): v0.9.0', author: who('gemini-cli-robot', 'gemini-cli-robot@google.com'), agent: null },
  { name: 'mentioning a footer in prose', message: 'Remove the "Generated with Claude Code" footer from templates', agent: null },
  { name: 'happy and claude-flow in prose', message: 'Make the linter happy\n\nFollows the claude-flow docs, via happy path testing.\n', agent: null },
  { name: 'the person whose address claude-flow borrows, as author', message: 'Refactor the swarm', author: who('Reuven Cohen', 'ruv@ruv.net'), agent: null },
  { name: 'the same person as a co-author under their own name', message: 'Fix\n\nCo-authored-by: Reuven Cohen <ruv@ruv.net>\n', agent: null },
];

describe('attributeCommit: humans and non-AI bots', () => {
  it.each(humanCases)('$name', (c) => {
    const r = attributeCommit({ message: c.message, author: c.author ?? jane, committer: c.committer ?? c.author ?? jane });
    expect(r.agent).toBeNull();
    expect(r.model).toBeNull();
    expect(r.evidence).toEqual([]);
  });
});

describe('attributeCommit: evidence and conflicts', () => {
  it('returns trailers and evidence a reviewer can follow', () => {
    const r = attributeCommit({
      message: 'Add parser\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>\n',
      author: jane,
      committer: jane,
    });
    expect(r.trailers).toEqual([{ key: 'Co-Authored-By', value: 'Claude Opus 4.6 (1M context) <noreply@anthropic.com>' }]);
    expect(r.evidence).toEqual([
      {
        source: 'trailer',
        detail: 'Co-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>',
        strength: 'strong',
        agent: 'claude-code',
        model: 'claude-opus-4-6',
      },
    ]);
    expect(r.models).toEqual(['claude-opus-4-6']);
  });

  it('picks the strongest agent and lists every piece of evidence', () => {
    const r = attributeCommit({
      message: 'Fix\n\nMade-with: Cursor\nCo-authored-by: Codex <noreply@openai.com>\n',
      author: jane,
      committer: jane,
    });
    expect(r.agent).toBe('codex');
    expect(r.evidence.map((e) => [e.agent, e.strength])).toEqual([
      ['cursor', 'medium'],
      ['codex', 'strong'],
    ]);
  });

  it('a weak display-name match still counts, but loses to an email', () => {
    const weak = attributeCommit({ message: 'Fix\n\nCo-authored-by: Claude Code <someone@example.com>\n', author: jane, committer: jane });
    expect(weak.agent).toBe('claude-code');
    expect(weak.evidence[0]?.strength).toBe('weak');
  });

  it('collects every model named', () => {
    const r = attributeCommit({
      message: 'Fix\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\nAssisted-by: Claude:claude-opus-4-6\n',
      author: jane,
      committer: jane,
    });
    expect(r.agent).toBe('claude-code');
    expect(r.model).toBe('claude-sonnet-4-5');
    expect(r.models).toEqual(['claude-sonnet-4-5', 'claude-opus-4-6']);
  });
});

describe('attribute(snapshot)', () => {
  const snapshot = emptySnapshot('a'.repeat(40), 'b'.repeat(40));
  const commit = (sha: string, message: string) => ({
    sha,
    message,
    author: jane,
    committer: jane,
    parents: [],
    authoredAt: null,
    files: null,
    signature: null,
  });
  snapshot.commits = [commit('1'.repeat(40), 'Human change'), commit('2'.repeat(40), 'Agent change\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n')];

  it('keeps snapshot order and treats unattributed commits as human by default', () => {
    const r = attribute(snapshot, { unattributed: 'human' });
    expect(r.commits.map((c) => [c.sha[0], c.agent])).toEqual([
      ['1', null],
      ['2', 'cursor'],
    ]);
  });

  it('marks unattributed commits unknown when the policy says so', () => {
    const r = attribute(snapshot, { unattributed: 'unknown-agent' });
    expect(r.commits.map((c) => c.agent)).toEqual(['unknown', 'cursor']);
    expect(r.commits[0]?.evidence).toEqual([]);
  });
});

describe('attribute(snapshot): what the memos share', () => {
  const snapshotOf = (sha: string, who: Identity) => {
    const snapshot = emptySnapshot('a'.repeat(40), 'b'.repeat(40));
    snapshot.commits = [{ sha, message: 'Tidy the parser', author: who, committer: who, parents: [], authoredAt: null, files: null, signature: null }];
    return snapshot;
  };

  it('works out the evidence of each identity on its own, even when their parts run together alike', () => {
    // "mallory (aider)" + "mallory@example.com" and "mallory" + " (aider)mallory@example.com" read the same
    // run together: the human identity seen first must not lend its empty evidence to aider's.
    const human: Identity = { name: 'mallory', email: ' (aider)mallory@example.com', login: null, isBot: false };
    const aider: Identity = { name: 'mallory (aider)', email: 'mallory@example.com', login: null, isBot: false };
    expect(attribute(snapshotOf('7'.repeat(40), human), { unattributed: 'human' }).commits[0]!.agent).toBeNull();
    expect(attribute(snapshotOf('8'.repeat(40), aider), { unattributed: 'human' }).commits[0]!.agent).toBe('aider');
  });

  it("works out each trailer's evidence from its own key and value, where no caller can change what the next commit reads", () => {
    const trailerOf = (message: string) => attributeCommit({ message, author: jane, committer: jane });
    const lower = trailerOf('Fix\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n');
    expect(lower.evidence.map((e) => e.detail)).toEqual(['Co-authored-by: Cursor <cursoragent@cursor.com>']);
    expect(trailerOf('Fix\n\nCo-Authored-By: Cursor <cursoragent@cursor.com>\n').evidence.map((e) => e.detail)).toEqual([
      'Co-Authored-By: Cursor <cursoragent@cursor.com>',
    ]);
    expect(trailerOf('Fix\n\nAssisted-by: Claude:claude-opus-4-5\n').model).toBe('claude-opus-4-5');
    expect(trailerOf('Fix\n\nAssisted-by: Claude:gpt-5\n').model).toBe('gpt-5');
    expect(trailerOf('Fix\n\nCo-authored-by: Jane Dev <jane@example.com>\n').agent).toBeNull();
    expect(() => ((lower.evidence[0] as { agent: string | null }).agent = 'aider')).toThrow(TypeError);
    expect(() => (lower.trailers[0]!.value = 'Jane Dev <jane@example.com>')).toThrow(TypeError);
    const tidy = trailerOf('Tidy\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n');
    expect(tidy.agent).toBe('cursor');
    expect(tidy.trailers).toEqual([{ key: 'Co-authored-by', value: 'Cursor <cursoragent@cursor.com>' }]);
  });
});

describe('decide', () => {
  it('makes evidence that names a model but no agent an unknown agent, never a human', () => {
    expect(decide([{ source: 'ledger', detail: 'a model alone', strength: 'medium', agent: null, model: 'gpt-5' }])).toEqual({
      agent: 'unknown',
      model: 'gpt-5',
      models: ['gpt-5'],
    });
    expect(decide([])).toEqual({ agent: null, model: null, models: [] });
  });

  /**
   * The rule as written out: rank the evidence by strength (stable), take the
   * strongest named agent (at equal strength a coding agent before a review
   * bot), let a harness that drives it take its place, and the strongest model
   * named by that agent, its harnessed agent, or no agent.
   */
  function decideByTheRule(evidence: AttributionEvidence[]) {
    const rank = { strong: 3, medium: 2, weak: 1 };
    const models = [...new Set(evidence.map((e) => e.model).filter((m): m is string => m !== null))];
    const ranked = [...evidence].sort((a, b) => rank[b.strength] - rank[a.strength]);
    const reviewBot = (e: AttributionEvidence) => agentById(e.agent ?? '')?.reviewBot === true;
    const named = ranked
      .filter((e) => e.agent !== null && e.agent !== 'unknown')
      .sort((a, b) => rank[b.strength] - rank[a.strength] || Number(reviewBot(a)) - Number(reviewBot(b)));
    let agent: string | null = named[0]?.agent ?? (ranked.some((e) => e.agent === 'unknown' || e.model) ? 'unknown' : null);
    if (agent && agent !== 'unknown') {
      const chosen = agent;
      const wrapper = named.find((e) => agentById(e.agent!)?.wraps?.includes(chosen));
      if (wrapper?.agent) agent = wrapper.agent;
    }
    const wrapped = (agent && agentById(agent)?.wraps) ?? [];
    const model = ranked.find((e) => e.model && (e.agent === agent || e.agent === null || e.agent === 'unknown' || wrapped.includes(e.agent)))?.model ?? null;
    return { agent, model, models };
  }

  it('decides every list of evidence as the rule does: strength, review bots, harnesses, models', () => {
    // Coding agents, review bots, harnesses and the agents they drive, unknown and none.
    const agents = [
      null,
      'unknown',
      'claude-code',
      'codex',
      'aider',
      'cursor',
      'coderabbit',
      'greptile',
      'gemini-code-assist',
      'crush',
      'opencode',
      'happy',
      'claude-flow',
    ];
    expect(agents.some((a) => a && agentById(a)?.reviewBot)).toBe(true);
    expect(agents.some((a) => a && agentById(a)?.wraps?.includes('claude-code'))).toBe(true);
    const item = fc.record({
      source: fc.constantFrom('trailer', 'footer', 'identity', 'ledger'),
      detail: fc.constantFrom('a', 'b'),
      strength: fc.constantFrom<EvidenceStrength>('strong', 'medium', 'weak'),
      agent: fc.constantFrom(...agents),
      model: fc.constantFrom(null, '', 'gpt-5', 'claude-opus-4-5', 'gemini-2.5-pro'),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 7 }), (evidence) => {
        const before = JSON.stringify(evidence);
        expect(decide(evidence as AttributionEvidence[])).toEqual(decideByTheRule(evidence as AttributionEvidence[]));
        expect(JSON.stringify(evidence)).toBe(before);
      }),
      { numRuns: 3000 },
    );
  });
});
