import type { operations } from '@octokit/openapi-types';
import { ANNOTATIONS_PER_REQUEST, GITHUB_TEXT_LIMIT, type Annotation } from '../checks-api.js';
import type { GitHubClient } from './client.js';
import { mapRequestError, PERMISSIONS } from './errors.js';

type CreateBody = operations['checks/create']['requestBody']['content']['application/json'];
/** The update body, held to the create body's fields (GitHub's update type allows any key). */
type UpdateBody = Omit<CreateBody, 'head_sha' | 'name'> & { name?: string };
type Output = NonNullable<CreateBody['output']>;

export type CheckRunConclusion = 'success' | 'failure' | 'neutral' | 'pending';

export interface WriteCheckRunArgs {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  /**
   * The run to update (from `loadPullRequest`'s `ownCheckRun`); null creates
   * one. Its `status` matters for a pending verdict: GitHub does not reopen a
   * completed run, so a new one is created instead.
   */
  existing: { id: number; status?: string } | null;
  /** `pending` keeps the run `in_progress`; the others complete it. */
  conclusion: CheckRunConclusion;
  output: { title: string; summary: string; text: string };
  annotations: Annotation[];
  /** Ties the run to the receipt (its digest). */
  externalId: string;
  detailsUrl?: string;
  /** Buttons (at most 3), e.g. "Re-evaluate". */
  actions?: Array<{ label: string; description: string; identifier: string }>;
  /** When the run completed; defaults to now. */
  completedAt?: Date;
}

/** Cuts `text` to GitHub's byte limit on a character boundary, saying so. */
export function clipToBytes(text: string, max = GITHUB_TEXT_LIMIT): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  const note = `\n\n… (cut: ${bytes.length} bytes exceed GitHub's ${max}-byte limit)`;
  let cut = bytes.subarray(0, max - Buffer.byteLength(note)).toString('utf8');
  // A split multi-byte character decodes to U+FFFD: drop it.
  cut = cut.replace(/\uFFFD+$/, '');
  return cut + note;
}

function outputFor(args: WriteCheckRunArgs, annotations: Annotation[]): Output {
  const output: Output = {
    title: args.output.title,
    summary: clipToBytes(args.output.summary),
    text: clipToBytes(args.output.text),
  };
  if (annotations.length) output.annotations = annotations;
  return output;
}

/**
 * Creates proofgate's check run on the head commit, or updates the existing
 * one (never a duplicate), except that a pending verdict after a completed
 * run starts a new run: GitHub leaves a completed run completed (a PATCH to
 * `in_progress` keeps the old conclusion), and required checks follow the
 * newest run of a name. The first 50 annotations go with that request; each
 * further 50 is one more update, since GitHub appends them.
 */
export async function writeCheckRun(client: GitHubClient, args: WriteCheckRunArgs): Promise<{ id: number; requests: number }> {
  const batches: Annotation[][] = [];
  for (let i = 0; i < args.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(args.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const state: Pick<UpdateBody, 'status' | 'conclusion' | 'completed_at'> =
    args.conclusion === 'pending'
      ? { status: 'in_progress' }
      : { status: 'completed', conclusion: args.conclusion, completed_at: (args.completedAt ?? new Date()).toISOString() };
  const common = {
    ...state,
    external_id: args.externalId,
    output: outputFor(args, batches[0] ?? []),
    ...(args.detailsUrl ? { details_url: args.detailsUrl } : {}),
    ...(args.actions ? { actions: args.actions } : {}),
  } satisfies UpdateBody;
  const where = `${args.owner}/${args.repo}`;
  let requests = 0;
  let id: number;

  const create = async (): Promise<number> => {
    requests++;
    const body = { name: args.name, head_sha: args.headSha, ...common } satisfies CreateBody;
    try {
      const res = await client.request('POST /repos/{owner}/{repo}/check-runs', { owner: args.owner, repo: args.repo, ...nativeBody(body) });
      return Number(res.data.id);
    } catch (error) {
      throw mapRequestError(error, {
        doing: `creating check run "${args.name}" on ${where}@${args.headSha.slice(0, 7)}`,
        permission: PERMISSIONS.checksWrite,
        notFound: `the repository is not visible to this token (is the App installed on ${where}?)`,
      });
    }
  };
  /** Returns the run's status after the update, as GitHub reports it. */
  const update = async (runId: number, body: UpdateBody): Promise<string> => {
    requests++;
    const res = await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: args.owner,
      repo: args.repo,
      check_run_id: runId,
      ...nativeBody(body),
    });
    return String(res.data.status);
  };

  const pending = args.conclusion === 'pending';
  if (args.existing && pending && args.existing.status === 'completed') {
    id = await create();
  } else if (args.existing) {
    id = args.existing.id;
    let status: string | null;
    try {
      status = await update(id, { name: args.name, ...common });
    } catch (error) {
      // The run we meant to update is gone (deleted, or the SHA was rewritten): create a fresh one.
      if ((error as { status?: unknown }).status !== 404) {
        throw mapRequestError(error, { doing: `updating check run ${id} on ${where}`, permission: PERMISSIONS.checksWrite });
      }
      status = null;
    }
    // Gone, or completed where the caller did not say so (GitHub kept it completed): start a new run.
    if (status === null || (pending && status === 'completed')) id = await create();
  } else {
    id = await create();
  }

  for (const batch of batches.slice(1)) {
    try {
      await update(id, { output: outputFor(args, batch) });
    } catch (error) {
      throw mapRequestError(error, { doing: `adding annotations to check run ${id} on ${where}`, permission: PERMISSIONS.checksWrite });
    }
  }
  return { id, requests };
}

/**
 * The body as Octokit's raw `data` parameter, serialised with JSON.stringify:
 * Octokit's own serialiser (BigInt-aware) takes about 5× as long on a check
 * run's 100 KB of output. Typed as the body, so the route still checks its fields.
 */
function nativeBody<T extends object>(body: T): T {
  return { data: JSON.stringify(body) } as unknown as T;
}
