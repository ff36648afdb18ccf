/**
 * What the step shows: the receipt file, the outputs, the job summary, and
 * (in step mode, where no check run carries them) annotations on the files.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { buildAnnotations, type Annotation } from '../receipt/annotations.js';
import type { Receipt } from '../receipt/json.js';
import { snapshotDigest } from '../receipt/replay.js';
import type { Snapshot } from '../snapshot.js';
import { renderMarkdown } from '../receipt/markdown.js';

/**
 * GitHub shows at most 10 error and 10 warning annotations per step; the rest
 * are dropped silently, so the step says how many more the summary lists.
 */
export const MAX_STEP_ANNOTATIONS = 10;

/** Writes the receipt as JSON into `dir`; returns its path. */
export async function writeReceiptFile(receipt: Receipt, dir: string): Promise<string> {
  const name = receipt.pullRequest ? `proofgate-receipt-${receipt.pullRequest.number}.json` : 'proofgate-receipt.json';
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(receipt, null, 2) + '\n');
  return file;
}

/**
 * Writes the snapshot the receipt was computed from next to it, for
 * `proofgate verify-receipt RECEIPT --snapshot FILE`; returns its path.
 */
export async function writeSnapshotFile(receipt: Receipt, snapshot: Snapshot, dir: string): Promise<string | null> {
  // Only the snapshot the receipt names: after a failed load the receipt is built from a stand-in.
  if (snapshotDigest(snapshot) !== receipt.snapshotDigest) return null;
  const name = receipt.pullRequest ? `proofgate-snapshot-${receipt.pullRequest.number}.json` : 'proofgate-snapshot.json';
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(snapshot) + '\n');
  return file;
}

/** Agents and models attributed anywhere in the receipt: commits, ledger claims, sessions. */
export function attributed(receipt: Receipt): { agents: string[]; models: string[] } {
  const agents = new Set<string>();
  const models = new Set<string>();
  const { commits, fileClaims, sessions } = receipt.attribution;
  for (const c of commits) {
    if (c.agent) agents.add(c.agent);
    if (c.model) models.add(c.model);
    for (const m of c.models) models.add(m);
  }
  for (const claim of fileClaims) {
    if (claim.agent) agents.add(claim.agent);
    if (claim.model) models.add(claim.model);
  }
  for (const s of sessions) {
    if (s.agent) agents.add(s.agent);
    for (const step of s.steps) if (step.model) models.add(step.model);
  }
  return { agents: [...agents].sort(), models: [...models].sort() };
}

/**
 * A name for the `agents` and `models` outputs. Ledgers name agents and models in
 * the gated party's own words, and workflows paste outputs into `run:` scripts:
 * every character outside an id's (letters, digits, `._:/@+-`) is percent-encoded,
 * so no name can carry shell syntax, a comma or a newline. The receipt keeps the words.
 */
export function outputName(name: string): string {
  return name.replace(/[^A-Za-z0-9._:/@+-]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

export function setOutputs(receipt: Receipt, receiptPath: string, snapshotPath: string | null = null): void {
  const named = attributed(receipt);
  const agents = named.agents.map(outputName);
  const models = named.models.map(outputName);
  core.setOutput('conclusion', receipt.conclusion);
  core.setOutput('receipt', receiptPath);
  if (snapshotPath !== null) core.setOutput('snapshot', snapshotPath);
  core.setOutput('digest', receipt.digest);
  core.setOutput('agents', agents.join(','));
  core.setOutput('models', models.join(','));
}

/** Appends the markdown receipt to the job summary (GITHUB_STEP_SUMMARY), when the runner provides one. */
export async function writeJobSummary(receipt: Receipt): Promise<boolean> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return false;
  await core.summary.addRaw(renderMarkdown(receipt), true).write();
  return true;
}

/**
 * Policy errors (always) and violations (when no check run carries them) as
 * `::error file=…,line=…` lines, capped at what GitHub shows per step. In
 * check-run mode the check run annotates the violations; repeating them here
 * would show each one twice in the pull request's diff.
 */
export function annotate(receipt: Receipt, opts: { violations: boolean }): void {
  const all = buildAnnotations(receipt);
  const annotations = opts.violations ? all : all.slice(0, receipt.policyErrors.length);
  for (const a of annotations.slice(0, MAX_STEP_ANNOTATIONS)) emit(a);
  const rest = annotations.length - MAX_STEP_ANNOTATIONS;
  if (rest > 0) {
    core.error(`proofgate: ${rest} more annotation${rest === 1 ? '' : 's'} than GitHub shows per step; the job summary lists every problem`);
  }
}

function emit(a: Annotation): void {
  const props: core.AnnotationProperties = { title: a.title, file: a.path, startLine: a.start_line, endLine: a.end_line };
  if (a.start_column !== undefined && a.start_line === a.end_line) {
    props.startColumn = a.start_column;
    props.endColumn = a.end_column ?? a.start_column;
  }
  const log = a.annotation_level === 'failure' ? core.error : a.annotation_level === 'warning' ? core.warning : core.notice;
  log(a.message, props);
}
