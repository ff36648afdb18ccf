/**
 * Attack class: forged and stripped attribution (docs/policy.md "Which commits
 * touched a file", docs/ledger.md, README). Trailers, notes and ledgers are
 * claims by the PR's author: a further claim can add a restriction, never lift
 * one; a commit with no AI evidence is human (`unattributed: human`).
 */
import { expect } from 'vitest';
import type { CommitSnapshot, LedgerSource } from '../../src/snapshot.js';
import { agentCommit, claude, commit, human, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const matrix = policy({
  version: 1,
  tiers: { fast: ['**/claude-haiku-*'], strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], require: ['tests'] }],
});
const green = [run('tests', 'success')];

/** A Git AI note saying which model wrote the lines of `file` in `c`. */
function note(c: CommitSnapshot, file: string, model: string): LedgerSource {
  const content = [
    file,
    '  s_0123456789abcd::t_0123456789abcd 1-3',
    '---',
    JSON.stringify({
      schema_version: 'authorship/3.0.0',
      base_commit_sha: c.sha,
      prompts: {},
      sessions: { s_0123456789abcd: { agent_id: { tool: 'claude', id: 'x', model }, human_author: 'Alice <alice@example.com>' } },
    }),
  ].join('\n');
  return { kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: c.sha, content };
}

function traceClaim(path: string, model: string, revision: string): LedgerSource {
  const record = {
    version: '0.1.0',
    id: '00000000-0000-4000-8000-000000000001',
    timestamp: '2026-11-20T10:00:00Z',
    vcs: { type: 'git', revision },
    files: [{ path, conversations: [{ contributor: { type: 'ai', model_id: model }, ranges: [{ start_line: 1, end_line: 3 }] }] }],
  };
  return { kind: 'agent-trace', path: '.agent-trace/traces.jsonl', commitSha: null, content: JSON.stringify(record) + '\n' };
}

/** A Git AI note saying `tool` wrote the lines of `file` in `c` with `model`. */
function noteBy(c: CommitSnapshot, file: string, tool: string, model: string): LedgerSource {
  const base = note(c, file, model);
  return { ...base, content: base.content.replace('"tool":"claude"', JSON.stringify('tool') + ':' + JSON.stringify(tool)) };
}

/** Routes that admit one agent only: the agent a commit is attributed to decides. */
const claudeOnly = policy({
  version: 1,
  tiers: { strong: ['**/claude-opus-*', '**/gpt-5*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], agents: ['claude-code'], require: ['tests'] }],
});
const opencodeOnly = policy({
  version: 1,
  tiers: { strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], agents: ['opencode'], require: ['tests'] }],
});
const codexByName = agentCommit(['src/auth/a.ts'], 'Assisted-by: codex gpt-5');
const claudeStrong = agentCommit(['src/auth/a.ts'], claude());

const strong = () => agentCommit(['src/auth/a.ts'], claude());
const fastLedgerCommit = strong();
const fastTraceCommit = strong();
const bot = { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com', login: 'copilot-swe-agent[bot]', isBot: true };

/** Pull requests opened by agents' bot accounts: GitHub names the author, the pull request's author cannot choose it. */
const openedBy = (login: string, id: number) => ({ number: 7, title: 'Agent change', author: { login, isBot: true, id }, labels: [], draft: false, url: null });
const byDevin = openedBy('devin-ai-integration', 158243242);
const byCopilot = openedBy('Copilot', 198982749);
const byClaudeBot = openedBy('claude', 209825114);
const copilotOnly = policy({
  version: 1,
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'auth', paths: ['src/auth/**'], agents: ['github-copilot'], require: ['tests'] }],
});
const strongOnly = policy({
  version: 1,
  tiers: { strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], require: ['tests'] }],
  attribution: { unknownModel: 'deny' },
});

