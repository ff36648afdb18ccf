/**
 * `mode: report`: the routing report of the checked-out repository's merged
 * history, for a scheduled workflow. The Markdown goes to the job summary; the
 * HTML page and the JSON are written to RUNNER_TEMP and named in the outputs,
 * for `actions/upload-artifact`. The history comes from git; with the job's
 * token, the merged pull requests' reviews and proofgate verdicts come from
 * GitHub's GraphQL API (as `proofgate report --github`). It writes no check run.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { runGit } from '../local/run-git.js';
import { buildReport } from '../report/build.js';
import { renderReportHtml } from '../report/html.js';
import { renderReportJson, renderReportMarkdown } from '../report/render.js';
import { gitHubCostNote, readGitHubOutcomes, type GitHubOutcomes } from '../report/github-outcomes.js';
import { parseSinceValue } from '../report/since.js';
import { gitHubEndpoints } from '../github/client.js';
import { createClient } from './client.js';
import { ActionError } from './errors.js';
import type { ActionInputs } from './inputs.js';

export async function runReportMode(inputs: ActionInputs, env: NodeJS.ProcessEnv, now: Date): Promise<void> {
  const workspace = env['GITHUB_WORKSPACE'];
  if (!workspace)
    throw new ActionError('GITHUB_WORKSPACE is not set: `mode: report` reads the checked-out repository; run it in a job after `actions/checkout`');
  const shallow = await runGit(workspace, ['rev-parse', '--is-shallow-repository']);
  if (shallow.code !== 0) {
    throw new ActionError(
      `no git repository in ${workspace}: add \`- uses: actions/checkout@v5\` with \`fetch-depth: 0\` before proofgate in \`mode: report\``,
    );
  }
  if (shallow.stdout.toString('utf8').trim() === 'true') {
    throw new ActionError('the checkout is shallow, so the merged history is missing: give `actions/checkout` `fetch-depth: 0`');
  }
  const since = parseSinceValue(inputs.since, now)!;
  const github = await readOutcomes(inputs, env, since);
  const report = await buildReport({ repoDir: workspace, since, reworkDays: 14, ...(github ? { reviews: github.reviews } : {}) });
  if (github) report.notes.push(gitHubCostNote(github));

  const dir = env['RUNNER_TEMP'] || tmpdir();
  const htmlPath = path.join(dir, 'proofgate-report.html');
  const jsonPath = path.join(dir, 'proofgate-report.json');
  await writeFile(htmlPath, renderReportHtml(report));
  await writeFile(jsonPath, renderReportJson(report));
  await core.summary.addRaw(renderReportMarkdown(report)).write();
  core.setOutput('report-html', htmlPath);
  core.setOutput('report-json', jsonPath);
  core.setOutput('changes', String(report.totals.changes));
  core.info(`proofgate report: ${report.totals.changes} merged changes since ${since.toISOString().slice(0, 10)}; HTML at ${htmlPath}`);
}

/**
 * The repository's merged pull requests from GitHub, or null with a warning:
 * the report from git alone is still worth writing when the token cannot read
 * them (it says which figures are then unknown).
 */
async function readOutcomes(inputs: ActionInputs, env: NodeJS.ProcessEnv, since: Date): Promise<GitHubOutcomes | null> {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!owner || !repo) {
    core.warning('proofgate report: GITHUB_REPOSITORY is not set, so reviews and verdicts were not read from GitHub');
    return null;
  }
  const client = createClient({ token: inputs.token, ...gitHubEndpoints(env) });
  try {
    const outcomes = await readGitHubOutcomes(client, owner, repo, since);
    core.info(`proofgate report: ${gitHubCostNote(outcomes)}`);
    return outcomes;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    core.warning(
      `proofgate report: could not read ${owner}/${repo}'s merged pull requests from GitHub (${reason}); reviews and verdicts are unknown in this report. The token needs pull-requests: read and checks: read.`,
    );
    return null;
  }
}
