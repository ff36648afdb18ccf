import { describe, expect, it } from 'vitest';
import { CLAUDE_TRAILER, runCli } from './run.js';

describe('proofgate attribute', () => {
  it('explains a Claude Code commit from its trailer', async () => {
    const run = await runCli(['attribute', '--author', 'Ada Lovelace <ada@example.com>'], {
      stdin: `Add parser\n\nHandles the edge cases.\n\n${CLAUDE_TRAILER}\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['trailers', 'agent', 'model', 'decidedBy', 'evidence']);
    expect(out.decidedBy).toBe('commit');
    expect(out.trailers).toEqual([{ key: 'Co-Authored-By', value: 'Claude Opus 4.6 <noreply@anthropic.com>' }]);
    expect(out.agent).toBe('claude-code');
    expect(out.model).toBe('claude-opus-4-6');
    expect(out.evidence).toContainEqual(expect.objectContaining({ source: 'trailer', strength: 'strong', agent: 'claude-code' }));
  });

  it('attributes a human commit to nobody, even when it mentions AI', async () => {
    const run = await runCli(['attribute', '--author', 'Ada Lovelace <ada@example.com>'], {
      stdin: 'Document how we review Claude and Copilot output\n\nCo-authored-by: Grace Hopper <grace@example.com>\n',
    });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toEqual({
      trailers: [{ key: 'Co-authored-by', value: 'Grace Hopper <grace@example.com>' }],
      agent: null,
      model: null,
      decidedBy: 'none',
      evidence: [],
    });
  });

  it('uses the author identity when the message is silent', async () => {
    const run = await runCli(['attribute', '--author', 'Copilot <198982749+Copilot@users.noreply.github.com>'], { stdin: 'Fix bug\n' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).agent).toBe('github-copilot');
  });

  it('refuses to wait on a terminal', async () => {
    const run = await runCli(['attribute'], { tty: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('proofgate: attribute reads a commit message on stdin (pipe one in: git log -1 --format=%B | proofgate attribute)\n');
  });
});
