/**
 * One pull request through the shared gate, the Action's way: local git and
 * ledger files added to the snapshot, the check run written only in
 * `check-run` mode, and, with `wait-for-proofs`, evaluated again when a
 * required check that was still running changes.
 */
import * as core from '@actions/core';
import type { Verdict } from '../engine/verdict.js';
import { proofWaitsOnCi } from '../proofs/registry.js';
import { readCiSignals } from '../github/ci-signals.js';
import { listCommittedFiles } from '../github/committed-files.js';
import type { GitHubClient } from '../github/client.js';
import type { TeamCache } from '../github/teams.js';
import { runGate, type GateFailure, type GateLogger, type GateResult } from '../gate/run-gate.js';
import type { Receipt } from '../receipt/json.js';
import { ledgersOfThisChange, type Snapshot } from '../snapshot.js';
import { ActionError } from './errors.js';
import type { SupportedEvent } from './event.js';
import { describeGitHubError, type Stage } from './github-errors.js';
import type { ActionInputs } from './inputs.js';
import { describeCommittedLedgerFiles, describeLedgerFiles, readJobLedgers } from './ledgers.js';
import { enrichFromLocalGit } from './local-git.js';
import { logSafe } from './log-safe.js';

/** The check runs the Action writes belong to GitHub Actions' app (GITHUB_TOKEN). */
export const ACTIONS_APP_SLUG = 'github-actions';

/**
 * Waits before loading again when GitHub still reports an older head than the
 * event's (its API can lag a push by a moment); after these, the step fails.
 */
export const DEFAULT_HEAD_RETRY_DELAYS_MS = [2_000, 5_000, 10_000];

/** Waits between evaluations while checks run: soon at first, then less often to spare the API. */
export const DEFAULT_POLL_DELAYS_MS = [10_000, 15_000, 20_000, 30_000, 45_000, 60_000];

/** The review proof's next step when GitHub refuses the Action a team's members. */
export function teamAccessOf(hasTeamsToken: boolean): string {
  return hasTeamsToken
    ? 'the `teams-token` input cannot read them; pass a token with "Organization members: Read-only" (a GitHub App installation token or a fine-grained token)'
    : 'GITHUB_TOKEN cannot read organization teams; pass a token that can ("Organization members: Read-only": a GitHub App installation token or a fine-grained token) as the `teams-token` input';
}

export interface GateEnvironment {
  client: GitHubClient;
  /** Reads team members (the `teams-token` input); null: `client`, which with GITHUB_TOKEN cannot. */
  teamClient?: GitHubClient | null;
  inputs: ActionInputs;
  event: SupportedEvent;
  workspace: string | null;
  /** The commit the workflow checked out by default (`GITHUB_SHA`: a `pull_request` run's merge commit); null when unset. */
  checkoutSha?: string | null;
  teamCache: TeamCache;
  now: () => Date;
  pollDelaysMs?: number[];
  headRetryDelaysMs?: number[];
}

export interface PullRequestGate {
  receipt: Receipt;
  verdict: Verdict;
  checkRun: { id: number } | null;
  /** The snapshot the receipt was computed from; null when loading failed. */
  snapshot: Snapshot | null;
  /** Why the pull request could not be evaluated (the receipt then says "could not evaluate"). */
  error: ActionError | null;
}

