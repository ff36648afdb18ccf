/**
 * The gate for one pull request, shared by the App and the Action:
 * load (one GraphQL query) → choose the policy → resolve teams when a review
 * needs them → evaluate → receipt → write the check run (one REST call).
 *
 * Infrastructure failures (after the client's own retries) end as a failing
 * "could not evaluate" check run, never as a pass; when even that write fails
 * the error is logged and the result says so. Free of Probot and
 * @actions types: it takes a GitHubClient and a pino-shaped logger.
 */
import { couldNotEvaluateVerdict, evaluate, policyErrorVerdict } from '../engine/evaluate.js';
import type { Verdict } from '../engine/verdict.js';
import type { GitHubClient, PullRequestRef } from '../github/client.js';
import { firstLine, GitHubError, redact, toGitHubError } from '../github/errors.js';
import { loadPullRequest, type LoadedPullRequest, type PullRequestLists } from '../github/load.js';
import { lookUpTeams, type TeamCache } from '../github/teams.js';
import { writeCheckRun } from '../github/checks.js';
import type { Policy, PolicySource } from '../policy/types.js';
import { buildReceipt, type Receipt } from '../receipt/json.js';
import { renderCheckRunOutput } from '../receipt/markdown.js';
import { emptySnapshot, type Snapshot } from '../snapshot.js';
import { planAnnotations, verdictFingerprintFor, verdictFingerprintOf } from './annotations.js';
import { countRequests } from './count.js';
import { noPolicyVerdict } from './no-policy.js';
import { choosePolicy, teamsToResolve } from './policy.js';

export const DEFAULT_CHECK_NAME = 'proofgate';

/**
 * The button on the check run; clicking it sends a `check_run.requested_action`
 * event to the app that created the run. It is offered only on completed runs
 * of a shell that handles that event (the App): GitHub shows a run's requested
 * actions once it has completed, and delivers the click only to the run's own
 * app, which for the Action's runs is GitHub Actions, where no workflow of
 * proofgate's listens for it.
 */
export const REEVALUATE_ACTION = {
  label: 'Re-evaluate',
  description: 'Evaluate this pull request again',
  identifier: 'reevaluate',
} as const;

/** The logging calls runGate makes: pino's `(fields, message)` form (Probot's `context.log`). */
export interface GateLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What a `skip` callback sees once the pull request is loaded. */
export interface LoadedGate {
  snapshot: Snapshot;
  /** The policy in force; null when there is none or it does not load. */
  policy: Policy | null;
  /** proofgate's own check run on the head, when one exists. */
  existingCheckRun: { id: number } | null;
}

export interface GateOptions {
  client: GitHubClient;
  /** The pull request; `headSha` (from the event) lets a failed load still write a check run. */
  pr: PullRequestRef & { headSha?: string | null };
  checkName: string;
  /** The app whose check run named `checkName` is proofgate's own (App: its slug; Action: `github-actions`). */
  appSlug: string | null;
  policyPath: string;
  teamCache: TeamCache;
  /** Reads team members when the main client cannot (the Action's `teams-token`); default `client`. */
  teamClient?: GitHubClient;
  /**
   * What to do when GitHub refuses to show a team's members, in the shell's
   * words: the review proof that depends on the team shows it as its next step.
   */
  teamAccess?: string;
  /** Keys the team cache: the installation id in the App (its token decides which teams are visible). */
  teamScope?: string | number;
  now?: () => Date;
  /**
   * `check-run` (default) writes the check run; `step` only returns the
   * verdict; `probe` writes nothing and says whether the run GitHub shows on
   * the head already shows this verdict (`unchanged`), failures included.
   */
  mode?: 'check-run' | 'step' | 'probe';
  log?: GateLogger;
  /**
   * The head the caller's event names, when GitHub must report it now: if it
   * reports another head, the gate ends "could not evaluate" on this commit
   * (not on the head GitHub reported), so the event is never silently lost.
   */
  expectedHead?: string;
  /** Called after loading; a returned reason stops here without evaluating or writing. */
  skip?: (loaded: LoadedGate) => string | null;
  /** Offer the "Re-evaluate" button on completed check runs (the App, which handles its clicks); default true. */
  reevaluateButton?: boolean;
  /** Adds what the caller knows beyond GitHub's API (the Action's local git history). */
  augment?: (snapshot: Snapshot) => Snapshot | Promise<Snapshot>;
  /**
   * Words a failure for the shell's users: the "could not evaluate" reason in
   * the check run and the log. Defaults to the GitHub layer's neutral message.
   */
  describeFailure?: (failure: GateFailure) => string;
  /**
   * The run to write the verdict to: the App creates one, in progress, when it
   * accepts an event (src/app/marks.ts), and each evaluation writes only its
   * own run. Without it the newest run of the check name is updated (or created).
   */
  checkRun?: { id: number; headSha: string } | null;
  /** File and commit listings an earlier run read (its result's `lists`), reused when they still hold (src/github/load.ts). */
  reuseLists?: PullRequestLists | null;
}