attackTable('forged and stripped attribution', [
  {
    name: 'a strong trailer over lines a Git AI note gives to a fast model: the note adds the fast tier',
    policy: matrix,
    snapshot: pr([fastLedgerCommit], { checkRuns: green, ledgers: [note(fastLedgerCommit, 'src/auth/a.ts', 'claude-haiku-4-5')] }),
    expected: 'failure',
  },
  {
    name: 'a note naming a strong model does not lift a fast trailer',
    policy: matrix,
    snapshot: (() => {
      const c = agentCommit(['src/auth/a.ts'], claude('Claude Haiku 4.5'));
      return pr([c], { checkRuns: green, ledgers: [note(c, 'src/auth/a.ts', 'claude-opus-4-6')] });
    })(),
    expected: 'failure',
  },
  {
    name: 'an agent-trace ledger giving the file to a fast model adds the fast tier',
    policy: matrix,
    snapshot: pr([fastTraceCommit], { checkRuns: green, ledgers: [traceClaim('src/auth/a.ts', 'anthropic/claude-haiku-4-5', fastTraceCommit.sha)] }),
    expected: 'failure',
  },
  {
    name: "a second trailer naming a strong model does not lift the first one's fast model",
    policy: matrix,
    snapshot: pr([agentCommit(['src/auth/a.ts'], `${claude('Claude Haiku 4.5')}\n${claude()}`)], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: "a commit by an agent's bot account with its trailer stripped is still the agent's, with no model",
    policy: matrix,
    snapshot: pr([commit('Add login', ['src/auth/a.ts'], bot)], { checkRuns: green }),
    expected: 'failure',
  },
  {
    name: 'a stripped trailer on a commit by a human account is a human commit (documented: not gated by agent routes)',
    policy: matrix,
    snapshot: pr([commit('Add login', ['src/auth/a.ts'], human('mallory'))], { checkRuns: green }),
    expected: 'neutral',
  },
  {
    name: 'a trailer in the subject line or body text is not a trailer',
    policy: matrix,
    snapshot: pr([commit(`Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n\nReally by haiku.\n\n${claude('Claude Haiku 4.5')}`, ['src/auth/a.ts'])], {
      checkRuns: green,
    }),
    expected: 'failure',
  },
  {
    name: 'an agent commit among human ones gates the whole route',
    policy: matrix,
    snapshot: pr([commit('a', ['src/auth/a.ts'], human('mallory')), agentCommit(['src/auth/b.ts'], claude('Claude Haiku 4.5'))], { checkRuns: green }),
    expected: 'failure',
    also: (v) => expect(v.violations.some((x) => x.files.includes('src/auth/b.ts'))).toBe(true),
  },
  {
    name: "a Git AI note naming an allowed agent does not replace the agent the commit's own trailer names",
    policy: claudeOnly,
    snapshot: pr([codexByName], { checkRuns: green, ledgers: [noteBy(codexByName, 'src/auth/a.ts', 'claude', 'claude-opus-4-6')] }),
    expected: 'failure',
    also: (v) => expect(v.attribution.commits[0]!.agent).toBe('codex'),
  },
  {
    name: "a Git AI note naming a harness does not turn the commit's own agent into the harness",
    policy: opencodeOnly,
    snapshot: pr([claudeStrong], { checkRuns: green, ledgers: [noteBy(claudeStrong, 'src/auth/a.ts', 'opencode', 'claude-opus-4-6')] }),
    expected: 'failure',
    also: (v) => expect(v.attribution.commits[0]!.agent).toBe('claude-code'),
  },
  {
    name: 'a Git AI note names the agent of a commit whose own evidence names none',
    policy: claudeOnly,
    snapshot: (() => {
      const c = commit('Add login', ['src/auth/a.ts'], human('alice'));
      return pr([c], { checkRuns: green, ledgers: [noteBy(c, 'src/auth/a.ts', 'claude', 'claude-opus-4-6')] });
    })(),
    expected: 'success',
    also: (v) => expect(v.attribution.commits[0]!.agent).toBe('claude-code'),
  },
  {
    name: "a pull request Devin's bot account opened stays Devin's when its commit claims Claude Code in a trailer",
    policy: claudeOnly,
    snapshot: pr([agentCommit(['src/auth/a.ts'], claude())], { checkRuns: green, pullRequest: byDevin }),
    expected: 'failure',
    also: (v) =>
      expect(v.violations.filter((x) => x.kind === 'agent')).toMatchObject([{ message: expect.stringContaining('devin') as string, files: ['src/auth/a.ts'] }]),
  },
  {
    name: "a pull request Devin's bot account opened stays Devin's when a Git AI note gives its commit to Claude Code",
    policy: claudeOnly,
    snapshot: (() => {
      const c = commit('Add login', ['src/auth/a.ts'], human('alice'));
      return pr([c], { checkRuns: green, pullRequest: byDevin, ledgers: [noteBy(c, 'src/auth/a.ts', 'claude', 'claude-opus-4-6')] });
    })(),
    expected: 'failure',
    also: (v) => expect(v.violations.filter((x) => x.kind === 'agent')).toMatchObject([{ message: expect.stringContaining('devin') as string }]),
  },
  {
    name: "a model another agent's trailer names does not lift unknownModel: deny from the agent whose bot account opened the pull request",
    policy: strongOnly,
    snapshot: pr([agentCommit(['src/auth/a.ts'], claude())], { checkRuns: green, pullRequest: byDevin }),
    expected: 'failure',
    also: (v) => expect(v.violations).toMatchObject([{ kind: 'unknown-model', message: expect.stringContaining('devin') as string }]),
  },
  {
    name: "the Copilot coding agent's own commits in the pull request it opened pass a route that admits it (no second agent)",
    policy: copilotOnly,
    snapshot: pr([commit('Add login\n\nCo-authored-by: alice <alice@example.com>', ['src/auth/a.ts'], bot)], { checkRuns: green, pullRequest: byCopilot }),
    expected: 'success',
  },
  {
    name: "claude-code-action's commits in the pull request claude[bot] opened pass a route that admits claude-code",
    policy: claudeOnly,
    snapshot: pr([agentCommit(['src/auth/a.ts'], claude())], { checkRuns: green, pullRequest: byClaudeBot }),
    expected: 'success',
  },
]);
