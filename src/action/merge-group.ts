/**
 * The Action on `merge_group`: the merge group commit's check passes only
 * when every pull request the group carries passes its own gate
 * (src/gate/merge-group.ts), read through the API (no local git or `ledger`
 * input: the job checked out the merge group, not the pull requests).
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../github/client.js';
import type { MergeGroup } from '../github/merge-queue.js';
import type { TeamCache } from '../github/teams.js';
import { runMergeGroupGate } from '../gate/merge-group.js';
import { describeGitHubError } from './github-errors.js';
import { ACTIONS_APP_SLUG, teamAccessOf } from './gate.js';
import type { ActionInputs } from './inputs.js';
import { logSafe } from './log-safe.js';
import { setOutputs, writeJobSummary, writeReceiptFile } from './report.js';

export interface MergeGroupEnvironment {
  client: GitHubClient;
  teamClient: GitHubClient | null;
  inputs: ActionInputs;
  teamCache: TeamCache;
  now: () => Date;
  receiptDir: string;
}

export async function gateMergeGroup(env: MergeGroupEnvironment, target: { owner: string; repo: string; group: MergeGroup }): Promise<void> {
  let result;
  try {
    result = await runMergeGroupGate({
      client: env.client,
      owner: target.owner,
      repo: target.repo,
      group: target.group,
      checkName: env.inputs.checkName,
      appSlug: ACTIONS_APP_SLUG,
      policyPath: env.inputs.policyPath,
      teamCache: env.teamCache,
      now: env.now,
      mode: env.inputs.mode === 'step' ? 'step' : 'check-run',
      reevaluateButton: false,
      ...(env.teamClient ? { teamClient: env.teamClient } : {}),
      teamAccess: teamAccessOf(env.teamClient !== null),
      // In the Action's words: its token and workflow permissions, not the App's.
      describeFailure: (failure) => describeGitHubError(failure.error, { kind: 'read', owner: target.owner, repo: target.repo, pullNumber: null }).message,
    });
  } catch (error) {
    // Only the check-run write throws here: finding and evaluating end in a failing verdict.
    throw describeGitHubError(error, { kind: 'write-check', checkName: env.inputs.checkName, event: 'merge_group' });
  }
  const receiptPath = await writeReceiptFile(result.receipt, env.receiptDir);
  await writeJobSummary(result.receipt);
  setOutputs(result.receipt, receiptPath);
  core.setOutput('conclusion', result.conclusion);
  for (const m of result.members) core.info(`proofgate: #${m.number}: ${m.receipt.conclusion}: ${logSafe(m.receipt.title)}`);
  if (result.conclusion === 'failure') core.setFailed(`proofgate: failure — ${logSafe(result.title)}`);
  else core.info(`proofgate: success — ${logSafe(result.title)}`);
}