/** Why a gate could not finish, kept as the error object so the shell can word it. */
export interface GateFailure {
  /** `load`: reading the pull request, its policy or teams; `write-check`: writing the check run. */
  stage: 'load' | 'write-check';
  error: unknown;
}

/** The GitHub layer's own one-line message (redacted), or the error's first line. */
export function describeFailure(failure: GateFailure): string {
  const error = failure.error;
  const line = toGitHubError(error)?.message ?? (error instanceof Error ? error.message || error.name : String(error));
  return redact(firstLine(line, 600)) || 'unknown error';
}

interface GateCommon {
  /** API calls made (GraphQL queries and REST requests; the client's retries not counted). */
  requests: number;
  /** `probe` mode: the file and commit listings read, for the run that follows (`reuseLists`). */
  lists?: PullRequestLists;
}

export type GateResult =
  | (GateCommon & {
      skipped: null;
      receipt: Receipt;
      verdict: Verdict;
      /** The check run written; null in `step` mode or when the write failed. */
      checkRun: { id: number } | null;
      /** The snapshot evaluated; null when loading failed. */
      snapshot: Snapshot | null;
      /** Why this is a "could not evaluate" verdict, as worded by `describeFailure`, or null. */
      error: string | null;
      /** What failed, in order (a failed load, then a failed write of its check run); empty when nothing did. */
      failures: GateFailure[];
      /** Whether that error may pass if tried again (GitHub failing, rate limits, network), as opposed to a permission or an invalid request. */
      retryable?: boolean;
      /** `probe` mode: the run GitHub shows on the head (then `checkRun`) already shows this verdict. */
      unchanged?: boolean;
    })
  | (GateCommon & { skipped: string; receipt: null; verdict: null; checkRun: null; snapshot: Snapshot; error: null; failures: [] });

type OwnCheckRun = NonNullable<LoadedPullRequest['ownCheckRun']>;

