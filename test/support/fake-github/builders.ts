import type { FakeGitHubState, CommitInput } from './state.js';
import { GITHUB_ACTIONS_APP, type FakeChangedFile, type FakePullRequest } from './types.js';

export interface AgentPullRequestOptions {
  repo?: string;
  number?: number;
  /** Changed files (default 6): about a third under docs/, a third under src/auth/, the rest under src/lib/. */
  files?: number;
  /** More files the pull request adds (such as its session ledgers), after those. */
  addedFiles?: string[];
  /** Commits (default 3), each with Claude Code's Co-Authored-By trailer. */
  commits?: number;
  /** The human who opened the PR and whose identity the commits carry. */
  author?: string;
  /** The model named in the trailer. */
  model?: string;
  /** Conclusion of the `tests` check run from GitHub Actions; null for no check run. */
  testsConclusion?: 'success' | 'failure' | null;
  /** The policy at the tip of the base branch (null: none). */
  policy?: string | null;
  policyPath?: string;
  /** A fork PR: the head lives in this "owner/name". */
  forkOf?: string | null;
}

export interface AgentPullRequest {
  repo: string;
  pr: FakePullRequest;
  headSha: string;
  baseSha: string;
}

/** A Claude Code commit message as Claude Code writes it. */
export function claudeCodeMessage(subject: string, model = 'Claude Opus 4.6'): string {
  return `${subject}\n\nGenerated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: ${model} <noreply@anthropic.com>\n`;
}

function agentFiles(count: number): FakeChangedFile[] {
  const files: FakeChangedFile[] = [];
  for (let i = 0; i < count; i++) {
    const bucket = i % 3;
    const path = bucket === 0 ? `docs/guide-${i}.md` : bucket === 1 ? `src/auth/module-${i}.ts` : `src/lib/util-${i}.ts`;
    files.push({ path, changeType: i % 7 === 0 ? 'ADDED' : 'MODIFIED', additions: 10 + (i % 17), deletions: i % 5 });
  }
  return files;
}

/**
 * A realistic agent-written PR: a human (`alice`) opened it, every commit is
 * authored by her with Claude Code's trailer, it touches docs/ and src/auth/,
 * and GitHub Actions reported a `tests` check run on the head. Sizes go up to
 * GitHub's listing limits (3,000 files, 250 commits) and beyond.
 */
export function addAgentPullRequest(state: FakeGitHubState, opts: AgentPullRequestOptions = {}): AgentPullRequest {
  const repo = opts.repo ?? 'acme/widgets';
  const author = opts.author ?? 'alice';
  const identity = { name: 'Alice Example', email: `${author}@example.com`, login: author };
  const commitCount = opts.commits ?? 3;
  const commits: CommitInput[] = [];
  for (let i = 0; i < commitCount; i++) {
    commits.push({
      message: claudeCodeMessage(i === 0 ? 'Add token refresh to the auth module' : `Follow-up change ${i + 1}`, opts.model),
      author: identity,
      committer: identity,
      authoredDate: new Date(Date.UTC(2026, 0, 10, 12, i)).toISOString(),
    });
  }
  state.addRepository(repo);
  if (opts.policy !== undefined && opts.policy !== null) {
    state.setFile(repo, 'main', opts.policyPath ?? '.github/proofgate.yml', opts.policy);
  }
  const fork = opts.forkOf ?? null;
  if (fork) state.addRepository(fork, { ownerType: 'User' });
  const pr = state.addPullRequest({
    repo,
    number: opts.number,
    title: 'Add token refresh to the auth module',
    author: { login: author, type: 'User' },
    head: { ref: 'claude/token-refresh', repo: fork ?? repo },
    commits,
    files: [...agentFiles(opts.files ?? 6), ...(opts.addedFiles ?? []).map((path) => ({ path, changeType: 'ADDED' as const, additions: 1, deletions: 0 }))],
  });
  const testsConclusion = opts.testsConclusion === undefined ? 'success' : opts.testsConclusion;
  if (testsConclusion) {
    state.setCheckRun(repo, {
      headSha: pr.head.sha,
      name: 'tests',
      conclusion: testsConclusion,
      app: GITHUB_ACTIONS_APP,
      detailsUrl: `https://github.com/${repo}/actions/runs/1`,
    });
  }
  return { repo, pr, headSha: pr.head.sha, baseSha: pr.base.sha };
}
