/**
 * The proofgate session ledger (`.proofgate/sessions/<id>.jsonl`, format
 * `session/1`, documented in docs/ledger.md): a header line, then one record
 * per step, retry, validation, and an `end` record.
 */
import { z } from 'zod';
import type { LedgerSource } from '../../snapshot.js';
import { agentByAlias } from '../agents.js';
import { normaliseModel } from '../models.js';
import type { SessionSummary } from '../types.js';
import { emptyReading, isRecord, readJsonLines, type LedgerReading } from './common.js';

export const SESSION_LEDGER_VERSION = 'session/1';

const timestamp = z.string().min(1);

export const sessionHeaderSchema = z.object({
  proofgate: z.literal(SESSION_LEDGER_VERSION),
  id: z.string().min(1),
  agent: z.string().min(1),
  startedAt: timestamp,
});

export const sessionStepSchema = z.object({
  type: z.literal('step'),
  /** plan, execute, review, test, fix, … */
  role: z.string().regex(/^[a-z][a-z0-9-]*$/, 'role must be a lower-case word such as plan, execute or review'),
  model: z.string().min(1).nullable(),
  tokens: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }).optional(),
  costUsd: z.number().nonnegative().optional(),
  /** Repository-relative paths this step wrote. */
  files: z.array(z.string().min(1)).optional(),
  at: timestamp.optional(),
});

export const sessionRetrySchema = z.object({
  type: z.literal('retry'),
  reason: z.string().min(1),
  at: timestamp.optional(),
});

export const sessionValidationSchema = z.object({
  type: z.literal('validation'),
  name: z.string().min(1),
  command: z.string().nullable().optional(),
  result: z.enum(['pass', 'fail']),
  at: timestamp.nullable().optional(),
});

export const sessionEndSchema = z.object({
  type: z.literal('end'),
  at: timestamp.optional(),
  outcome: z.enum(['success', 'failure', 'abandoned']).optional(),
});

export const sessionRecordSchema = z.discriminatedUnion('type', [
  sessionStepSchema,
  sessionRetrySchema,
  sessionValidationSchema,
  sessionEndSchema,
]);

export type SessionHeader = z.infer<typeof sessionHeaderSchema>;
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${at}${issue.message}`;
}

export function readSessionLedger(ledger: LedgerSource): LedgerReading {
  const reading = emptyReading();
  const source = ledger.path;
  const problem = (line: number | null, message: string): void => {
    reading.problems.push({ source, line, message });
  };
  const lines = readJsonLines(ledger.content, source, reading.problems);
  const first = lines[0];
  if (!first) {
    problem(null, 'session ledger has no header record; ledger ignored');
    return reading;
  }
  if (isRecord(first.value) && 'proofgate' in first.value && first.value['proofgate'] !== SESSION_LEDGER_VERSION) {
    problem(first.line, `unsupported session ledger version ${JSON.stringify(first.value['proofgate'])} (expected "${SESSION_LEDGER_VERSION}"); ledger ignored`);
    return reading;
  }
  const header = sessionHeaderSchema.safeParse(first.value);
  if (!header.success) {
    problem(first.line, `first record is not a valid session/1 header (${firstIssue(header.error)}); ledger ignored`);
    return reading;
  }
  const fileId = /([^/]+)\.jsonl$/.exec(source)?.[1];
  if (fileId !== undefined && fileId !== header.data.id) {
    problem(first.line, `header id "${header.data.id}" does not match the file name ${fileId}.jsonl`);
  }

  const agent = agentByAlias(header.data.agent)?.id ?? header.data.agent.trim().toLowerCase();
  const summary: SessionSummary = {
    id: header.data.id,
    source,
    agent,
    steps: [],
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    retries: 0,
    validations: [],
    files: [],
  };
  const files = new Set<string>();
  const claimed = new Set<string>();
  let ended = false;

  for (const { line, value } of lines.slice(1)) {
    if (ended) {
      problem(line, 'record after the end record; ignored');
      continue;
    }
    if (isRecord(value) && 'proofgate' in value) {
      problem(line, 'a second header record; ignored');
      continue;
    }
    const parsed = sessionRecordSchema.safeParse(value);
    if (!parsed.success) {
      problem(line, `invalid session record (${firstIssue(parsed.error)}); ignored`);
      continue;
    }
    const rec = parsed.data;
    switch (rec.type) {
      case 'step': {
        const model = rec.model ? normaliseModel(rec.model) : null;
        summary.steps.push({ role: rec.role, model });
        summary.tokens.input += rec.tokens?.input ?? 0;
        summary.tokens.output += rec.tokens?.output ?? 0;
        summary.costUsd += rec.costUsd ?? 0;
        for (const path of rec.files ?? []) {
          files.add(path);
          const key = `${path}\u0000${model ?? ''}`;
          if (claimed.has(key)) continue;
          claimed.add(key);
          reading.claims.push({ path, agent, model, commitSha: null, source: `proofgate-session:${source}:${line}` });
        }
        break;
      }
      case 'retry':
        summary.retries += 1;
        break;
      case 'validation':
        summary.validations.push({ name: rec.name, result: rec.result, command: rec.command ?? null, at: rec.at ?? null });
        break;
      case 'end':
        ended = true;
        break;
    }
  }
  if (!ended) problem(null, 'session ledger has no end record; it may be incomplete or truncated');
  summary.files = [...files].sort();
  // Floating-point sums of cents should read as cents.
  summary.costUsd = Math.round(summary.costUsd * 1e6) / 1e6;
  reading.sessions.push(summary);
  return reading;
}
