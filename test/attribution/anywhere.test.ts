/**
 * Evidence git's trailer parse does not see: agent identities on lines
 * anywhere in the message, footers with and without link markup, bot
 * accounts by id or login, review-bot suggestions, model conventions, and
 * PR-level evidence. Messages are shortened from real commits.
 */
import { describe, expect, it } from 'vitest';
import { attribute, attributeCommit, pullRequestEvidence } from '../../src/attribution/attribute.js';
import { AGENTS } from '../../src/attribution/agents.js';
import type { Identity } from '../../src/snapshot.js';
import { emptySnapshot } from '../../src/snapshot.js';

const who = (name: string | null, email: string | null, login: string | null = null, isBot = false): Identity => ({ name, email, login, isBot });
const jane = who('Jane Dev', 'jane@example.com');
const of = (message: string, author: Identity = jane, committer: Identity = author) => attributeCommit({ message, author, committer });

describe('agent identities on lines outside git’s trailer block (message-line)', () => {
  const cases: Array<{ name: string; message: string; agent: string; model: string | null }> = [
    {
      name: 'a transcript link after the co-author line',
      message:
        'fix(sdk): truncate structured results\n\nBody.\n\nCo-Authored-By: Claude Fable 5 <noreply@anthropic.com>\n\n🔮 View transcript: https://agentlogs.example.dev/s/mrbt2b39\n',
      agent: 'claude-code',
      model: 'claude-fable-5',
    },
    {
      name: 'a tool’s run record after it (datalad)',
      message:
        '[DATALAD RUNCMD] fix typos\n\nCo-authored-by: Codex <noreply@openai.com>\n\n=== Do not change lines below ===\n{\n "cmd": "codespell -w",\n "exit": 0\n}\n^^^ Do not change lines above ^^^\n',
      agent: 'codex',
      model: null,
    },
    {
      name: 'a squash merge whose body concatenates several messages',
      message:
        'feat: fetch trigger user display name (#412)\n\n* feat: fetch trigger user display name via GraphQL\n\nCo-authored-by: claude[bot] <209825114+claude[bot]@users.noreply.github.com>\n\n* update test\n\n---------\n\nCo-authored-by: Ashwin Bhat <ashwin@anthropic.com>\n',
      agent: 'claude-code',
      model: null,
    },
    {
      name: 'a last paragraph that also holds a footer line (git does not count it)',
      message: 'Add panel\n\nBody.\n\nGenerated with Claude Code\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\n',
      agent: 'claude-code',
      model: 'claude-sonnet-4-5',
    },
    {
      name: 'a list bullet in a squash body naming a review bot',
      message:
        'Fix parser (#99)\n\n* Apply suggestion\n  Co-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>\n* more\n\nSigned-off-by: Jane Dev <jane@example.com>\nReviewed-by: Bob\n',
      agent: 'gemini-code-assist',
      model: null,
    },
    {
      name: 'Amp’s thread link with prose after it',
      message:
        'Tidy\n\nAmp-Thread-ID: https://ampcode.com/threads/T-5e0a2c1b-1234-4c1e-9f64-1a2b3c4d5e6f\nCo-authored-by: Amp <amp@ampcode.com>\n\nand a closing remark\n',
      agent: 'amp',
      model: null,
    },
  ];

  it.each(cases)('$name', (c) => {
    const r = of(c.message);
    // Git's trailer parse does not find it: only the message-line source does.
    expect(r.evidence.filter((e) => e.source === 'trailer' && e.agent === c.agent)).toEqual([]);
    expect(r.agent).toBe(c.agent);
    expect(r.model).toBe(c.model);
    expect(r.evidence.some((e) => e.source === 'message-line' && e.strength === 'medium' && e.agent === c.agent)).toBe(true);
  });

  it('reads a one-line message whose line breaks an agent wrote as a literal \\n', () => {
    // All-Hands-AI/OpenHands 0debe8e86b2d, verbatim.
    const r = of('Fix lint via pre-commit for SWE-fficiency files\\n\\nCo-authored-by: openhands <openhands@all-hands.dev>\n');
    expect(r.agent).toBe('openhands');
    expect(r.evidence[0]).toMatchObject({ source: 'message-line', detail: 'Co-authored-by: openhands <openhands@all-hands.dev>' });
  });

  it('reads a terminal-pasted border and an address without angle brackets', () => {
    // All-Hands-AI/OpenHands a6312c7e8550 and 83b1675aadf3.
    expect(of('Fix SaaS navigation\n\n│Co-authored-by: openhands <openhands@all-hands.dev>\n│more\n').agent).toBe('openhands');
    const r = of('docs: rename section\\n\\nCo-authored-by: OpenHands-GPT-5 openhands@all-hands.dev\n');
    expect([r.agent, r.model]).toEqual(['openhands', 'gpt-5']);
  });

  it('does not count an identity mentioned in prose or with text after it', () => {
    for (const message of [
      'Document the trailer\n\nClaude writes Co-Authored-By: Claude <noreply@anthropic.com> into commits.\nMore prose.\n',
      'Explain\n\nCo-Authored-By: Claude <noreply@anthropic.com> is what it writes, not us\nMore.\n',
      'Explain\n\nThe format is `Co-authored-by: Codex <noreply@openai.com>`.\nMore.\n',
      'Explain\n\nClaude Code appends Co-authored-by: Claude <noreply@anthropic.com>\nMore.\n',
    ]) {
      expect(of(message).agent, message).toBeNull();
    }
  });

  it('records a trailer in the block once, as a trailer', () => {
    const r = of('Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n');
    expect(r.evidence.map((e) => e.source)).toEqual(['trailer']);
  });

  it('tells the block from the rest by key and value, in a block of a few trailers and of many', () => {
    // The same line above the block counts as a message line; the block's copy, with its key in any case, does not.
    for (const others of [1, 12]) {
      const people = Array.from({ length: others }, (_, i) => `Co-authored-by: Dev ${i} <dev${i}@example.com>`);
      const block = [...people, 'co-authored-by: Codex <noreply@openai.com>'].join('\n');
      const inBlock = of(`Fix\n\n${block}\n`);
      expect(inBlock.evidence.map((e) => [e.source, e.agent])).toEqual([['trailer', 'codex']]);
      const above = of(`Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>\nmore prose\n\n${block}\n`);
      expect(above.evidence.map((e) => [e.source, e.agent])).toEqual([
        ['trailer', 'codex'],
        ['message-line', 'claude-code'],
      ]);
      // Another key, the same value: not the block's trailer either.
      const otherKey = of(`Fix\n\nSigned-off-by: Codex <noreply@openai.com>\nmore prose\n\n${block}\n`);
      expect(otherKey.evidence.map((e) => [e.source, e.agent])).toEqual([
        ['trailer', 'codex'],
        ['message-line', 'codex'],
      ]);
      // Same key, another value: not the block's trailer.
      const otherValue = of(
        `Fix\n\nCo-authored-by: Codex <noreply@openai.com> \nmore prose\n\n${people.join('\n')}\nCo-authored-by: Claude <noreply@anthropic.com>\n`,
      );
      expect(otherValue.evidence.map((e) => [e.source, e.agent])).toEqual([
        ['trailer', 'claude-code'],
        ['message-line', 'codex'],
      ]);
    }
  });
});

