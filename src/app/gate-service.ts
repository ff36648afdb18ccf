/**
 * Between the webhook handlers and runGate: skips events that cannot change a
 * verdict, marks the check in progress for the others before the event is
 * taken (src/app/marks.ts), runs one evaluation at a time per pull request
 * (merging bursts), and remembers which check names each PR's policy cares
 * about.
 *
 * An event the App cannot take (the mark cannot be written, the queue is
 * full, the server is shutting down) or whose evaluation fails is a failed
 * delivery (DeliveryError): GitHub records it and the App asks for it again
 * (src/app/redelivery.ts).
 */
import { writeCheckRun } from '../github/checks.js';
import type { GitHubClient } from '../github/client.js';
import type { PullRequestLists } from '../github/load.js';
import type { TeamCache } from '../github/teams.js';
import { runGate, type GateLogger, type GateResult, type LoadedGate } from '../gate/run-gate.js';
import { BoundedCache } from '../bounded-cache.js';
import { DeliveryError } from './delivery-error.js';
import type { PolicyHints } from './hints.js';
import { runMergeGroupGate, type MergeGroupResult } from '../gate/merge-group.js';
import type { MergeGroup } from '../github/merge-queue.js';
import { laggingHead } from './head-lag.js';
import { markInProgress, type Mark } from './marks.js';
import { CoalescingQueue, Limiter, QueueFullError } from './queue.js';
import { describeError } from './errors.js';
import { signalProofs, couldMatter, describeSignal, type Signal } from './relevance.js';
import { isTransient, withRetries, type RetryOptions } from './retry.js';
import type { AppSettings } from './settings.js';

/** What a handler hands over: one pull request an event may affect. */
export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
  /** The PR head the event was about; when the PR has moved on, the event is stale. */
  headSha: string | null;
  /** The head a push replaced (`pull_request.synchronize`'s `before`): GitHub still reporting it lags the push (src/app/head-lag.ts). */
  before?: string | null;
  /**
   * The event moved the pull request to another base branch, so to another
   * policy: the verdict on its head was computed under the old one, and the
   * check goes in progress at once rather than after a read (like a push that
   * changes the policy).
   */
  baseChanged?: boolean;
  signal: Signal;
}

/** The parts of a Probot context the gate uses. */
export interface EventContext {
  client: GitHubClient;
  log: GateLogger;
  /** Webhook name with action, for logs: `pull_request.synchronize`. */
  event: string;
  installationId: number | null;
}

interface Trigger {
  headSha: string | null;
  before: string | null;
  baseChanged: boolean;
  signal: Signal;
  event: string;
  /** When the event was taken (ms since the epoch). */
  takenAt: number;
  /** Fires decideWithinMs after the event was taken: marks the head unless the evaluation decided first. */
  deadline: NodeJS.Timeout | null;
  /** The mark the deadline wrote (or its failure), when it fired. */
  late: Promise<{ mark: Mark } | { error: unknown }> | null;
}

interface Job {
  target: Omit<PullRequestTarget, 'headSha' | 'before' | 'signal'>;
  ctx: EventContext;
  triggers: Trigger[];
}

export interface GateServiceDeps {
  settings: AppSettings;
  teamCache: TeamCache;
  hints: PolicyHints;
  /** The App's slug, resolved once (its own check runs are found by it). */
  appSlug: () => Promise<string>;
  now?: () => Date;
  /** Receives every finished gate run (tests and benchmarks observe through it). */
  onResult?: (target: PullRequestTarget, result: GateResult) => void;
  /** Retries of the App's own steps (mark, slug); tests shorten the backoff. */
  retry?: RetryOptions;
}

/** The review proof's next step when GitHub refuses the App a team's members. */
export const APP_TEAM_ACCESS =
  'grant the App the "Organization members: Read-only" permission (`members: read` in app.yml) and accept it on the installation, then re-run the check';

export class GateService {
  private readonly queue: CoalescingQueue<Job>;
  private readonly limiter: Limiter;
  /** Accepted events whose evaluation has not finished. */
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private draining = false;
  /** Commits marked in progress when their pull requests could not be looked up. */
  private readonly unresolved = new Map<string, Mark>();
  /**
   * The head each pull request last got a verdict on in this process: where an
   * event is worth a read first, to see whether the check already shows its verdict.
   * Only an optimisation: the read, not this, decides that nothing is written.
   */
  private readonly evaluatedHeads = new BoundedCache<string, string>(10_000);

