/** The report from a repository on disk: history, tiers from the policy at the tip, analysis, rendering. */
import { loadHistory } from '../history/load.js';
import { runGit } from '../local/run-git.js';
import { parseRemoteRepository } from '../local/parse.js';
import { defaultPolicy, DEFAULT_POLICY_PATH } from '../policy/default.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy } from '../policy/types.js';
import path from 'node:path';
import { analyze, type Report, type ReviewOutcome } from './analyze.js';
import { renderReportHtml } from './html.js';
import { renderReportJson, renderReportMarkdown, renderReportText } from './render.js';

export const REPORT_FORMATS = ['text', 'markdown', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface BuildReportOptions {
  repoDir: string;
  branch?: string;
  since?: Date;
  last?: number;
  reworkDays: number;
  /** Review outcomes and proofgate verdicts read from GitHub, by pull request number. */
  reviews?: Map<number, ReviewOutcome>;
}

export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const history = await loadHistory({ repoDir: options.repoDir, branch: options.branch, since: options.since, last: options.last });
  // Two git processes, neither waiting for the other.
  const [tierPolicy, repository] = await Promise.all([policyAtTip(history.top, history.tipSha), repositoryName(history.top)]);
  return analyze(history.changes, {
    repository,
    branch: history.branch,
    tipSha: history.tipSha,
    reworkWindowDays: options.reworkDays,
    tierPolicy,
    ...(options.reviews ? { reviews: options.reviews } : {}),
  });
}

export function renderReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return renderReportJson(report);
  if (format === 'markdown') return renderReportMarkdown(report);
  if (format === 'html') return renderReportHtml(report);
  return renderReportText(report);
}

/** The tiers that group models: the policy at the branch tip, else the built-in default's. */
async function policyAtTip(top: string, tipSha: string): Promise<Policy> {
  const result = await runGit(top, ['cat-file', 'blob', `${tipSha}:${DEFAULT_POLICY_PATH}`]);
  if (result.code !== 0) return defaultPolicy();
  const loaded = loadPolicy(result.stdout.toString('utf8'), { path: DEFAULT_POLICY_PATH, origin: 'base-branch', ref: tipSha });
  return loaded.ok ? loaded.policy : defaultPolicy();
}

/** `owner/name` of the origin remote for a heading, else the directory's name. */
export async function repositoryName(top: string): Promise<string> {
  const remote = await runGit(top, ['config', '--get', 'remote.origin.url']);
  const parsed = remote.code === 0 ? parseRemoteRepository(remote.stdout.toString('utf8')) : null;
  return parsed ? `${parsed.owner}/${parsed.name}` : path.basename(top) || top;
}