export async function gatePullRequest(
  env: GateEnvironment,
  pr: { owner: string; repo: string; number: number; headSha: string | null },
): Promise<PullRequestGate> {
  const client = env.client;
  const delays = env.pollDelaysMs ?? DEFAULT_POLL_DELAYS_MS;
  const deadline = Date.now() + env.inputs.waitForProofsMs;
  let logged = false;

  const augment = async (snapshot: Snapshot): Promise<Snapshot> => {
    const local = await enrichFromLocalGit(snapshot, env.workspace ?? undefined);
    if (!logged) core.info(local.note);
    if (env.inputs.ledgers.length === 0) {
      logged = true;
      return local.snapshot;
    }
    // The job's ledger files share the load limits with the ledgers read from the head, after the change's own there.
    const checkoutCommits = [snapshot.head.sha, snapshot.base.sha, ...(env.checkoutSha && /^[0-9a-f]{40}$/i.test(env.checkoutSha) ? [env.checkoutSha] : [])];
    const { head, job, committed, committedFrom } = await readJobLedgers(
      env.inputs.ledgers,
      env.workspace ?? process.cwd(),
      local.snapshot.ledgers,
      ledgersOfThisChange(local.snapshot),
      // Asked only when git cannot list the checkout's files (from a work tree at one of these commits).
      (dirs) => listCommittedFiles(client, pr, checkoutCommits, dirs),
      checkoutCommits,
    );
    if (!logged && job.length > 0) core.info(describeLedgerFiles(job));
    if (!logged && committed.length > 0) core.info(describeCommittedLedgerFiles(committed, committedFrom));
    logged = true;
    return { ...local.snapshot, ledgers: [...head, ...job] };
  };

  // A verdict about another commit than the one this run is for must not decide its step.
  const headMoved = ({ snapshot }: { snapshot: Snapshot }) =>
    pr.headSha && snapshot.head.sha !== pr.headSha ? `GitHub reports head ${snapshot.head.sha.slice(0, 7)}, this run is for ${pr.headSha.slice(0, 7)}` : null;
  const headDelays = env.headRetryDelaysMs ?? DEFAULT_HEAD_RETRY_DELAYS_MS;
  let headRetries = 0;

  // The first evaluation writes the check (often "waiting for …": the check is off green
  // while the job waits). While required checks run, only the CI signals are read (one small
  // query); the pull request is evaluated again when they change, and the check is written
  // once more at the end, when the verdict differs from the one it shows.
  let polls = 0;
  let evaluations = 0;
  let signals: string | null = null;
  for (;;) {
    const writes = env.inputs.mode !== 'step';
    const mode = !writes ? 'step' : evaluations === 0 ? 'check-run' : 'probe';
    const result = await runGate({
      client,
      pr,
      checkName: env.inputs.checkName,
      appSlug: ACTIONS_APP_SLUG,
      policyPath: env.inputs.policyPath,
      teamCache: env.teamCache,
      now: env.now,
      mode,
      // A click on the Action's run would go to GitHub Actions, not to proofgate: no button.
      reevaluateButton: false,
      ...(env.teamClient ? { teamClient: env.teamClient } : {}),
      teamAccess: teamAccessOf(Boolean(env.teamClient)),
      log: gateLogger,
      augment,
      skip: headMoved,
      describeFailure: (failure) => describeGitHubError(failure.error, stageOf(failure, env, pr)).message,
    });
    if (result.skipped !== null && headRetries < headDelays.length) {
      core.info(`proofgate: ${result.skipped}; loading again in ${Math.ceil(headDelays[headRetries]! / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, headDelays[headRetries++]));
      continue;
    }
    evaluations++;
    const outcome = toOutcome(result, env, pr);
    const waiting = runningChecks(outcome.verdict);
    if (outcome.error || outcome.verdict.conclusion !== 'pending' || waiting.length === 0 || deadline - Date.now() <= 0) {
      // A later evaluation whose verdict the check does not show yet: written now, from a fresh load.
      if (mode === 'probe' && result.skipped === null && result.unchanged !== true)
        return gatePullRequest({ ...env, inputs: { ...env.inputs, waitForProofsMs: 0 } }, pr);
      return outcome;
    }
    signals ??= await readSignals(client, pr);
    for (;;) {
      const left = deadline - Date.now();
      // The wait ran out with nothing changed: the check already shows this verdict.
      if (left <= 0) return outcome;
      const delay = Math.min(delays[Math.min(polls++, delays.length - 1)] ?? 10_000, left);
      core.info(
        `proofgate: waiting for ${logSafe(waiting.join(', '))}; evaluating again in ${Math.ceil(delay / 1000)} s (${Math.ceil(left / 1000)} s left of wait-for-proofs)`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      const now = await readSignals(client, pr);
      // A change (or a listing that cannot be compared): evaluate again.
      if (now === null || now !== signals) {
        signals = now;
        break;
      }
    }
  }
}

/** The CI signals' key (src/github/ci-signals.ts); null when they cannot be read or compared, which counts as a change. */
async function readSignals(client: GitHubClient, pr: { owner: string; repo: string; number: number }): Promise<string | null> {
  try {
    return await readCiSignals(client, pr);
  } catch (error) {
    core.debug(`proofgate: could not read the checks (${error instanceof Error ? error.message : String(error)}); evaluating again`);
    return null;
  }
}

/** The Action's wording of a gate failure: reading the pull request, or writing its check run. */
function stageOf(failure: GateFailure, env: GateEnvironment, pr: { owner: string; repo: string; number: number }): Stage {
  return failure.stage === 'write-check'
    ? { kind: 'write-check', checkName: env.inputs.checkName, event: env.event }
    : { kind: 'read', owner: pr.owner, repo: pr.repo, pullNumber: pr.number };
}

function toOutcome(result: GateResult, env: GateEnvironment, pr: { owner: string; repo: string; number: number }): PullRequestGate {
  if (result.skipped !== null) {
    throw new ActionError(
      `proofgate could not evaluate ${pr.owner}/${pr.repo}#${pr.number}: ${result.skipped}; a newer push has its own run, or re-run this job`,
    );
  }
  let error: ActionError | null = null;
  const writeFailure = result.failures.find((f) => f.stage === 'write-check');
  if (writeFailure && result.checkRun === null) {
    error = describeGitHubError(writeFailure.error, stageOf(writeFailure, env, pr));
  } else if (result.error !== null) {
    error = new ActionError(`proofgate could not evaluate ${pr.owner}/${pr.repo}#${pr.number}: ${result.error}`);
  }
  return { receipt: result.receipt, verdict: result.verdict, checkRun: result.checkRun, snapshot: result.snapshot, error };
}

/** Pending proofs that CI signals can resolve: worth evaluating again. Reviews will not arrive while the job waits. */
function runningChecks(verdict: Verdict): string[] {
  return verdict.proofs.filter((p) => p.status === 'pending' && proofWaitsOnCi(p.kind)).map((p) => p.name);
}

/** runGate's pino-style log calls, as workflow log lines. */
const gateLogger: GateLogger = {
  debug: (_fields, message) => core.debug(message),
  info: () => undefined,
  warn: (fields, message) => core.debug(`${message} ${JSON.stringify(fields)}`),
  error: (fields, message) => core.debug(`${message} ${JSON.stringify(fields)}`),
};