const silent: GateLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function runGate(opts: GateOptions): Promise<GateResult> {
  const { client, counter } = countRequests(opts.client);
  const log = opts.log ?? silent;
  const now = opts.now ?? (() => new Date());
  const mode = opts.mode ?? 'check-run';
  const describe = opts.describeFailure ?? describeFailure;
  let stage: GateFailure['stage'] = 'load';
  let loaded: LoadedPullRequest | null = null;
  let source: PolicySource | null = null;

  try {
    loaded = await loadPullRequest(client, opts.pr, {
      policyPath: opts.policyPath,
      checkName: opts.checkName,
      appSlug: opts.appSlug,
      reuseLists: opts.reuseLists ?? null,
    });
    let snapshot = loaded.snapshot;
    if (opts.augment) snapshot = await opts.augment(snapshot);
    const choice = choosePolicy(loaded);
    source = choice.kind === 'none' ? null : choice.result.ok ? choice.result.policy.source : choice.result.source;
    const policy = choice.kind === 'loaded' && choice.result.ok ? choice.result.policy : null;
    const existing = loaded.ownCheckRun;
    if (opts.expectedHead && snapshot.head.sha !== opts.expectedHead) throw new HeadLagError(opts.expectedHead, snapshot.head.sha);

    const skipped = opts.skip?.({ snapshot, policy, existingCheckRun: existing ? { id: existing.id } : null }) ?? null;
    if (skipped !== null) {
      return { skipped, receipt: null, verdict: null, checkRun: null, snapshot, error: null, failures: [], requests: counter.count };
    }

    let verdict: Verdict;
    if (choice.kind === 'none') {
      verdict = noPolicyVerdict(opts.policyPath, opts.pr.owner, snapshot, now(), { organizationRepository: loaded.organizationRepository });
    } else if (!choice.result.ok) {
      verdict = policyErrorVerdict(choice.result.source, choice.result.errors, { now: now() });
    } else {
      const teams = teamsToResolve(choice.result.policy, snapshot);
      if (teams.length > 0) {
        const { members, unreadable } = await lookUpTeams(opts.teamClient ?? client, teams, opts.teamCache, opts.teamScope ?? 'default');
        snapshot = { ...snapshot, teams: { ...snapshot.teams, ...members } };
        if (unreadable.length > 0) {
          const remedy = opts.teamAccess ?? 'give proofgate a token that can read organization members';
          snapshot.unreadableTeams = Object.fromEntries(unreadable.map((team) => [team, remedy]));
        }
      }
      verdict = evaluate(choice.result.policy, snapshot, { now: now() });
    }
    if (mode === 'probe') {
      // Compared without building the receipt (no snapshot digest): the App discards a probe's receipt.
      const unchanged = existing?.shown === true && verdictFingerprintOf(existing.externalId) === verdictFingerprintFor(verdict, snapshot);
      log.debug({ pr: prName(opts), conclusion: verdict.conclusion, unchanged, requests: counter.count }, `proofgate (probe): ${verdict.title}`);
      const checkRun = unchanged && existing ? { id: existing.id } : null;
      const probed = snapshot;
      return withLazyReceipt(
        { skipped: null, verdict, checkRun, snapshot, error: null, failures: [], requests: counter.count, unchanged, lists: loaded.lists },
        () => buildReceipt(verdict, probed),
      );
    }
    const receipt = buildReceipt(verdict, snapshot);
    stage = 'write-check';
    const checkRun = mode === 'check-run' ? await write(client, opts, receipt, snapshot.head.sha, targetRun(opts, snapshot.head.sha) ?? existing) : null;
    log.info({ pr: prName(opts), conclusion: receipt.conclusion, digest: receipt.digest, requests: counter.count }, `proofgate: ${receipt.title}`);
    return { skipped: null, receipt, verdict, checkRun, snapshot, error: null, failures: [], requests: counter.count };
  } catch (error) {
    const failures: GateFailure[] = [{ stage, error }];
    const reason = describe(failures[0]!);
    log.warn({ pr: prName(opts), reason }, 'proofgate could not evaluate');
    // A lagging head: the verdict is about the event's commit, which GitHub has not shown yet.
    const lag = error instanceof HeadLagError ? error : null;
    const snapshot = lag ? fallbackSnapshot({ ...opts, pr: { ...opts.pr, headSha: lag.expected } }) : (loaded?.snapshot ?? fallbackSnapshot(opts));
    const verdict = couldNotEvaluateVerdict(reason, source, { now: now() });
    const receipt = buildReceipt(verdict, snapshot);
    let checkRun: { id: number } | null = null;
    const headSha = lag ? lag.expected : (loaded?.snapshot.head.sha ?? opts.checkRun?.headSha ?? opts.pr.headSha ?? null);
    // A probe writes nothing: its caller marks the check and evaluates again.
    if (mode === 'check-run' && headSha) {
      const existing = targetRun(opts, headSha) ?? (lag ? null : (loaded?.ownCheckRun ?? null));
      try {
        checkRun = await write(client, opts, receipt, headSha, existing);
      } catch (writeError) {
        const failure: GateFailure = { stage: 'write-check', error: writeError };
        if (stage !== 'write-check') failures.push(failure);
        log.error({ pr: prName(opts), reason: describe(failure) }, 'proofgate could not write the "could not evaluate" check run');
      }
    }
    return {
      skipped: null,
      receipt,
      verdict,
      checkRun,
      snapshot: loaded?.snapshot ?? null,
      error: reason,
      failures,
      retryable: mayPassLater(error),
      requests: counter.count,
      ...(mode === 'probe' ? { unchanged: false } : {}),
    };
  }
}