  constructor(private readonly deps: GateServiceDeps) {
    this.limiter = new Limiter({
      limit: deps.settings.maxConcurrentEvaluations,
      perKey: deps.settings.maxEvaluationsPerInstallation,
      maxWaiting: deps.settings.maxWaitingEvaluations,
    });
    this.queue = new CoalescingQueue<Job>(
      // A merged job keeps the newest client and logger, and every trigger: it is
      // skipped only if each of them would have been.
      (queued, incoming) => ({ target: incoming.target, ctx: incoming.ctx, triggers: [...queued.triggers, ...incoming.triggers] }),
      (job) => this.runLimited(job),
    );
  }

  /** Evaluations waiting for a slot (benchmarks, tests). */
  get waiting(): number {
    return this.limiter.queued;
  }

  get retry(): RetryOptions | undefined {
    return this.deps.retry;
  }

  /**
   * A commit-level event whose pull requests could not be looked up: the
   * check on the commit goes in progress (fail closed) until GitHub sends the
   * event again. Best effort: the delivery fails either way.
   */
  async markUnresolved(ctx: EventContext, where: { owner: string; repo: string; headSha: string }): Promise<void> {
    try {
      const mark = await withRetries(() => markInProgress(ctx.client, where, this.deps.settings.checkName, ctx.event), this.deps.retry);
      const key = `${where.owner}/${where.repo}@${where.headSha}`.toLowerCase();
      this.unresolved.delete(key);
      this.unresolved.set(key, mark);
      // Bounded: the oldest entries go first.
      for (const old of this.unresolved.keys()) {
        if (this.unresolved.size <= 10_000) break;
        this.unresolved.delete(old);
      }
    } catch (error) {
      ctx.log.warn({ event: ctx.event, sha: where.headSha, reason: describeError(error) }, 'proofgate: could not mark the commit in progress either');
    }
  }

  /**
   * The lookup for a commit worked. A mark left by an earlier failed attempt
   * is superseded by the pull requests' own marks, or, when the commit is the
   * head of no open pull request, completed as neutral.
   */
  async resolved(ctx: EventContext, where: { owner: string; repo: string; headSha: string }, pullRequests: number): Promise<void> {
    const key = `${where.owner}/${where.repo}@${where.headSha}`.toLowerCase();
    const mark = this.unresolved.get(key);
    if (!mark) return;
    this.unresolved.delete(key);
    if (pullRequests > 0) return;
    try {
      await writeCheckRun(ctx.client, {
        ...where,
        name: this.deps.settings.checkName,
        existing: { id: mark.id, status: 'in_progress' },
        conclusion: 'neutral',
        output: {
          title: 'Not the head of an open pull request',
          summary: 'proofgate evaluates the heads of open pull requests; this commit is not one.',
          text: '',
        },
        annotations: [],
        externalId: '',
      });
    } catch (error) {
      ctx.log.warn(
        { event: ctx.event, sha: where.headSha, reason: describeError(error) },
        'proofgate: could not complete an in-progress run on a commit without pull requests',
      );
    }
  }

