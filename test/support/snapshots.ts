/** Builders for engine tests: a Snapshot and a Policy in a few lines. */
import { policySchema } from '../../src/policy/schema.js';
import type { Policy } from '../../src/policy/types.js';
import {
  emptySnapshot,
  type CheckRunSnapshot,
  type CommitSnapshot,
  type Identity,
  type ReviewSnapshot,
  type Snapshot,
  type StatusSnapshot,
} from '../../src/snapshot.js';

export const BASE = 'b'.repeat(40);
export const HEAD = 'h'.repeat(40);
export const NOW = new Date('2026-11-20T12:00:00Z');

export const human = (login: string, email = `${login}@example.com`): Identity => ({ name: login, email, login, isBot: false });

let seq = 0;
const nextSha = () => (++seq).toString(16).padStart(40, '0');

export function commit(message: string, files: string[] | null, author: Identity = human('alice'), sha = nextSha()): CommitSnapshot {
  return { sha, message, author, committer: author, parents: [], authoredAt: '2026-11-20T10:00:00Z', files, signature: null };
}

export const claude = (model = 'Claude Opus 4.6') => `Co-Authored-By: ${model} <noreply@anthropic.com>`;
export const aider = (model: string) => `Co-authored-by: aider (${model}) <aider@aider.chat>`;

export function agentCommit(files: string[] | null, trailer = claude(), author: Identity = human('alice')): CommitSnapshot {
  return commit(`Change things\n\nBody text.\n\n${trailer}`, files, author);
}

export function run(
  name: string,
  conclusion: CheckRunSnapshot['conclusion'],
  app = 'github-actions',
  status: CheckRunSnapshot['status'] = 'completed',
): CheckRunSnapshot {
  return { name, status, conclusion: status === 'completed' ? conclusion : null, app: { slug: app, id: null }, url: null, completedAt: null };
}

export function status(context: string, state: StatusSnapshot['state'], creator = 'ci-bot'): StatusSnapshot {
  return { context, state, creator: { login: creator }, url: null };
}

export function review(login: string, state: ReviewSnapshot['state'] = 'APPROVED', extra: Partial<ReviewSnapshot> = {}): ReviewSnapshot {
  return {
    id: `r-${login}-${++seq}`,
    author: { login, isBot: login.endsWith('[bot]') },
    state,
    commitSha: HEAD,
    submittedAt: `2026-11-20T11:${String(seq % 60).padStart(2, '0')}:00Z`,
    authorCanPush: true,
    ...extra,
  };
}

/** A PR snapshot whose files are the union of its commits' files (plus any extra). */
export function pr(commits: CommitSnapshot[], extra: Partial<Snapshot> = {}): Snapshot {
  const snapshot = emptySnapshot(BASE, HEAD);
  const paths = new Set(commits.flatMap((c) => c.files ?? []));
  return {
    ...snapshot,
    repository: { owner: 'acme', name: 'widgets' },
    pullRequest: { number: 7, title: 'Agent change', author: { login: 'alice', isBot: false }, labels: [], draft: false, url: null },
    files: [...paths].map((path) => ({ path, status: 'modified' as const, previousPath: null, additions: 1, deletions: 0 })),
    commits,
    ...extra,
  };
}

export function policy(doc: unknown): Policy {
  return {
    source: { path: '.github/proofgate.yml', origin: 'base-branch', ref: BASE, digest: 'sha256:test' },
    doc: policySchema.parse(doc),
  };
}
