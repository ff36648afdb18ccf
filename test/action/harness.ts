/**
 * What the runner gives a JavaScript action: `INPUT_*` variables (hyphens kept,
 * as the runner keeps them), the event payload file, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and RUNNER_TEMP, and the API URLs (pointed at the fake).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import examples from '@octokit/webhooks-examples';
import type { FakeGitHub } from '../support/fake-github/index.js';

type Payload = Record<string, any>;

export function webhookExample(event: string, predicate: (p: Payload) => boolean = () => true): Payload {
  const entry = (examples as unknown as Array<{ name: string; examples: Payload[] }>).find((e) => e.name === event);
  const found = entry?.examples.find(predicate);
  if (!found) throw new Error(`no ${event} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

/** A real `pull_request` payload from @octokit/webhooks-examples, patched to a PR in the fake. */
export function pullRequestPayload(fake: FakeGitHub, fullName: string, number: number, action = 'synchronize'): Payload {
  const pr = fake.pullRequest(fullName, number);
  const [owner, name] = fullName.split('/') as [string, string];
  const payload = webhookExample('pull_request', (p) => p.action === action);
  const repository = { ...payload.repository, id: 4242, name, full_name: fullName, owner: { ...payload.repository.owner, login: owner } };
  payload.repository = repository;
  payload.number = number;
  Object.assign(payload.pull_request, {
    number,
    title: pr.title,
    head: { ...payload.pull_request.head, ref: pr.head.ref, sha: pr.head.sha, repo: repository },
    base: { ...payload.pull_request.base, ref: pr.base.ref, sha: pr.base.sha, repo: repository },
  });
  return payload;
}

export interface RunnerFiles {
  dir: string;
  eventPath: string;
  outputPath: string;
  summaryPath: string;
  runnerTemp: string;
  cleanup(): Promise<void>;
}

export async function runnerFiles(payload: Payload): Promise<RunnerFiles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'proofgate-runner-'));
  const files = {
    dir,
    eventPath: path.join(dir, 'event.json'),
    outputPath: path.join(dir, 'output.txt'),
    summaryPath: path.join(dir, 'summary.md'),
    runnerTemp: dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await writeFile(files.eventPath, JSON.stringify(payload));
  await writeFile(files.outputPath, '');
  await writeFile(files.summaryPath, '');
  return files;
}

/** The environment the runner sets for a step `uses: proofgate@…` with `with: inputs`. */
export function runnerEnv(
  fake: FakeGitHub,
  files: RunnerFiles,
  opts: { event?: string; repo: string; inputs?: Record<string, string>; workspace?: string },
): Record<string, string> {
  // The runner sets every input declared in action.yml, with its default when the workflow gives none.
  const inputs: Record<string, string> = {
    token: 'ghs_workflow_token',
    policy: '.github/proofgate.yml',
    'check-name': 'proofgate',
    mode: 'check-run',
    'fail-on-pending': 'false',
    'wait-for-proofs': '',
    ledger: '',
    since: '30d',
    ...opts.inputs,
  };
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.event ?? 'pull_request',
    GITHUB_EVENT_PATH: files.eventPath,
    GITHUB_OUTPUT: files.outputPath,
    GITHUB_STEP_SUMMARY: files.summaryPath,
    GITHUB_API_URL: fake.url,
    GITHUB_GRAPHQL_URL: fake.graphqlUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: opts.repo,
    GITHUB_WORKSPACE: opts.workspace ?? files.dir,
    RUNNER_TEMP: files.runnerTemp,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks as a record. */
export async function readOutputs(file: string): Promise<Record<string, string>> {
  const text = await readFile(file, 'utf8');
  const out: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(pattern)) out[m[1]!] = m[3]!;
  return out;
}

/** `::error file=…::message` lines of a step's stdout, decoded. */
export function workflowCommands(stdout: string, command: string): Array<{ props: Record<string, string>; message: string }> {
  const out: Array<{ props: Record<string, string>; message: string }> = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m || m[1] !== command) continue;
    const props: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const [k, ...v] = pair.split('=');
      props[k!] = unescapeProperty(v.join('='));
    }
    out.push({ props, message: unescapeData(m[3]!) });
  }
  return out;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
}