describe('footers, with and without link markup', () => {
  const cases: Array<[string, string, string | null]> = [
    ['Generated with Claude Code', 'claude-code', null],
    ['🤖 Generated with Claude Code', 'claude-code', null],
    ['🎉 Generated with Claude Code (claude.ai/code)', 'claude-code', null],
    ['🤖 Generated with [Claude Code](https://claude.com/claude-code)', 'claude-code', null],
    ['🤖 Generated with [Codex CLI](https://github.com/openai/codex)', 'codex', null],
    ['Generated with [GitHub Copilot](https://github.com/features/copilot)', 'github-copilot', null],
    ['Generated with [GitHub Copilot](https://github.com/features/copilot) using Claude Sonnet 4.5', 'github-copilot', 'claude-sonnet-4-5'],
    ['🤖 Generated with [opencode](https://opencode.ai)', 'opencode', null],
    ['Made with [Cursor](https://cursor.com)', 'cursor', null],
    ['Made-with: Cursor', 'cursor', null],
    ['🤖 Generated with Gemini CLI', 'gemini-cli', null],
    ['Generated with Amp', 'amp', null],
    ['💘 Generated with Crush', 'crush', null],
    ['Generated with [Claude Code](https://claude.ai/code) (Claude Opus 4.5)', 'claude-code', 'claude-opus-4-5'],
  ];
  it.each(cases)('%s', (footer, agent, model) => {
    // A footer followed by prose, so it is never part of a trailer block.
    const r = of(`Fix the thing\n\n${footer}\n\nThanks for reviewing.\n`);
    expect(r.agent).toBe(agent);
    expect(r.model).toBe(model);
  });

  it('does not count a footer quoted in prose, or a tool that is not an agent', () => {
    for (const message of [
      'Remove the "Generated with Claude Code" footer from templates',
      'Docs\n\nWe no longer add Generated with Claude Code to PR bodies.\n',
      'Lockfile\n\nGenerated with pnpm@10.16.1 using workspace configuration defined\n',
      'Build\n\nMade with love in Berlin\n',
      'Proto\n\nGenerated by protoc\n',
    ]) {
      expect(of(message).agent, message).toBeNull();
    }
  });
});

