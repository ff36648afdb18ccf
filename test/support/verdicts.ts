/** Small builders for Verdicts and Snapshots, for receipt tests. */
import type { CommitAttribution } from '../../src/attribution/types.js';
import type { ProofResult, RouteResult, Verdict, Violation } from '../../src/engine/verdict.js';
import { emptySnapshot, type Snapshot } from '../../src/snapshot.js';

export const BASE_SHA = 'b'.repeat(40);
export const HEAD_SHA = 'c'.repeat(40);

export function sha(n: number): string {
  // The number shows in the short sha: sha(1) abbreviates to 0000001.
  return n.toString(16).padStart(7, '0') + 'f'.repeat(33);
}

export function commit(n: number, over: Partial<CommitAttribution> = {}): CommitAttribution {
  return {
    sha: sha(n),
    agent: 'claude-code',
    model: 'claude-sonnet-4-5',
    models: ['claude-sonnet-4-5'],
    evidence: [
      { source: 'footer', detail: '🤖 Generated with Claude Code', strength: 'medium', agent: 'claude-code', model: null },
      {
        source: 'trailer',
        detail: 'Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>',
        strength: 'strong',
        agent: 'claude-code',
        model: 'claude-sonnet-4-5',
      },
    ],
    ...over,
  };
}

export function route(name: string, files: string[], over: Partial<RouteResult> = {}): RouteResult {
  return {
    name,
    gated: true,
    files,
    touches: [{ agent: 'claude-code', model: 'claude-sonnet-4-5', tiers: ['standard'] }],
    required: ['review'],
    allowedTiers: null,
    allowedAgents: null,
    ...over,
  };
}

export function proof(name: string, over: Partial<ProofResult> = {}): ProofResult {
  return {
    name,
    kind: 'review',
    status: 'fail',
    reason: 'No approval from a reviewer with write access.',
    evidence: [],
    next: 'Ask a maintainer for an approving review.',
    requiredBy: [],
    ...over,
  };
}

export function violation(over: Partial<Violation> = {}): Violation {
  return {
    kind: 'tier',
    message: 'claude-haiku-4-5 (tier fast) may not touch db/migrations.',
    next: 'Redo the change with a model in tier strong, or split it out.',
    route: 'migrations',
    files: ['db/migrations/001.sql'],
    commit: sha(1),
    ...over,
  };
}

export function verdict(over: Partial<Verdict> = {}): Verdict {
  return {
    conclusion: 'failure',
    title: '1 violation, 1 proof missing',
    policy: { path: '.github/proofgate.yml', origin: 'base-branch', ref: BASE_SHA, digest: 'a'.repeat(64) },
    policyErrors: [],
    attribution: { commits: [commit(1)], fileClaims: [], sessions: [], problems: [] },
    routes: [route('migrations', ['db/migrations/001.sql'], { required: ['review'] }), route('docs', ['README.md'], { required: [] })],
    proofs: [proof('review', { requiredBy: ['migrations'] })],
    violations: [violation()],
    notes: [],
    evaluatedAt: '2026-01-02T03:04:05.000Z',
    ...over,
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    ...emptySnapshot(BASE_SHA, HEAD_SHA),
    repository: { owner: 'acme', name: 'widgets' },
    pullRequest: {
      number: 42,
      title: 'Add a migration',
      author: { login: 'dev', isBot: false },
      labels: [],
      draft: false,
      url: 'https://github.com/acme/widgets/pull/42',
    },
    ...over,
  };
}

/** A PR at GitHub's listing limits: 3,000 files over a few routes, 250 agent commits. */
export function hugeVerdict(): { verdict: Verdict; snapshot: Snapshot } {
  const files = Array.from({ length: 3000 }, (_, i) => `packages/module-${Math.floor(i / 100)}/src/deeply/nested/file-${i}.ts`);
  const routes = Array.from({ length: 30 }, (_, i) =>
    route(`route-${i}`, files.slice(i * 100, i * 100 + 100), {
      required: ['review', 'ci'],
      touches: [
        { agent: 'claude-code', model: 'claude-haiku-4-5', tiers: ['fast'] },
        { agent: 'github-copilot', model: null, tiers: [] },
        { agent: null, model: null, tiers: [] },
      ],
    }),
  );
  const commits = Array.from({ length: 250 }, (_, i) => commit(i + 1, i % 5 === 0 ? { agent: null, model: null, models: [], evidence: [] } : {}));
  const violations = routes.map((r, i) =>
    violation({ route: r.name, files: r.files, commit: sha(i + 1), message: `claude-haiku-4-5 (tier fast) may not touch ${r.name}.` }),
  );
  const v = verdict({
    title: '30 violations, 2 proofs missing',
    routes,
    proofs: [
      proof('review', { requiredBy: routes.map((r) => r.name) }),
      proof('ci', {
        kind: 'check',
        status: 'pending',
        reason: 'Check "ci / test" is still running.',
        next: 'Wait for ci / test.',
        requiredBy: routes.map((r) => r.name),
      }),
    ],
    violations,
    attribution: {
      commits,
      fileClaims: files.map((path) => ({
        path,
        agent: 'claude-code',
        model: 'claude-haiku-4-5',
        commitSha: sha(2),
        source: 'agent-trace:.agent-trace/a.jsonl',
      })),
      sessions: [],
      problems: Array.from({ length: 40 }, (_, i) => ({ source: '.agent-trace/a.jsonl', line: i + 1, message: 'not JSON' })),
    },
    notes: ['A ledger names a file outside this PR.'],
  });
  const snap = snapshot({
    files: files.map((path) => ({ path, status: 'modified', previousPath: null, additions: 1, deletions: 1 })),
    commits: commits.map((c) => ({
      sha: c.sha,
      message: 'Change things',
      author: { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false },
      committer: { name: 'Dev', email: 'dev@example.com', login: 'dev', isBot: false },
      parents: [],
      authoredAt: null,
      files: null,
      signature: null,
    })),
    truncated: { files: true, commits: false },
  });
  return { verdict: v, snapshot: snap };
}