async function write(client: GitHubClient, opts: GateOptions, receipt: Receipt, headSha: string, current: OwnCheckRun | null): Promise<{ id: number }> {
  // GitHub does not move a completed run back to in progress: a pending verdict gets a new run.
  const existing = current && !(current.status === 'completed' && receipt.conclusion === 'pending') ? current : null;
  const plan = planAnnotations(receipt, existing);
  const result = await writeCheckRun(client, {
    owner: opts.pr.owner,
    repo: opts.pr.repo,
    name: opts.checkName,
    headSha,
    existing: existing ? { id: existing.id, status: existing.status } : null,
    conclusion: receipt.conclusion,
    output: renderCheckRunOutput(receipt),
    annotations: plan.annotations,
    externalId: plan.externalId,
    // A pending verdict is an in-progress run, where GitHub shows no button.
    actions: opts.reevaluateButton !== false && receipt.conclusion !== 'pending' ? [REEVALUATE_ACTION] : [],
  });
  return { id: result.id };
}

/**
 * A result whose `receipt` is built when first read: the same receipt (the
 * verdict carries its time, and neither it nor the snapshot changes after the
 * gate), at no cost to a caller that never reads it.
 */
function withLazyReceipt<T extends object>(result: T, build: () => Receipt): T & { receipt: Receipt } {
  let receipt: Receipt | null = null;
  return Object.defineProperty(result, 'receipt', {
    enumerable: true,
    get: () => (receipt ??= build()),
  }) as T & { receipt: Receipt };
}

/** GitHub kept reporting another head than the one the event named. */
export class HeadLagError extends Error {
  override name = 'HeadLagError';
  constructor(
    readonly expected: string,
    readonly reported: string,
  ) {
    super(
      `GitHub still reports head ${reported.slice(0, 7)} for this pull request, not ${expected.slice(0, 7)} that the event named, after waiting for it: re-run the check once GitHub has caught up`,
    );
  }
}

/** The caller's own in-progress run, when it is on the commit being written. */
function targetRun(opts: GateOptions, headSha: string): OwnCheckRun | null {
  const run = opts.checkRun;
  return run && run.headSha === headSha ? { id: run.id, externalId: null, status: 'in_progress' } : null;
}

/** GitHub failing or unreachable, a rate limit, an answer cut short: worth another try (not a permission, not an invalid request). */
function mayPassLater(error: unknown): boolean {
  // The head lag was already waited out by the caller.
  if (error instanceof HeadLagError) return false;
  if (error instanceof GitHubError) return error.retryable || error.kind === 'graphql';
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

function fallbackSnapshot(opts: GateOptions): Snapshot {
  const snapshot = emptySnapshot('', opts.pr.headSha ?? '');
  snapshot.repository = { owner: opts.pr.owner, name: opts.pr.repo };
  snapshot.pullRequest = { number: opts.pr.number, title: '', author: null, labels: [], draft: false, url: null };
  return snapshot;
}

function prName(opts: GateOptions): string {
  return `${opts.pr.owner}/${opts.pr.repo}#${opts.pr.number}`;
}