describe('bot accounts, by numeric account id or login, the same for every bot', () => {
  const noreply = (local: string) => `${local}@users.noreply.github.com`;
  const bots = AGENTS.flatMap((a) =>
    a.noreplyIds.filter((n) => n.endsWith('[bot]')).map((n) => ({ agent: a.id, id: n.slice(0, n.indexOf('+')), login: n.slice(n.indexOf('+') + 1) })),
  );

  it.each(bots)('$login: with the id, without it, and with the id under another login', ({ agent, id, login }) => {
    expect(of('Fix', who(login, noreply(`${id}+${login}`))).agent).toBe(agent);
    expect(of('Fix', who(login, noreply(login))).agent).toBe(agent);
    expect(of('Fix', who('Renamed', noreply(`${id}+renamed-app[bot]`))).agent).toBe(agent);
    expect(of(`Fix\n\nCo-authored-by: ${login} <${noreply(login)}>\n`).agent).toBe(agent);
  });

  it('reads an address written with quotes around it', () => {
    // All-Hands-AI/OpenHands 8ff85f9b6d34: the author address is literally \"…\".
    expect(of('Add agent', who('MentatBot', '\\"160964065+MentatBot@users.noreply.github.com\\"')).agent).toBe('mentat');
  });

  it('needs the id for logins a person could hold', () => {
    expect(of('Fix', who('Jane', noreply('copilot'))).agent).toBeNull();
    expect(of('Fix', who('Jane', noreply('198982749+Copilot'))).agent).toBe('github-copilot');
    expect(of('Fix', who('Jane', noreply('kiro-agent'))).agent).toBeNull();
    expect(of('Fix', who('Jane', noreply('244629292+kiro-agent'))).agent).toBe('kiro');
  });

  it('keeps github-actions’ id for github-actions, whatever login claude-code-action borrows it for', () => {
    expect(of('Release', who('github-actions[bot]', noreply('41898282+github-actions[bot]'))).agent).toBeNull();
    expect(of('Release', who('github-actions[bot]', noreply('github-actions[bot]'))).agent).toBeNull();
    expect(of('Fix #12', who('claude[bot]', noreply('41898282+claude[bot]'))).agent).toBe('claude-code');
  });

  it('treats non-AI bots the same with or without the id', () => {
    expect(of('Bump x', who('dependabot[bot]', noreply('dependabot[bot]'))).evidence).toEqual([]);
    expect(of('fix(security): update dependencies', who('aikido-autofix[bot]', noreply('119856028+aikido-autofix[bot]'))).evidence).toEqual([]);
  });
});

