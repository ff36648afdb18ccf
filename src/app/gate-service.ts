/**
 * Between the webhook handlers and runGate: skips events that cannot change a
 * verdict, runs one evaluation at a time per pull request (merging bursts),
 * and remembers which check names each PR's policy cares about.
 */
import type { GitHubClient } from '../github/client.js';
import type { TeamCache } from '../github/teams.js';
import { runGate, type GateLogger, type GateResult, type LoadedGate } from '../gate/run-gate.js';
import type { PolicyHints } from './hints.js';
import { CoalescingQueue, Limiter, QueueFullError } from './queue.js';
import { signalProofs, couldMatter, describeSignal, type Signal } from './relevance.js';
import type { AppSettings } from './settings.js';

/** What a handler hands over: one pull request an event may affect. */
export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
  /** The PR head the event was about; when the PR has moved on, the event is stale. */
  headSha: string | null;
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
  signal: Signal;
  event: string;
}

interface Job {
  target: Omit<PullRequestTarget, 'headSha' | 'signal'>;
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
}

export class GateService {
  private readonly queue: CoalescingQueue<Job>;
  private readonly limiter: Limiter;

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

  private async runLimited(job: Job): Promise<void> {
    const { ctx, target } = job;
    const tenant = ctx.installationId !== null ? `installation:${ctx.installationId}` : `owner:${target.owner.toLowerCase()}`;
    try {
      await this.limiter.run(tenant, () => this.evaluate(job));
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      // Nothing was written; the PR keeps its current check run until its next event.
      ctx.log.warn(
        { pr: keyOf(target), event: ctx.event, waiting: error.waiting },
        `proofgate: dropped, ${error.waiting} evaluations already waiting; the pull request's next event evaluates it`,
      );
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

  /** Evaluates each target (one PR each), unless the event cannot change its verdict. */
  async submit(ctx: EventContext, targets: PullRequestTarget[]): Promise<void> {
    await Promise.all(targets.map((target) => this.submitOne(ctx, target)));
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
    const job: Job = { target: { owner: target.owner, repo: target.repo, number: target.number }, ctx, triggers: [{ headSha: target.headSha, signal: target.signal, event: ctx.event }] };
    await this.queue.run(key, job);
  }

  private async evaluate(job: Job): Promise<void> {
    const { ctx, target, triggers } = job;
    const key = keyOf(target);
    const { settings } = this.deps;
    const latestHead = [...triggers].reverse().find((t) => t.headSha)?.headSha ?? null;
    let loaded: LoadedGate | null = null;
    const hintMark = this.deps.hints.mark();
    const result = await runGate({
      client: ctx.client,
      pr: { ...target, headSha: latestHead },
      checkName: settings.checkName,
      appSlug: await this.deps.appSlug(),
      policyPath: settings.policyPath,
      teamCache: this.deps.teamCache,
      teamScope: ctx.installationId ?? 'default',
      log: ctx.log,
      ...(this.deps.now ? { now: this.deps.now } : {}),
      skip: (l) => {
        loaded = l;
        return skipReason(triggers, l);
      },
    });
    this.remember(key, loaded, result, hintMark);
    // runGate has logged the outcome and any failure; a skip is only worth a debug line.
    if (result.skipped !== null) {
      ctx.log.debug({ pr: key, event: ctx.event, requests: result.requests }, `proofgate: skipped, ${result.skipped}`);
    }
    this.deps.onResult?.({ ...target, headSha: latestHead, signal: triggers[triggers.length - 1]!.signal }, result);
  }

  /** Hints are kept only once the PR has proofgate's check run, so a skipped event never leaves it without one. */
  private remember(key: string, loaded: LoadedGate | null, result: GateResult, since: number): void {
    if (!loaded || result.error !== null) return;
    const l: LoadedGate = loaded;
    const hasCheck = l.existingCheckRun !== null || result.checkRun !== null;
    if (!hasCheck) return;
    this.deps.hints.set(key, l.snapshot.head.sha, l.policy ? signalProofs(l.policy.doc) : [], since);
  }
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
