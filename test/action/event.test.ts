import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/action/errors.js';
import { parseEvent, readEvent } from '../../src/action/event.js';
import { webhookExample as example } from './harness.js';

type Payload = Record<string, any>;

function errorOf(fn: () => unknown): ActionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
  }
  throw new Error('expected an ActionError');
}

describe('parseEvent', () => {
  it('reads the pull request of a pull_request event', () => {
    const payload = example('pull_request', (p) => p.action === 'opened');
    expect(parseEvent('pull_request', payload)).toEqual({
      event: 'pull_request',
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      pullNumbers: [payload.pull_request.number],
      headSha: payload.pull_request.head.sha,
    });
  });

  it('reads pull_request_target like pull_request (the payload is the same)', () => {
    const payload = example('pull_request', (p) => p.action === 'synchronize');
    const target = parseEvent('pull_request_target', payload);
    expect(target.event).toBe('pull_request_target');
    expect(target.pullNumbers).toEqual([payload.pull_request.number]);
  });

  it('reads the pull request a review was submitted on', () => {
    const payload = example('pull_request_review', (p) => p.action === 'submitted');
    const target = parseEvent('pull_request_review', payload);
    expect(target.pullNumbers).toEqual([payload.pull_request.number]);
    expect(target.headSha).toBe(payload.pull_request.head.sha);
  });

  it('reads the pull requests and head of a check_suite', () => {
    const payload = example('check_suite', (p) => p.check_suite.pull_requests.length > 0);
    const target = parseEvent('check_suite', payload);
    expect(target.pullNumbers).toEqual(payload.check_suite.pull_requests.map((p: Payload) => p.number));
    expect(target.headSha).toBe(payload.check_suite.head_sha);
  });

  it('leaves a workflow_run without pull requests (a fork PR) to be found by its head sha', () => {
    const payload = example('workflow_run', (p) => p.workflow_run.pull_requests.length === 0);
    const target = parseEvent('workflow_run', payload);
    expect(target).toMatchObject({ event: 'workflow_run', pullNumbers: [], headSha: payload.workflow_run.head_sha });
  });

  it('keeps only the pull requests into this repository from a workflow_run', () => {
    const payload = example('workflow_run');
    const repoUrl = `https://api.github.com/repos/${payload.repository.full_name}`;
    payload.workflow_run.pull_requests = [
      { number: 7, head: { sha: payload.workflow_run.head_sha }, base: { repo: { id: payload.repository.id, url: repoUrl } } },
      { number: 9, head: { sha: payload.workflow_run.head_sha }, base: { repo: { id: 1, url: 'https://api.github.com/repos/other/repo' } } },
      { number: 7, head: { sha: payload.workflow_run.head_sha }, base: { repo: { id: payload.repository.id, url: repoUrl } } },
    ];
    expect(parseEvent('workflow_run', payload).pullNumbers).toEqual([7]);
  });

  it('names the events to use for any other event', () => {
    const push = example('push');
    const error = errorOf(() => parseEvent('push', push));
    expect(error.message).toBe(
      'proofgate gates pull requests; this workflow ran on `push`: run proofgate `on: pull_request` (or `pull_request_target` for fork PRs), `pull_request_review`, `workflow_run`, `check_suite` or `merge_group`',
    );
  });

  it("merge_group: the merge group commit, its ref and its target branch, from GitHub's example payload", () => {
    const payload = example('merge_group');
    const target = parseEvent('merge_group', payload);
    expect(target).toMatchObject({ event: 'merge_group', pullNumbers: [], headSha: payload.merge_group.head_sha });
    expect(target.mergeGroup).toEqual({
      headSha: payload.merge_group.head_sha,
      headRef: 'refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
      baseSha: payload.merge_group.base_sha,
      baseRef: 'refs/heads/main',
    });
  });

  it('says the payload does not match the event name when it lacks the pull request', () => {
    const payload = example('pull_request');
    delete payload.pull_request;
    expect(errorOf(() => parseEvent('pull_request', payload)).message).toMatch(/pull_request payload's pull_request is missing/);
  });
});

describe('readEvent', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'proofgate-event-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the payload from GITHUB_EVENT_PATH', async () => {
    const file = path.join(dir, 'event.json');
    await writeFile(file, JSON.stringify(example('pull_request')));
    await expect(readEvent('pull_request', file)).resolves.toMatchObject({ pullNumbers: [2] });
  });

  it('rejects an unsupported event before reading anything', async () => {
    await expect(readEvent('schedule', path.join(dir, 'missing.json'))).rejects.toThrow(/this workflow ran on `schedule`/);
  });

  it('explains a missing or unreadable payload', async () => {
    await expect(readEvent(undefined, undefined)).rejects.toThrow(/GITHUB_EVENT_NAME is not set/);
    await expect(readEvent('pull_request', undefined)).rejects.toThrow(/GITHUB_EVENT_PATH is not set/);
    await expect(readEvent('pull_request', path.join(dir, 'missing.json'))).rejects.toThrow(/cannot read the event payload at .*: ENOENT/);
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{not json');
    await expect(readEvent('pull_request', bad)).rejects.toThrow(/is not JSON/);
  });
});
