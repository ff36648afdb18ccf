/** Repositories with a merged history (merge commits, squash merges, direct pushes) for report and backtest tests. */
import { makeRepo, type Person, type TempRepo } from '../local/repo.js';

export const DAY = 86_400;
export const START = Date.UTC(2026, 0, 5) / 1000; // a Monday
export const CLAUDE_OPUS = 'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>';
export const CLAUDE_HAIKU = 'Co-Authored-By: Claude Haiku 4.5 <noreply@anthropic.com>';
export const BOT: Person = { name: 'Merge Bot', email: 'merge@example.com' };

export interface HistoryRepo extends TempRepo {
  /** Merges `commits` from a topic branch with a `Merge pull request #N` commit on `day`; returns the merge sha. */
  mergePr(number: number, day: number, commits: Array<{ message: string; files: Record<string, string> }>): string;
  /** One squash-merged commit `subject (#N)`. */
  squash(number: number, day: number, subject: string, body: string, files: Record<string, string>): string;
  direct(day: number, message: string, files: Record<string, string>): string;
}

export function makeHistoryRepo(): HistoryRepo {
  const repo = makeRepo('proofgate-history-');
  repo.commit('Initial commit', { 'README.md': '# demo\n' }, { at: START - DAY });
  let branchCount = 0;
  return {
    ...repo,
    mergePr(number, day, commits) {
      const branch = `topic-${++branchCount}`;
      repo.git('checkout', '-q', '-b', branch);
      commits.forEach((c, i) => repo.commit(c.message, c.files, { at: START + day * DAY - 3600 + i }));
      repo.git('checkout', '-q', 'main');
      repo.git('merge', '-q', '--no-ff', '--no-commit', branch);
      return repo.commit(`Merge pull request #${number} from someone/${branch}\n\nTopic ${number}\n`, {}, { at: START + day * DAY, author: BOT });
    },
    squash(number, day, subject, body, files) {
      return repo.commit(`${subject} (#${number})\n\n${body}\n`, files, { at: START + day * DAY });
    },
    direct(day, message, files) {
      return repo.commit(message, files, { at: START + day * DAY });
    },
  };
}

/** A session ledger; models named acme-* have no list price, so the stated costUsd is the cost. */
export function sessionLedger(id: string, steps: Array<{ model: string; costUsd: number; role?: string }>, retries = 0): string {
  const lines = [JSON.stringify({ proofgate: 'session/1', id, agent: 'claude-code', startedAt: '2026-01-05T10:00:00Z' })];
  for (const s of steps)
    lines.push(JSON.stringify({ type: 'step', role: s.role ?? 'execute', model: s.model, tokens: { input: 1000, output: 100 }, costUsd: s.costUsd }));
  for (let i = 0; i < retries; i++) lines.push(JSON.stringify({ type: 'retry', reason: 'tests failed' }));
  lines.push(JSON.stringify({ type: 'end', outcome: 'success' }));
  return lines.join('\n') + '\n';
}
