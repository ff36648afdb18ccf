/**
 * The Action: inputs → event → the shared gate (src/gate/run-gate.ts) for each
 * pull request the event names → receipt file, outputs, job summary,
 * annotations, and the step's outcome. Every failure ends as one `::error`
 * line naming the cause and the fix, never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import type { Conclusion } from '../engine/verdict.js';
import { TeamCache } from '../github/load.js';
import { findOpenPullRequestsForSha, MAX_OPEN_PULL_PAGES } from '../github/open-pulls.js';
import type { Receipt } from '../receipt/json.js';
import { renderText } from '../receipt/text.js';
import { redact } from '../github/errors.js';
import { gitHubEndpoints } from '../github/client.js';
import { createClient } from './client.js';
import { ActionError } from './errors.js';
import { readEvent, type EventTarget } from './event.js';
import { describeGitHubError } from './github-errors.js';
import { parseInputs } from './inputs.js';
import { logSafe } from './log-safe.js';
import { stepOutcome, worstConclusion } from './outcome.js';
import { annotate, setOutputs, writeJobSummary, writeReceiptFile, writeSnapshotFile } from './report.js';
import { gatePullRequest, type GateEnvironment } from './gate.js';
import { gateMergeGroup } from './merge-group.js';
import { runReportMode } from './report-mode.js';

export interface RunOptions {
  /** Delays before retrying a GitHub 5xx or network failure. */
  retryDelaysMs?: number[];
  /** Delays between evaluations while waiting for running checks (`wait-for-proofs`). */
  pollDelaysMs?: number[];
  /** Delays before loading again while GitHub reports an older head than the event's. */
  headRetryDelaysMs?: number[];
  now?: () => Date;
}

/** Runs the Action in this process, reading `process.env` as the runner sets it; sets `process.exitCode`. */
export async function run(options: RunOptions = {}): Promise<void> {
  try {
    await runAction(options);
  } catch (error) {
    fail(error);
  }
}

async function runAction(options: RunOptions): Promise<void> {
  const env = process.env;
  const parsed = parseInputs((name) => core.getInput(name));
  if (!parsed.ok) {
    for (const line of parsed.errors) core.error(line);
    process.exitCode = core.ExitCode.Failure;
    return;
  }
  const inputs = parsed.inputs;
  core.setSecret(inputs.token);
  if (inputs.teamsToken) core.setSecret(inputs.teamsToken);
  if (inputs.mode === 'report') {
    await runReportMode(inputs, env, options.now?.() ?? new Date());
    return;
  }

  const target = await readEvent(env['GITHUB_EVENT_NAME'], env['GITHUB_EVENT_PATH']);
  const endpoints = gitHubEndpoints(env);
  const client = createClient({
    token: inputs.token,
    ...endpoints,
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });

  const teamClient = inputs.teamsToken
    ? createClient({
        token: inputs.teamsToken,
        ...endpoints,
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      })
    : null;
  if (target.mergeGroup) {
    await gateMergeGroup(
      { client, teamClient, inputs, teamCache: new TeamCache(), now: options.now ?? (() => new Date()), receiptDir: env['RUNNER_TEMP'] || tmpdir() },
      { owner: target.owner, repo: target.repo, group: target.mergeGroup },
    );
    return;
  }

  const pulls = await pullRequestsOf(target, client);
  if (pulls.length === 0) {
    core.notice(`proofgate: no open pull request has head ${target.headSha ?? '(unknown)'} in ${target.owner}/${target.repo}; nothing to gate`);
    core.setOutput('conclusion', 'neutral');
    return;
  }

  const gateEnv: GateEnvironment = {
    client,
    teamClient,
    inputs,
    event: target.event,
    workspace: env['GITHUB_WORKSPACE'] || null,
    checkoutSha: env['GITHUB_SHA'] || null,
    teamCache: new TeamCache(),
    now: options.now ?? (() => new Date()),
    ...(options.pollDelaysMs ? { pollDelaysMs: options.pollDelaysMs } : {}),
    ...(options.headRetryDelaysMs ? { headRetryDelaysMs: options.headRetryDelaysMs } : {}),
  };
  const receiptDir = env['RUNNER_TEMP'] || tmpdir();
  const results: Array<{ receipt: Receipt; path: string; snapshotPath: string | null }> = [];
  const errors: ActionError[] = [];
  for (const pull of pulls) {
    const outcome = await gatePullRequest(gateEnv, { owner: target.owner, repo: target.repo, number: pull.number, headSha: pull.headSha });
    const receiptPath = await writeReceiptFile(outcome.receipt, receiptDir);
    const snapshotPath = outcome.snapshot ? await writeSnapshotFile(outcome.receipt, outcome.snapshot, receiptDir) : null;
    results.push({ receipt: outcome.receipt, path: receiptPath, snapshotPath });
    logReceipt(outcome.receipt);
    await writeJobSummary(outcome.receipt);
    annotate(outcome.receipt, { violations: inputs.mode === 'step' || outcome.checkRun === null });
    if (outcome.error) errors.push(outcome.error);
  }

  const conclusion = worstConclusion(results.map((r) => r.receipt.conclusion));
  const decisive = results.find((r) => r.receipt.conclusion === conclusion) ?? results[0]!;
  setOutputs(decisive.receipt, decisive.path, decisive.snapshotPath);

  if (errors.length > 0) {
    for (const e of errors) core.error(e.message);
    process.exitCode = core.ExitCode.Failure;
    return;
  }
  const title = results.length === 1 ? decisive.receipt.title : `${pullsLabel(results, conclusion)}: ${decisive.receipt.title}`;
  const step = stepOutcome(conclusion, title, { failOnPending: inputs.failOnPending });
  if (step.failed) core.setFailed(step.message);
  else if (conclusion === 'pending') core.notice(step.message);
  else core.info(logSafe(step.message));
}

