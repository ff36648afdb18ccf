/**
 * From what an agent transcript shows (model calls with their token usage,
 * shell commands with their exit status, files written) to the records of a
 * proofgate session ledger (`session/2`). Only the fields of the ledger format
 * cross over: no prompt, no file content, no command output.
 */
import { normaliseModel } from '../attribution/models.js';
import { costOf, type Pricing, type TokenCounts } from '../attribution/pricing.js';
import { SESSION_LEDGER_VERSION, type SessionRecord } from '../attribution/ledgers/session.js';
import { classifyCommand } from './commands.js';

/** One model call. */
export interface CallEvent {
  kind: 'call';
  at: string | null;
  model: string | null;
  role: string;
  tokens: TokenCounts;
}

/** One shell command and how it ended. */
export interface CommandEvent {
  kind: 'command';
  at: string | null;
  command: string;
  /** `true` when the command failed (a non-zero exit code, or the agent's tool said so). */
  failed: boolean;
  exitCode: number | null;
}

/** A file the agent wrote, repository-relative. */
export interface WriteEvent {
  kind: 'write';
  at: string | null;
  path: string;
}

export type TranscriptEvent = CallEvent | CommandEvent | WriteEvent;

export interface Transcript {
  /** The agent's own session id. */
  sessionId: string;
  agent: string;
  startedAt: string | null;
  endedAt: string | null;
  events: TranscriptEvent[];
  /** Lines that could not be read (never fatal: a transcript is appended as the agent works). */
  problems: Array<{ line: number; message: string }>;
}

export interface SessionHeaderRecord {
  proofgate: typeof SESSION_LEDGER_VERSION;
  id: string;
  agent: string;
  startedAt: string;
  /** Where the ledger came from: the transcript format and the agent's own session id. */
  importedFrom?: { format: string; sessionId: string };
}

export interface BuiltLedger {
  header: SessionHeaderRecord;
  records: SessionRecord[];
  /** Models with tokens but no price: their steps carry tokens without a cost. */
  unpriced: string[];
}

/** A ledger id safe as a file name: the agent's session id, or a digest-free fallback. */
export function ledgerId(sessionId: string): string {
  const id = sessionId.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '');
  return id === '' ? 'session' : id.slice(0, 128);
}

const sum = (a: TokenCounts, b: TokenCounts): TokenCounts => ({
  input: a.input + b.input,
  output: a.output + b.output,
  cacheRead: a.cacheRead + b.cacheRead,
  cacheWrite: a.cacheWrite + b.cacheWrite,
});

/**
 * Build the ledger. Consecutive calls to the same model in the same role
 * become one step (a long session stays a small file); a validation between
 * them starts a new step so the order of work is kept. A validation of a kind
 * whose last run failed is a retry.
 */
export function buildLedger(transcript: Transcript, format: string, pricing: Pricing): BuiltLedger {
  const records: SessionRecord[] = [];
  const unpriced = new Set<string>();
  let step: { role: string; model: string | null; tokens: TokenCounts; at: string | null; files: Set<string> } | null = null;

  const flush = () => {
    if (!step) return;
    const priced = step.model ? pricing.lookup(step.model) : null;
    const record: SessionRecord = {
      type: 'step',
      role: step.role,
      model: step.model,
      tokens: { ...step.tokens },
      ...(priced ? { costUsd: Math.round(costOf(step.tokens, priced.price) * 1e6) / 1e6, pricing: priced.origin } : {}),
      ...(step.files.size ? { files: [...step.files].sort() } : {}),
      ...(step.at ? { at: step.at } : {}),
    };
    if (!priced) unpriced.add(step.model ?? '(no model)');
    records.push(record);
    step = null;
  };

  const lastResult = new Map<string, 'pass' | 'fail'>();
  const pendingFiles = new Set<string>();
  for (const event of transcript.events) {
    if (event.kind === 'call') {
      const model = event.model ? normaliseModel(event.model) : null;
      if (step && (step.model !== model || step.role !== event.role)) flush();
      if (!step) step = { role: event.role, model, tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, at: event.at, files: new Set() };
      step.tokens = sum(step.tokens, event.tokens);
      for (const path of pendingFiles) step.files.add(path);
      pendingFiles.clear();
      continue;
    }
    if (event.kind === 'write') {
      // A write happens after the call that asked for it: it belongs to the open step.
      if (step) step.files.add(event.path);
      else pendingFiles.add(event.path);
      continue;
    }
    const validation = classifyCommand(event.command);
    // A command whose exit status is not the validation's (`npm test | tail`) does not say how it ended.
    if (!validation?.statusIsItsOwn) continue;
    flush();
    const result = event.failed ? 'fail' : 'pass';
    if (lastResult.get(validation.kind) === 'fail') {
      records.push({
        type: 'retry',
        reason: `${validation.kind} failed and was run again`,
        validation: validation.kind,
        ...(event.at ? { at: event.at } : {}),
      });
    }
    lastResult.set(validation.kind, result);
    records.push({
      type: 'validation',
      name: validation.kind,
      kind: validation.kind,
      command: validation.command,
      result,
      exitCode: event.exitCode,
      ...(event.at ? { at: event.at } : {}),
    });
  }
  flush();
  records.push({ type: 'end', ...(transcript.endedAt ? { at: transcript.endedAt } : {}) });

  return {
    header: {
      proofgate: SESSION_LEDGER_VERSION,
      id: ledgerId(transcript.sessionId),
      agent: transcript.agent,
      startedAt: transcript.startedAt ?? transcript.endedAt ?? '1970-01-01T00:00:00.000Z',
      importedFrom: { format, sessionId: transcript.sessionId },
    },
    records,
    unpriced: [...unpriced].sort(),
  };
}

/** The ledger as JSON Lines, header first, one record per line, ending in a newline. */
export function ledgerText(ledger: { header: object; records: readonly object[] }): string {
  return [ledger.header, ...ledger.records].map((record) => JSON.stringify(record)).join('\n') + '\n';
}