describe('review-bot suggestions: attributed to the bot, the same way for each', () => {
  const reviewBots = AGENTS.filter((a) => a.reviewBot);
  it('lists the review bots', () => {
    expect(reviewBots.map((a) => a.id).sort()).toEqual(['coderabbit', 'cubic', 'ellipsis', 'gemini-code-assist', 'greptile', 'sourcery']);
  });
  it.each(reviewBots.flatMap((a) => a.noreplyIds.map((n) => ({ agent: a.id, address: n }))))('$agent', ({ agent, address }) => {
    const login = address.slice(address.indexOf('+') + 1);
    const message = `Update src/parse.ts\n\nCo-authored-by: ${login} <${address}@users.noreply.github.com>`;
    const r = of(message);
    expect(r.agent).toBe(agent);
    expect(r.evidence[0]).toMatchObject({ source: 'trailer', strength: 'strong' });
  });
  it('yields to a coding agent named as strongly (cline/cline 2204457cc5: a Roo Code squash with one ellipsis suggestion)', () => {
    const r = of(
      'Fix (#1)\n\nCo-authored-by: ellipsis-dev[bot] <65095814+ellipsis-dev[bot]@users.noreply.github.com>\nCo-authored-by: Roo Code <roomote@roocode.com>\n',
    );
    expect(r.agent).toBe('roo-code');
  });

  it('Copilot’s pull-request reviewer too', () => {
    expect(of('Apply suggestion\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n').agent).toBe('github-copilot');
    expect(of('Fix', who('copilot-pull-request-reviewer[bot]', 'copilot-pull-request-reviewer[bot]@users.noreply.github.com')).agent).toBe('github-copilot');
  });
});

describe('model conventions', () => {
  it('Assisted-by: AGENT:MODEL [TOOL…] (the Linux kernel’s form)', () => {
    const r = of('mm: fix\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Jane Dev <jane@example.com>\n');
    expect([r.agent, r.model]).toEqual(['claude-code', 'claude-opus-3']);
    expect(of('x\n\nAssisted-by: GitHub Copilot:claude-sonnet-4.6\n').model).toBe('claude-sonnet-4-6');
    expect(of('x\n\nAssisted-by: Codex:gpt-5-4\n').agent).toBe('codex');
  });

  it('Agent: / Model: trailer pairs', () => {
    expect([of('Fix\n\nAgent: Claude Code\nModel: claude-opus-4-5\n').agent, of('Fix\n\nAgent: Claude Code\nModel: claude-opus-4-5\n').model]).toEqual([
      'claude-code',
      'claude-opus-4-5',
    ]);
    expect(of('Fix\n\nAgent: aider\n').agent).toBe('aider');
    expect([of('Fix\n\nAgent: MyBot\nModel: gpt-5\n').agent, of('Fix\n\nAgent: MyBot\nModel: gpt-5\n').model]).toEqual(['unknown', 'gpt-5']);
    // A Model: trailer alone names no agent, and adds a model only next to AI evidence.
    expect(of('Fix\n\nModel: XPS 13\n').agent).toBeNull();
    expect(of('Fix\n\nModel: gpt-5\nCo-authored-by: Codex <noreply@openai.com>\n').model).toBe('gpt-5');
  });

  it('aider’s author name with the model in parentheses', () => {
    expect([
      of('fix', who('Ali Ayas (gemini-2.5-pro-preview-05-06)', 'ali@example.com')).agent,
      of('fix', who('Ali Ayas (claude-sonnet-4-20250514)', 'ali@example.com')).model,
    ]).toEqual(['aider', 'claude-sonnet-4']);
    for (const name of ['Gordon Lam (SH)', 'Huabing (Robin) Zhao', 'Boxuan Li (from Dev Box)', 'Greg OmniMind (claude)', 'Amar Sood (tekacs)']) {
      expect(of('fix', who(name, 'x@example.com')).agent, name).toBeNull();
    }
  });

  it('aider as committer only: the person’s own edits or aider’s with --no-attribute-author, so aider’s', () => {
    expect(of('fix: Update model names', jane, who('Jane Dev (aider)', 'jane@example.com')).agent).toBe('aider');
    expect(of('fix: Update model names', who('Jane Dev (aider)', 'jane@example.com')).agent).toBe('aider');
  });

  it('Claude Code’s versioned co-author name', () => {
    const r = of('Fix\n\nCo-Authored-By: Claude Code 2.1.133 / Claude Opus 4.7 (1M context) <noreply@anthropic.com>\n');
    expect([r.agent, r.model]).toEqual(['claude-code', 'claude-opus-4-7']);
  });
});