/** The PRs the event names, or the open PRs whose head is the event's commit (fork PRs). */
async function pullRequestsOf(target: EventTarget, client: ReturnType<typeof createClient>): Promise<Array<{ number: number; headSha: string | null }>> {
  if (target.pullNumbers.length > 0) {
    return target.pullNumbers.map((number) => ({ number, headSha: target.pullNumbers.length === 1 ? target.headSha : null }));
  }
  if (!target.headSha) return [];
  try {
    const found = await findOpenPullRequestsForSha(client, target.owner, target.repo, target.headSha);
    if (!found.complete)
      throw new ActionError(
        `${target.owner}/${target.repo} has more open pull requests than proofgate lists (${MAX_OPEN_PULL_PAGES * 100}); it cannot tell which of them have head ${target.headSha}.`,
      );
    return found.pullRequests;
  } catch (error) {
    throw describeGitHubError(error, { kind: 'read', owner: target.owner, repo: target.repo, pullNumber: null });
  }
}

function pullsLabel(results: Array<{ receipt: Receipt }>, conclusion: Conclusion): string {
  const numbers = results.filter((r) => r.receipt.conclusion === conclusion).map((r) => `#${r.receipt.pullRequest?.number ?? '?'}`);
  return `pull request ${numbers.join(', ')}`;
}

/**
 * The terminal receipt in the log. It quotes text from the pull request
 * (commit messages, paths), so workflow commands are switched off around it:
 * a line like `::add-mask::` in a commit message must stay text.
 */
function logReceipt(receipt: Receipt): void {
  const token = randomUUID();
  core.startGroup(`proofgate receipt for #${receipt.pullRequest?.number ?? '?'} (${receipt.conclusion})`);
  process.stdout.write(`::stop-commands::${token}\n`);
  process.stdout.write(renderText(receipt).replace(/\r/g, '') + '\n');
  process.stdout.write(`::${token}::\n`);
  core.endGroup();
}

/** The one `::error` line for anything that stopped the run. */
function fail(error: unknown): void {
  if (error instanceof ActionError) {
    core.error(redact(error.message));
  } else {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    core.error(`proofgate stopped unexpectedly: ${redact(message)}`);
  }
  process.exitCode = core.ExitCode.Failure;
}
