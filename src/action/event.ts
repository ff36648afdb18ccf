/**
 * Which pull requests the workflow's event is about. Only the event payload is
 * read: the pull requests themselves are loaded from the API (policy from the
 * base branch), never from the checked-out head.
 */
import { readFile } from 'node:fs/promises';
import type { MergeGroup } from '../github/merge-queue.js';
import { ActionError } from './errors.js';

export const SUPPORTED_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'workflow_run', 'check_suite', 'merge_group'] as const;
export type SupportedEvent = (typeof SUPPORTED_EVENTS)[number];

export interface EventTarget {
  event: SupportedEvent;
  owner: string;
  repo: string;
  /** Pull requests the payload names (in this repository). */
  pullNumbers: number[];
  /**
   * The head commit the event is about. When `pullNumbers` is empty (a fork
   * PR's workflow_run or check_suite lists none) the open PRs with this head
   * are looked up.
   */
  headSha: string | null;
  /** For `merge_group`: the merge group commit to gate (every pull request it carries must pass). */
  mergeGroup?: MergeGroup;
}

const EVENT_HINT =
  'run proofgate `on: pull_request` (or `pull_request_target` for fork PRs), `pull_request_review`, `workflow_run`, `check_suite` or `merge_group`';

/** Reads and parses `GITHUB_EVENT_PATH`; one clear ActionError for anything unusable. */
export async function readEvent(eventName: string | undefined, eventPath: string | undefined): Promise<EventTarget> {
  if (!eventName) throw new ActionError(`GITHUB_EVENT_NAME is not set: proofgate runs inside a GitHub Actions workflow; ${EVENT_HINT}`);
  checkSupported(eventName);
  if (!eventPath) throw new ActionError('GITHUB_EVENT_PATH is not set: the runner writes the event payload there; run proofgate as a workflow step');
  let text: string;
  try {
    text = await readFile(eventPath, 'utf8');
  } catch (err) {
    throw new ActionError(`cannot read the event payload at ${eventPath} (GITHUB_EVENT_PATH): ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new ActionError(`the event payload at ${eventPath} (GITHUB_EVENT_PATH) is not JSON`);
  }
  return parseEvent(eventName, payload);
}

/** The pull requests an event payload is about. */
export function parseEvent(eventName: string, payload: unknown): EventTarget {
  const event = checkSupported(eventName);
  const root = record(payload, `the ${event} payload`);
  const repository = record(root['repository'], `the ${event} payload's repository`);
  const fullName = string(repository['full_name'], `the ${event} payload's repository.full_name`);
  const [owner, repo] = fullName.split('/');
  if (!owner || !repo) throw new ActionError(`the ${event} payload's repository.full_name is ${JSON.stringify(fullName)}, not "owner/name"`);
  const repoId = typeof repository['id'] === 'number' ? repository['id'] : null;

  switch (event) {
    case 'pull_request':
    case 'pull_request_target':
    case 'pull_request_review': {
      const pr = record(root['pull_request'], `the ${event} payload's pull_request`);
      const number = positiveInt(pr['number'], `the ${event} payload's pull_request.number`);
      const head = isRecord(pr['head']) && typeof pr['head']['sha'] === 'string' ? pr['head']['sha'] : null;
      return { event, owner, repo, pullNumbers: [number], headSha: head };
    }
    case 'merge_group': {
      const group = record(root['merge_group'], "the merge_group payload's merge_group");
      const mergeGroup: MergeGroup = {
        headSha: string(group['head_sha'], "the merge_group payload's merge_group.head_sha"),
        headRef: string(group['head_ref'], "the merge_group payload's merge_group.head_ref"),
        baseSha: string(group['base_sha'], "the merge_group payload's merge_group.base_sha"),
        baseRef: string(group['base_ref'], "the merge_group payload's merge_group.base_ref"),
      };
      return { event, owner, repo, pullNumbers: [], headSha: mergeGroup.headSha, mergeGroup };
    }
    case 'workflow_run':
    case 'check_suite': {
      const run = record(root[event], `the ${event} payload's ${event}`);
      const headSha = string(run['head_sha'], `the ${event} payload's ${event}.head_sha`);
      const pulls = Array.isArray(run['pull_requests']) ? run['pull_requests'] : [];
      const numbers = pulls
        .filter((p): p is Record<string, unknown> => isRecord(p) && inRepository(p, repoId, fullName))
        .map((p) => p['number'])
        .filter((n): n is number => Number.isInteger(n) && (n as number) > 0);
      return { event, owner, repo, pullNumbers: [...new Set(numbers)], headSha };
    }
  }
}

function checkSupported(eventName: string): SupportedEvent {
  if ((SUPPORTED_EVENTS as readonly string[]).includes(eventName)) return eventName as SupportedEvent;
  throw new ActionError(`proofgate gates pull requests; this workflow ran on \`${eventName}\`: ${EVENT_HINT}`);
}

/**
 * A workflow run or check suite lists PRs whose head branch matches, including
 * PRs into other repositories; only PRs into this repository are gated here.
 */
function inRepository(pr: Record<string, unknown>, repoId: number | null, fullName: string): boolean {
  const base = isRecord(pr['base']) && isRecord(pr['base']['repo']) ? pr['base']['repo'] : null;
  if (!base) return true;
  if (repoId !== null && typeof base['id'] === 'number') return base['id'] === repoId;
  if (typeof base['url'] === 'string') return base['url'].toLowerCase().endsWith(`/repos/${fullName.toLowerCase()}`);
  return true;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) throw new ActionError(`${what} is missing (GITHUB_EVENT_PATH does not hold the event GITHUB_EVENT_NAME names)`);
  return v;
}

function string(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new ActionError(`${what} is missing (GITHUB_EVENT_PATH does not hold the event GITHUB_EVENT_NAME names)`);
  return v;
}

function positiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ActionError(`${what} is missing or not a number`);
  return v;
}
