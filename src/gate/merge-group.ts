/**
 * The gate for a merge queue's merge group, shared by the App and the Action.
 *
 * A merge group commit carries one or more queued pull requests on top of the
 * target branch (src/github/merge-queue.ts finds which). Its check is green
 * only when every one of them passes its own gate now, evaluated exactly as on
 * the pull request (its head, its base branch's policy): the queue may not add
 * to a pull request what the pull request did not prove. A pull request still
 * waiting for proof fails the group, since nothing re-evaluates a merge group
 * later; one that cannot be evaluated, or a group whose pull requests cannot
 * be found, fails it too. The check run is written on the merge group commit,
 * completed, with the decisive pull request's receipt.
 */
import type { Conclusion } from '../engine/verdict.js';
import { writeCheckRun } from '../github/checks.js';
import { findMergeGroupPullRequests, type MergeGroup } from '../github/merge-queue.js';
import { buildReceipt, type Receipt } from '../receipt/json.js';
import { renderCheckRunOutput } from '../receipt/markdown.js';
import { couldNotEvaluateVerdict } from '../engine/evaluate.js';
import { emptySnapshot } from '../snapshot.js';
import { describeFailure, runGate, type GateOptions } from './run-gate.js';

export interface MergeGroupGateOptions extends Omit<GateOptions, 'pr' | 'skip' | 'expectedHead' | 'mode'> {
  owner: string;
  repo: string;
  group: MergeGroup;
  /** `check-run` (default) writes the group's check run; `step` only returns the verdict. */
  mode?: 'check-run' | 'step';
}

export interface MergeGroupMember {
  number: number;
  receipt: Receipt;
  /** Why it could not be evaluated, or null. */
  error: string | null;
}

export interface MergeGroupResult {
  /** success or failure: a merge group is final, so nothing is pending. */
  conclusion: Extract<Conclusion, 'success' | 'failure'>;
  title: string;
  members: MergeGroupMember[];
  /** The receipt the check run carries: the first failing pull request's, else the last one's. */
  receipt: Receipt;
  checkRun: { id: number } | null;
  /** Why the group's pull requests could not be found, or null. */
  error: string | null;
}

/** A pull request's conclusion as the group sees it: only success (or nothing to gate) lets it through. */
function passes(receipt: Receipt): boolean {
  return receipt.conclusion === 'success' || receipt.conclusion === 'neutral';
}

export async function runMergeGroupGate(opts: MergeGroupGateOptions): Promise<MergeGroupResult> {
  const now = opts.now ?? (() => new Date());
  const { group } = opts;
  let members: MergeGroupMember[];
  let error: string | null = null;
  try {
    const found = await findMergeGroupPullRequests(opts.client, opts.owner, opts.repo, group);
    members = [];
    for (const pr of found.pullRequests) {
      const result = await runGate({
        ...opts,
        pr: { owner: opts.owner, repo: opts.repo, number: pr.number, headSha: pr.headSha || null },
        mode: 'step',
      });
      // runGate in step mode never skips (no skip callback): it always has a receipt.
      members.push({ number: pr.number, receipt: result.receipt!, error: result.error });
    }
  } catch (e) {
    error = (opts.describeFailure ?? describeFailure)({ stage: 'load', error: e });
    members = [];
  }

  let receipt: Receipt;
  let conclusion: MergeGroupResult['conclusion'];
  let title: string;
  if (error !== null || members.length === 0) {
    const reason = error ?? 'the merge group carries no pull request proofgate can find';
    const snapshot = emptySnapshot(group.baseSha, group.headSha);
    snapshot.repository = { owner: opts.owner, name: opts.repo };
    receipt = buildReceipt(couldNotEvaluateVerdict(reason, null, { now: now() }), snapshot);
    conclusion = 'failure';
    title = receipt.title;
  } else {
    const failing = members.filter((m) => !passes(m.receipt));
    const decisive = failing[0] ?? members[members.length - 1]!;
    receipt = decisive.receipt;
    conclusion = failing.length === 0 ? 'success' : 'failure';
    const numbers = (list: MergeGroupMember[]) => list.map((m) => `#${m.number}`).join(', ');
    title =
      failing.length === 0
        ? `Merge group: ${numbers(members)} ${members.length === 1 ? 'passes' : 'pass'} the gate`
        : `Merge group: ${numbers(failing)} ${failing.length === 1 ? 'does' : 'do'} not pass: ${receipt.title}`;
  }

  let checkRun: { id: number } | null = null;
  if ((opts.mode ?? 'check-run') === 'check-run') {
    const output = renderCheckRunOutput(receipt);
    const written = await writeCheckRun(opts.client, {
      owner: opts.owner,
      repo: opts.repo,
      name: opts.checkName,
      headSha: group.headSha,
      existing: null,
      conclusion,
      output: { title: title.slice(0, 250), summary: `${groupTable(group, members, error)}\n\n${output.summary}`, text: output.text },
      annotations: [],
      externalId: receipt.digest,
      // No button: its click names the merge group's commit, which no pull request event maps back to.
      actions: [],
    });
    checkRun = { id: written.id };
  }
  return { conclusion, title, members, receipt, checkRun, error };
}

function groupTable(group: MergeGroup, members: MergeGroupMember[], error: string | null): string {
  const lines = [
    `**Merge group** \`${group.headSha.slice(0, 7)}\` into \`${group.baseRef.replace(/^refs\/heads\//, '')}\`: every pull request it carries must pass its own gate.`,
  ];
  if (error !== null) return `${lines[0]}\n\n${error}`;
  lines.push('', '| Pull request | Conclusion | Receipt |', '| --- | --- | --- |');
  for (const m of members) {
    lines.push(`| #${m.number} | ${m.receipt.conclusion}${passes(m.receipt) ? '' : ' (not passing)'} | \`${m.receipt.digest.slice(0, 19)}…\` |`);
  }
  return lines.join('\n');
}
