import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute } from '../../src/attribution/attribute.js';
import { parseTrailers } from '../../src/attribution/trailers.js';
import { emptySnapshot, type CommitSnapshot, type LedgerSource } from '../../src/snapshot.js';
import { isolatedGitEnv, parseGitOutput } from './git-trailers.js';

let repo = '';
const git = (args: string[], input?: string, env: Record<string, string> = {}): string =>
  execFileSync('git', args, { cwd: repo, env: { ...isolatedGitEnv, ...env }, input, encoding: 'utf8' });

function commit(file: string, message: string, author: [string, string], committer: [string, string] = author): string {
  writeFileSync(join(repo, file), `${file} ${Math.random()}\n`);
  git(['add', file]);
  git(['commit', '-q', '-F', '-'], message, {
    GIT_AUTHOR_NAME: author[0],
    GIT_AUTHOR_EMAIL: author[1],
    GIT_COMMITTER_NAME: committer[0],
    GIT_COMMITTER_EMAIL: committer[1],
  });
  return git(['rev-parse', 'HEAD']).trim();
}

const human: [string, string] = ['Jane Dev', 'jane@example.com'];
let codexSha = '';

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'proofgate-attr-'));
  git(['init', '-q', '-b', 'main']);
  commit('base.txt', 'Initial commit', human);
  commit('a.ts', 'Add parser\n\nLonger body.\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>\n', human);
  commit('b.ts', 'feat: add b\n\nCo-authored-by: aider (gemini/gemini-2.5-pro) <aider@aider.chat>\n', human);
  commit('c.ts', 'Fix Claude integration\n\nCo-authored-by: Devin Smith <devin@smith.dev>\n', human);
  codexSha = commit('d.ts', 'Tidy d', human);
  commit('e.ts', 'Add e', ['copilot-swe-agent[bot]', '198982749+Copilot@users.noreply.github.com']);
  commit('f.ts', 'Bump f', ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com']);
  const note = `d.ts\n  s_0123456789abcd::t_0123456789abcd 1\n---\n${JSON.stringify({
    schema_version: 'authorship/3.0.0',
    base_commit_sha: codexSha,
    prompts: {},
    sessions: { s_0123456789abcd: { agent_id: { tool: 'codex', id: 'x', model: 'gpt-5.4' }, human_author: 'Jane Dev <jane@example.com>' } },
  })}\n`;
  git(['notes', '--ref=ai', 'add', '-F', '-', codexSha], note, {
    GIT_AUTHOR_NAME: human[0],
    GIT_AUTHOR_EMAIL: human[1],
    GIT_COMMITTER_NAME: human[0],
    GIT_COMMITTER_EMAIL: human[1],
  });
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

function loadCommits(): CommitSnapshot[] {
  const out = git(['log', '--reverse', '--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x1e', 'main']);
  return out
    .split('\x1e')
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r !== '')
    .map((r) => {
      const [sha = '', an = '', ae = '', cn = '', ce = '', message = ''] = r.split('\0');
      return {
        sha,
        message,
        author: { name: an, email: ae, login: null, isBot: false },
        committer: { name: cn, email: ce, login: null, isBot: false },
        parents: [],
        authoredAt: null,
        files: null,
        signature: null,
      };
    });
}

function loadNotes(shas: string[]): LedgerSource[] {
  return shas.flatMap((sha) => {
    try {
      return [{ kind: 'git-ai-note' as const, path: 'refs/notes/ai', commitSha: sha, content: git(['notes', '--ref=ai', 'show', sha]) }];
    } catch {
      return [];
    }
  });
}

describe('attribution of commits read back from a real git repository', () => {
  it('attributes what git log returns, with the Git AI note merged in', () => {
    const commits = loadCommits();
    const snapshot = emptySnapshot(commits[0]?.sha ?? '', commits.at(-1)?.sha ?? '');
    snapshot.commits = commits;
    snapshot.ledgers = loadNotes(commits.map((c) => c.sha));
    const result = attribute(snapshot, { unattributed: 'human' });
    expect(result.problems).toEqual([]);
    expect(result.commits.map((c) => [c.agent, c.model])).toEqual([
      [null, null],
      ['claude-code', 'claude-opus-4-6'],
      ['aider', 'gemini/gemini-2.5-pro'],
      [null, null],
      ['codex', 'gpt-5.4'],
      ['github-copilot', null],
      [null, null],
    ]);
    expect(result.fileClaims).toEqual([
      { path: 'd.ts', agent: 'codex', model: 'gpt-5.4', commitSha: codexSha, source: `git-ai-note:refs/notes/ai@${codexSha.slice(0, 12)}` },
    ]);
  });

  it('finds the same trailers as git log %(trailers:only,unfold)', () => {
    for (const c of loadCommits()) {
      const fromGit = parseGitOutput(git(['log', '-1', '--format=%(trailers:only,unfold)', c.sha]));
      expect(parseTrailers(c.message)).toEqual(fromGit);
    }
  });
});
