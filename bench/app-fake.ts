/**
 * The fake GitHub for bench/app.ts, in its own process so its GraphQL
 * execution runs on the other core and is not counted as the App's time.
 * Driven over IPC: `setup` adds pull requests, `calls` reports the requests
 * it received, `reset` forgets them.
 */
import { addAgentPullRequest } from '../test/support/fake-github/builders.js';
import { rateLimitCost } from '../test/support/fake-github/cost.js';
import { startFakeGitHub, type FakePullRequest } from '../test/support/fake-github/index.js';

export interface SetupRequest {
  repo: string;
  count: number;
  files: number;
  commits: number;
  policy: string;
  /** Team members to define as org/team → logins. */
  teams: Record<string, string[]>;
  /** Approve each PR as this user. */
  approver: string | null;
}

/** A new approval, or every review of that user dismissed. */
export interface ReviewChange {
  repo: string;
  number: number;
  login: string;
  state: 'APPROVED' | 'DISMISSED';
}

/** One request and its answer as JSON text (recorded while `keepResponses` is on). */
export interface Exchange {
  method: string;
  path: string;
  requestText: string | null;
  responseText: string;
}

export type FakeRequest =
  | { id: number; cmd: 'setup'; args: SetupRequest }
  | { id: number; cmd: 'review'; args: ReviewChange }
  | { id: number; cmd: 'reviews'; args: ReviewChange[] }
  | { id: number; cmd: 'keepResponses'; args: boolean }
  | { id: number; cmd: 'exchanges' }
  | { id: number; cmd: 'timeline' }
  | { id: number; cmd: 'calls' }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'close' };

/** What the burst benchmark reads back: when each PR was loaded and each check-run write arrived. */
export type TimelineEntry =
  | { at: number; kind: 'load'; repo: string; number: number }
  | { at: number; kind: 'write'; repo: string; headSha: string; status: string; conclusion: string | null; title: string; summary: string };

export interface CallSummary {
  method: string;
  path: string;
  status: number;
  at: number;
  /** GraphQL: the rate-limit points GitHub would charge (test/support/fake-github/cost.ts). */
  points?: number;
}

const fake = await startFakeGitHub();

function reply(id: number, result: unknown): void {
  process.send?.({ id, result });
}

process.on('message', (message: FakeRequest) => {
  switch (message.cmd) {
    case 'setup': {
      const { repo, count, files, commits, policy, teams, approver } = message.args;
      for (const [team, members] of Object.entries(teams)) {
        const [org, slug] = team.split('/') as [string, string];
        fake.setTeam(org, slug, members);
      }
      const prs: FakePullRequest[] = [];
      for (let i = 0; i < count; i++) {
        const { pr } = addAgentPullRequest(fake, { repo, files, commits, policy });
        if (approver) fake.addReview(repo, pr.number, { author: { login: approver, type: 'User' }, state: 'APPROVED' });
        // Only what webhook payloads need: the file and commit lists stay here.
        prs.push({ ...pr, files: [], commits: [] });
      }
      reply(message.id, { url: fake.url, appId: fake.app.id, prs });
      return;
    }
    case 'review':
      changeReview(message.args);
      reply(message.id, null);
      return;
    case 'reviews':
      for (const change of message.args) changeReview(change);
      reply(message.id, null);
      return;
    case 'keepResponses':
      fake.keepResponseText = message.args;
      reply(message.id, null);
      return;
    case 'exchanges':
      reply(
        message.id,
        fake.calls.map((c): Exchange => ({
          method: c.method,
          path: c.path,
          requestText: c.body === null ? null : JSON.stringify(c.body),
          responseText: c.responseText ?? '',
        })),
      );
      return;
    case 'timeline':
      reply(message.id, timeline());
      return;
    case 'calls':
      reply(
        message.id,
        fake.calls.map((c): CallSummary => {
          const body = c.body as { query?: unknown; variables?: Record<string, unknown> } | null;
          const points = c.path === '/graphql' && typeof body?.query === 'string' ? rateLimitCost(body.query, body.variables ?? {}).points : undefined;
          return { method: c.method, path: c.path, status: c.status, at: c.at, ...(points === undefined ? {} : { points }) };
        }),
      );
      return;
    case 'reset':
      fake.resetCalls();
      reply(message.id, null);
      return;
    case 'close':
      void fake.close().then(() => {
        reply(message.id, null);
        process.exit(0);
      });
      return;
  }
});

function changeReview({ repo, number, login, state }: ReviewChange): void {
  if (state === 'APPROVED') fake.addReview(repo, number, { author: { login, type: 'User' }, state });
  else for (const r of fake.pullRequest(repo, number).reviews) if (r.author?.login === login) r.state = 'DISMISSED';
}

function timeline(): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const headOf = new Map(fake.checkRuns.map((r) => [r.id, r.headSha] as const));
  for (const c of fake.calls) {
    const body = (c.body ?? {}) as Record<string, any>;
    if (c.method === 'POST' && c.path === '/graphql' && typeof body.variables?.number === 'number') {
      entries.push({ at: c.at, kind: 'load', repo: `${body.variables.owner}/${body.variables.repo}`, number: body.variables.number });
      continue;
    }
    const m = /^\/repos\/([^/]+\/[^/]+)\/check-runs(?:\/(\d+))?$/.exec(c.path);
    if (!m || c.status >= 300 || (c.method !== 'POST' && c.method !== 'PATCH')) continue;
    const headSha = body.head_sha ?? headOf.get(Number(m[2])) ?? '';
    entries.push({
      at: c.at,
      kind: 'write',
      repo: m[1]!,
      headSha,
      status: body.status ?? 'completed',
      conclusion: body.conclusion ?? null,
      title: body.output?.title ?? '',
      summary: body.output?.summary ?? '',
    });
  }
  return entries;
}

process.send?.({ id: 0, result: 'started' });