describe('PR-level evidence', () => {
  const commit = (sha: string, message: string, author = jane) => ({
    sha,
    message,
    author,
    committer: author,
    parents: [],
    authoredAt: null,
    files: null,
    signature: null,
  });
  const snapshotWith = (pullRequest: { author: { login: string; isBot: boolean; id?: number | null } | null; body?: string | null }) => {
    const s = emptySnapshot('a'.repeat(40), 'b'.repeat(40));
    s.pullRequest = { number: 1, title: 't', labels: [], draft: false, url: null, ...pullRequest };
    s.commits = [commit('1'.repeat(40), 'Fix the bug'), commit('2'.repeat(40), 'Tidy\n\nCo-authored-by: Codex <noreply@openai.com>\n')];
    return s;
  };

  it('attributes only commits with no evidence of their own, marked pull-request, with no model', () => {
    const body = '## Summary\n- fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code) using Claude Opus 4.5\n';
    const r = attribute(snapshotWith({ author: { login: 'jane', isBot: false }, body }), { unattributed: 'human' });
    expect(r.commits[0]).toMatchObject({ agent: 'claude-code', model: null, models: [] });
    expect(r.commits[0]?.evidence.every((e) => e.source === 'pull-request' && e.model === null)).toBe(true);
    expect(r.commits[1]).toMatchObject({ agent: 'codex' });
    expect(r.commits[1]?.evidence.some((e) => e.source === 'pull-request')).toBe(false);
  });

  it('reads agent bot PR authors by account id or login', () => {
    expect(attribute(snapshotWith({ author: { login: 'Copilot[bot]', isBot: true, id: 198982749 } }), { unattributed: 'human' }).commits[0]?.agent).toBe(
      'github-copilot',
    );
    expect(attribute(snapshotWith({ author: { login: 'devin-ai-integration[bot]', isBot: true } }), { unattributed: 'human' }).commits[0]?.agent).toBe('devin');
    expect(attribute(snapshotWith({ author: { login: 'google-labs-jules[bot]', isBot: true, id: null } }), { unattributed: 'human' }).commits[0]?.agent).toBe(
      'jules',
    );
    expect(
      attribute(snapshotWith({ author: { login: 'dependabot[bot]', isBot: true, id: 49699333 } }), { unattributed: 'human' }).commits[0]?.agent,
    ).toBeNull();
  });

  it('reads session links and "on behalf of" lines in the description', () => {
    const bodies: Array<[string, string]> = [
      ['This is Claude Code on behalf of Jane Dev.\n\nFixes #3', 'claude-code'],
      ['Summary\n\nhttps://claude.ai/code/session_01AbCdEf', 'claude-code'],
      ['Link to Devin run: https://app.devin.ai/sessions/0123456789abcdef0123456789abcdef\nRequested by: Jane', 'devin'],
      ['*PR created automatically by Jules for task [123](https://jules.google.com/task/123) started by @jane*', 'jules'],
      ['Fix\n\n------\n[Codex Task](https://chatgpt.com/codex/tasks/task_e_0123456789abcdef)', 'codex'],
      ['Fix\n\n<!-- START COPILOT CODING AGENT TIPS -->\n---\n\n💬 Share your feedback on Copilot coding agent for the next time.', 'github-copilot'],
      ['Fix\n\n[Open in Cursor](https://cursor.com/background-agent?bcId=bc-0b5c7f9e-7d7d-4c1e)', 'cursor'],
      ['_This PR description was generated by AMP._ 🤖', 'amp'],
    ];
    for (const [body, agent] of bodies) {
      expect(pullRequestEvidence({ author: null, body })[0]?.agent, body).toBe(agent);
    }
  });

  it('never relaxes: a human description names nothing, and unknown-agent commits stay unknown', () => {
    const human = 'Refactor the Claude Code integration.\n\nWe no longer add "Generated with Claude Code" to PRs.';
    expect(pullRequestEvidence({ author: { login: 'jane', isBot: false }, body: human })).toEqual([]);
    const r = attribute(snapshotWith({ author: { login: 'devin-ai-integration[bot]', isBot: true } }), { unattributed: 'unknown-agent' });
    expect(r.commits[0]?.agent).toBe('unknown');
    expect(r.commits[0]?.evidence[0]?.source).toBe('pull-request');
  });
});