  /** Evaluations accepted and not yet finished (benchmarks, tests, shutdown). */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * Stops taking events (each new one is a failed delivery, for GitHub to send
   * again) and waits for the accepted ones to finish, at most `timeoutMs`.
   * Resolves with the number still running when it gave up.
   */
  async drain(timeoutMs: number): Promise<number> {
    this.draining = true;
    if (this.inFlight === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    return this.inFlight;
  }

  private async runLimited(job: Job): Promise<void> {
    const { ctx, target } = job;
    const tenant = ctx.installationId !== null ? `installation:${ctx.installationId}` : `owner:${target.owner.toLowerCase()}`;
    try {
      await this.limiter.run(tenant, () => this.evaluate(job));
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      // Not taken: the check goes off green until GitHub sends the event again.
      const head = latestHeadOf(job.triggers);
      if (head) await this.markBestEffort(ctx, target, head);
      ctx.log.warn(
        { pr: keyOf(target), event: ctx.event, waiting: error.waiting },
        `proofgate: not taken, ${error.waiting} evaluations already waiting; answered 503 for GitHub to send it again`,
      );
      throw new DeliveryError(`proofgate is busy (${error.waiting} evaluations waiting); send this delivery again later`, 503);
    }
  }

  /** Whether an app in a payload is this App (its check runs must not trigger an evaluation of themselves). */
  async isOwnApp(app: { id?: number | null; slug?: string | null } | null | undefined): Promise<boolean> {
    if (!app) return false;
    const { appId } = this.deps.settings;
    if (appId !== null && typeof app.id === 'number') return app.id === appId;
    return typeof app.slug === 'string' && app.slug === (await this.deps.appSlug());
  }

  get checkName(): string {
    return this.deps.settings.checkName;
  }

  /** The policy file's path on a base branch. */
  get policyPath(): string {
    return this.deps.settings.policyPath;
  }

  /**
   * The policy these PRs are evaluated under may have changed: their hints
   * (which check names matter) no longer hold, so check and status events are
   * not skipped on them until an evaluation under the new policy records new ones.
   */
  forgetHints(targets: ReadonlyArray<{ owner: string; repo: string; number: number }>): void {
    for (const target of targets) this.deps.hints.forget(keyOf(target));
  }

  /** Gates a merge queue's merge group: every pull request it carries must pass (src/gate/merge-group.ts). */
  async mergeGroup(ctx: EventContext, repository: { owner: string; repo: string }, group: MergeGroup): Promise<MergeGroupResult> {
    const { settings } = this.deps;
    return runMergeGroupGate({
      client: ctx.client,
      owner: repository.owner,
      repo: repository.repo,
      group,
      checkName: settings.checkName,
      appSlug: await this.deps.appSlug(),
      policyPath: settings.policyPath,
      teamCache: this.deps.teamCache,
      teamScope: ctx.installationId ?? 'default',
      teamAccess: APP_TEAM_ACCESS,
      log: ctx.log,
      describeFailure: (failure) => describeError(failure.error),
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
  }

  /**
   * Evaluates each target (one PR each), unless the event cannot change its
   * verdict. Rejects with a DeliveryError when one of them was not taken or
   * its evaluation failed; the others still run.
   */
  async submit(ctx: EventContext, targets: PullRequestTarget[]): Promise<void> {
    const outcomes = await Promise.allSettled(targets.map((target) => this.submitOne(ctx, target)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw asDeliveryError(failed.reason);
  }

  private async submitOne(ctx: EventContext, target: PullRequestTarget): Promise<void> {
    const key = keyOf(target);
    if (target.signal.kind !== 'always' && target.headSha) {
      const patterns = this.deps.hints.get(key, target.headSha);
      if (patterns && !couldMatter(target.signal, patterns)) {
        ctx.log.debug({ pr: key, event: ctx.event }, `proofgate: skipped, no check proof of the policy can match ${describeSignal(target.signal)}`);
        return;
      }
    }
    if (this.draining) throw new DeliveryError('proofgate is shutting down; send this delivery again later', 503);
    this.inFlight++;
    try {
      // No write yet: the evaluation marks the check only when it would change it (see evaluate).
      const trigger: Trigger = {
        headSha: target.headSha,
        before: target.before ?? null,
        baseChanged: target.baseChanged === true,
        signal: target.signal,
        event: ctx.event,
        takenAt: Date.now(),
        deadline: null,
        late: null,
      };
      // Wherever the event waits (this PR's queue, an evaluation slot, the probe), the check
      // goes off green before GitHub is told the event was taken.
      const headSha = target.headSha;
      if (headSha) {
        trigger.deadline = setTimeout(() => {
          trigger.late = this.mark(ctx, target, headSha).then(
            (mark) => ({ mark }),
            (error: unknown) => ({ error }),
          );
        }, this.deps.settings.decideWithinMs);
      }
      const job: Job = { target: { owner: target.owner, repo: target.repo, number: target.number }, ctx, triggers: [trigger] };
      try {
        await this.queue.run(key, job);
      } finally {
        clearTimeout(trigger.deadline ?? undefined);
      }
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** An event not taken: its head goes in progress if GitHub lets it (the delivery fails either way). */
  private async markBestEffort(ctx: EventContext, target: Omit<PullRequestTarget, 'headSha' | 'signal'>, headSha: string): Promise<void> {
    try {
      await withRetries(
        () => markInProgress(ctx.client, { owner: target.owner, repo: target.repo, headSha }, this.deps.settings.checkName, ctx.event),
        this.deps.retry,
      );
    } catch (error) {
      ctx.log.warn({ pr: keyOf(target), event: ctx.event, reason: describeError(error) }, 'proofgate: could not mark the check in progress either');
    }
  }

  /** The check goes in progress before a verdict that changes it is decided; if that cannot be written, the event is not taken. */
  private async mark(ctx: EventContext, target: Omit<PullRequestTarget, 'headSha' | 'signal'>, headSha: string): Promise<Mark> {
    try {
      return await withRetries(
        () => markInProgress(ctx.client, { owner: target.owner, repo: target.repo, headSha }, this.deps.settings.checkName, ctx.event),
        this.deps.retry,
      );
    } catch (error) {
      const reason = describeError(error);
      ctx.log.warn({ pr: keyOf(target), event: ctx.event, reason }, 'proofgate: not taken, the check could not be marked in progress');
      // 503 when GitHub may accept the write later (the delivery is worth sending again); 500 for a missing permission or an invalid request.
      throw new DeliveryError(`proofgate could not mark the check in progress (${reason})`, isTransient(error) ? 503 : 500);
    }
  }

  private async evaluate(job: Job): Promise<void> {
    const { ctx, target, triggers } = job;
    const key = keyOf(target);
    const latestHead = latestHeadOf(triggers);
    let appSlug: string;
    try {
      appSlug = await withRetries(() => this.deps.appSlug(), this.deps.retry);
    } catch (error) {
      // Not taken: the check goes off green until GitHub sends the event again.
      if (latestHead) await this.markBestEffort(ctx, target, latestHead);
      throw new DeliveryError(`proofgate could not look up its own slug with GET /app (${describeError(error)}); send this delivery again later`, 503);
    }
    const hintMark = this.deps.hints.mark();
    const marks: Mark[] = [];
    let pass: LoadPass | null = null;
    // A push that changed the policy, or a new base branch (another policy), is expected to change
    // the check, and a person who asked for a re-run expects a new run: no read first for those.
    const expectsWrite = triggers.some((t) => t.baseChanged || t.event === 'push' || /\.(?:rerequested|requested_action)$/.test(t.event));
    const left = Math.min(...triggers.map((t) => t.takenAt)) + this.deps.settings.decideWithinMs - Date.now();
    // Events merged from more than one head (a push and a push back) may each name the head, whichever
    // GitHub reports: no read first, so the newest event's head is marked and gets a verdict or a failure.
    const oneHead = triggers.every((t) => t.headSha === null || t.headSha === latestHead);
    if (latestHead !== null && oneHead && !expectsWrite && left > 0 && this.evaluatedHeads.get(key) === latestHead) {
      // A head this process has already given a verdict: most events on it re-confirm
      // that verdict. Load and evaluate, writing nothing; when the run GitHub shows on
      // the head already shows this verdict, the events changed nothing on the check.
      // A read still running when the time to decide is up marks the check in progress
      // first (GitHub is about to be told the event was taken), and the verdict then
      // comes from a read after that mark.
      pass = await this.load(job, appSlug, null, null);
      // A deadline that fired while the read was out marked the check: the verdict then comes from a read after that mark.
      marks.push(...(await settleDeadlines(triggers)));
      if (marks.length === 0 && (pass.result.skipped !== null || pass.result.unchanged === true)) {
        return this.finish(job, pass, marks, hintMark);
      }
    }
    // The check goes in progress first (a loss from here on leaves it off green), then
    // a fresh load decides the verdict written to that run. The run is created before
    // the load, so the newest run reflects the newest data, whichever replica wrote it.
    const head = pass?.expectedHead ?? pass?.result.snapshot?.head.sha ?? latestHead;
    marks.push(...(await settleDeadlines(triggers)));
    const onHead = marks.filter((m) => m.headSha === head);
    let mark: Mark | null = onHead.length > 0 ? onHead.reduce((a, b) => (b.id > a.id ? b : a)) : null;
    if (head && mark === null) {
      mark = await this.mark(ctx, target, head);
      marks.push(mark);
    }
    // The probe's file and commit listings serve this load when GitHub still reports the same base and head.
    pass = await this.load(job, appSlug, mark, pass?.expectedHead ?? null, pass?.result.lists ?? null);
    return this.finish(job, pass, marks, hintMark);
  }

  private async finish(job: Job, pass: LoadPass, marks: Mark[], hintMark: number): Promise<void> {
    const { ctx, target, triggers } = job;
    const key = keyOf(target);
    const latestHead = latestHeadOf(triggers);
    const { result, loaded } = pass;
    this.remember(key, loaded, result, hintMark);
    // runGate has logged the outcome and any failure; a skip is only worth a debug line.
    if (result.skipped !== null) {
      ctx.log.debug({ pr: key, event: ctx.event, requests: result.requests }, `proofgate: skipped, ${result.skipped}`);
    } else if (result.unchanged === true) {
      ctx.log.debug({ pr: key, event: ctx.event, requests: result.requests }, 'proofgate: the check already shows this verdict; nothing written');
    }
    const head = result.snapshot?.head.sha || latestHead;
    // A mark that got the "could not evaluate" of a lagging head already has its verdict.
    const written = result.checkRun?.id ?? null;
    await this.closeStaleMarks(
      ctx,
      target,
      marks.filter((m) => m.headSha !== head && m.id !== written),
      head,
    );
    this.deps.onResult?.({ ...target, headSha: latestHead, signal: triggers[triggers.length - 1]!.signal }, result);
    // A verdict that could not be written, or an error that may pass: GitHub sends the event again (the mark keeps the check off green meanwhile).
    if (result.error !== null && (result.checkRun === null || result.retryable)) {
      throw new DeliveryError(`proofgate could not evaluate ${key} (${result.error}); send this delivery again later`, 503);
    }
    if (result.skipped === null && result.checkRun === null && result.error === null) {
      throw new DeliveryError(`proofgate could not write the verdict of ${key}; send this delivery again later`, 503);
    }
  }

  /**
   * One gate run: a probe (`mark` null: nothing written) or the evaluation that
   * writes its verdict to `mark`. While GitHub reports an older head than a
   * pull_request event's, it loads again (see head-lag.ts); the last load must
   * find that head, or ends "could not evaluate" on it (`expectedHead`).
   */
  private async load(job: Job, appSlug: string, mark: Mark | null, expected: string | null, reuseLists: PullRequestLists | null = null): Promise<LoadPass> {
    const { ctx, target, triggers } = job;
    const { settings } = this.deps;
    const latestHead = latestHeadOf(triggers);
    const delays = settings.headRetryDelaysMs;
    let loaded: LoadedGate | null = null;
    let expectedHead = expected;
    let result: GateResult;
    for (let attempt = 0; ; attempt++) {
      let lagging: string | null = null;
      result = await runGate({
        client: ctx.client,
        pr: { ...target, headSha: latestHead },
        checkName: settings.checkName,
        appSlug,
        policyPath: settings.policyPath,
        teamCache: this.deps.teamCache,
        teamScope: ctx.installationId ?? 'default',
        teamAccess: APP_TEAM_ACCESS,
        log: ctx.log,
        describeFailure: (failure) => describeError(failure.error),
        checkRun: mark,
        mode: mark ? 'check-run' : 'probe',
        reuseLists,
        ...(this.deps.now ? { now: this.deps.now } : {}),
        ...(expectedHead ? { expectedHead } : {}),
        skip: (l) => {
          loaded = l;
          const reason = skipReason(triggers, l);
          // A run marked in progress on this head must get a verdict: it is never left behind.
          const marked = mark !== null && mark.headSha === l.snapshot.head.sha;
          lagging = reason === null || marked ? null : laggingHead(triggers, l);
          return reason !== null && marked ? null : reason;
        },
      });
      if (result.skipped === null || lagging === null || expectedHead !== null) break;
      if (attempt >= delays.length - 1) expectedHead = lagging;
      const delay = delays[attempt] ?? 0;
      ctx.log.info(
        { pr: keyOf(target), event: ctx.event, attempt: attempt + 1 },
        `proofgate: GitHub still reports head ${result.snapshot.head.sha.slice(0, 7)}, the event is for ${String(lagging).slice(0, 7)}; loading again in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return { result, loaded, expectedHead };
  }

  /**
   * Marks on a commit that is not the head GitHub reports (the event was for
   * an older head, or GitHub's API still lags behind the new one): they are
   * completed as not passing rather than left in progress, and the head's own
   * events evaluate it.
   */
  private async closeStaleMarks(ctx: EventContext, target: Omit<PullRequestTarget, 'headSha' | 'signal'>, stale: Mark[], head: string | null): Promise<void> {
    for (const mark of stale) {
      try {
        await writeCheckRun(ctx.client, {
          owner: target.owner,
          repo: target.repo,
          headSha: mark.headSha,
          name: this.deps.settings.checkName,
          existing: { id: mark.id, status: 'in_progress' },
          conclusion: 'failure',
          output: {
            title: 'Not evaluated: not the head of the pull request',
            summary: `GitHub reports ${head ? `\`${head.slice(0, 7)}\`` : 'another commit'} as the head of #${target.number}, not this commit; proofgate evaluates the head. If this commit is the head, re-run this check.`,
            text: '',
          },
          annotations: [],
          externalId: '',
        });
      } catch (error) {
        ctx.log.warn({ pr: keyOf(target), reason: describeError(error) }, 'proofgate: could not close an in-progress run on an older commit');
      }
    }
  }

  /** Hints are kept only once the PR has proofgate's check run, so a skipped event never leaves it without one. */
  private remember(key: string, loaded: LoadedGate | null, result: GateResult, since: number): void {
    // After "could not evaluate", the next event is expected to change the check: no read first.
    if (result.error !== null) this.evaluatedHeads.delete(key);
    if (!loaded || result.error !== null) return;
    const l: LoadedGate = loaded;
    const hasCheck = l.existingCheckRun !== null || result.checkRun !== null;
    if (!hasCheck) return;
    if (result.skipped === null) this.evaluatedHeads.set(key, l.snapshot.head.sha);
    this.deps.hints.set(key, l.snapshot.head.sha, l.policy ? signalProofs(l.policy.doc) : [], since);
  }
}

interface LoadPass {
  result: GateResult;
  /** What the skip callback saw of the last load. */
  loaded: LoadedGate | null;
  /** The head GitHub lagged behind, when the last load had to find it. */
  expectedHead: string | null;
}

function asDeliveryError(error: unknown): DeliveryError {
  return error instanceof DeliveryError ? error : new DeliveryError(`proofgate failed: ${describeError(error)}`, 500, { cause: error });
}

function keyOf(t: { owner: string; repo: string; number: number }): string {
  return `${t.owner}/${t.repo}#${t.number}`.toLowerCase();
}

/**
 * Skip when every trigger is stale (the PR has a newer head, whose own events
 * evaluate it) or cannot matter (a check or status no check proof can count,
 * on a PR that already has proofgate's check run).
 */
export function skipReason(triggers: readonly Trigger[], loaded: LoadedGate): string | null {
  const head = loaded.snapshot.head.sha;
  const patterns = loaded.policy ? signalProofs(loaded.policy.doc) : [];
  const reasons: string[] = [];
  for (const t of triggers) {
    if (t.headSha && t.headSha !== head) {
      reasons.push(`${t.event} is for ${t.headSha.slice(0, 7)}, no longer the head (${head.slice(0, 7)})`);
    } else if (t.signal.kind !== 'always' && loaded.existingCheckRun !== null && !couldMatter(t.signal, patterns)) {
      reasons.push(`no check proof of the policy can match ${describeSignal(t.signal)}`);
    } else {
      return null;
    }
  }
  return reasons[0] ?? null;
}

/** Stops the triggers' deadlines; the marks those that fired wrote (a failed one fails the evaluation). */
async function settleDeadlines(triggers: readonly Trigger[]): Promise<Mark[]> {
  const marks: Mark[] = [];
  for (const t of triggers) {
    clearTimeout(t.deadline ?? undefined);
    const late = t.late === null ? null : await t.late;
    t.late = null;
    if (late === null) continue;
    if ('error' in late) throw late.error;
    marks.push(late.mark);
  }
  return marks;
}

/** The head named by the newest trigger that names one. */
function latestHeadOf(triggers: readonly Trigger[]): string | null {
  return [...triggers].reverse().find((t) => t.headSha)?.headSha ?? null;
}
