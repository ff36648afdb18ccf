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

/** The commands a runner registers (actions/runner: its command extensions, and `stop-commands`). */
const RUNNER_COMMANDS = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
]);

/**
 * Every workflow command the runner would act on in `stdout`, by its own rules
 * (actions/runner, src/Runner.Common/ActionCommand.cs and ActionCommandManager.cs):
 * `::name props::data` at the start of a line after leading spaces, else the older
 * `##[name props]data` anywhere in it; `stop-commands` pauses all of them until its token.
 */
export function runnerCommands(stdout: string): Array<{ command: string; data: string }> {
  const out: Array<{ command: string; data: string }> = [];
  let stopToken: string | null = null;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const registered: Set<string> = stopToken === null ? RUNNER_COMMANDS : new Set([stopToken]);
    const parsed: { command: string; data: string } | null = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!parsed) continue;
    if (stopToken !== null) {
      stopToken = null;
      continue;
    }
    if (parsed.command === 'stop-commands') stopToken = parsed.data;
    out.push(parsed);
  }
  return out;
}

function parseV2(line: string, registered: Set<string>): { command: string; data: string } | null {
  const text = line.trimStart();
  if (!text.startsWith('::')) return null;
  const end = text.indexOf('::', 2);
  if (end < 0) return null;
  const command = text.slice(2, end).split(' ')[0]!;
  return registered.has(command) ? { command, data: unescapeData(text.slice(end + 2)) } : null;
}

function parseLegacy(line: string, registered: Set<string>): { command: string; data: string } | null {
  const start = line.indexOf('##[');
  if (start < 0) return null;
  const end = line.indexOf(']', start);
  if (end < 0) return null;
  const command = line.slice(start + 3, end).split(' ')[0]!;
  return registered.has(command) ? { command, data: line.slice(end + 1) } : null;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
}
