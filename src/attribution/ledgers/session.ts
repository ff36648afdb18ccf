/**
 * The proofgate session ledger (`.proofgate/sessions/<id>.jsonl`, formats
 * `session/1` and `session/2`, documented in docs/ledger.md): a header line,
 * then one record per step, retry, validation, and an `end` record.
 * `session/2` adds cache tokens, the exit code and kind of a validation, and
 * the validation a retry repeats; a `session/1` ledger reads as before.
 */
import { z } from 'zod';
import type { LedgerSource } from '../../snapshot.js';
import { agentByAlias } from '../agents.js';
import { normaliseModel } from '../models.js';
import { claimedPaths, knownPaths } from './paths.js';
import { BUILTIN_PRICES, costOf, pricingFrom, type PriceOrigin, type Pricing } from '../pricing.js';
import type { SessionSummary } from '../types.js';
import { emptyReading, isRecord, readJsonLines, type LedgerReading } from './common.js';

/** The version this proofgate writes. */
export const SESSION_LEDGER_VERSION = 'session/2';
/** Every version this proofgate reads. */
export const SESSION_LEDGER_VERSIONS = ['session/1', 'session/2'] as const;

const timestamp = z.string().min(1);
const count = z.number().int().nonnegative();

/** What a validation checked; `other` for a check that is none of these. */
export const VALIDATION_KINDS = ['test', 'typecheck', 'lint', 'build', 'other'] as const;

export const sessionHeaderSchema = z.object({
  proofgate: z.enum(SESSION_LEDGER_VERSIONS),
  id: z.string().min(1),
  agent: z.string().min(1),
  startedAt: timestamp,
});

export const sessionStepSchema = z.object({
  type: z.literal('step'),
  /** plan, execute, review, test, fix, … */
  role: z.string().regex(/^[a-z][a-z0-9-]*$/, 'role must be a lower-case word such as plan, execute or review'),
  model: z.string().min(1).nullable(),
  tokens: z
    .object({
      input: count,
      output: count,
      /** session/2: prompt tokens read from the provider's cache. */
      cacheRead: count.optional(),
      /** session/2: prompt tokens written to the provider's cache. */
      cacheWrite: count.optional(),
    })
    .optional(),
  costUsd: z.number().nonnegative().optional(),
  /** session/2: the dated prices `costUsd` was computed from (informational; proofgate prices tokens itself). */
  pricing: z.object({ date: z.string().min(1), source: z.string().min(1) }).optional(),
  /** Repository-relative paths this step wrote. */
  files: z.array(z.string().min(1)).optional(),
  at: timestamp.optional(),
});

export const sessionRetrySchema = z.object({
  type: z.literal('retry'),
  reason: z.string().min(1),
  /** session/2: the name of the validation that failed and is run again. */
  validation: z.string().min(1).optional(),
  at: timestamp.optional(),
});

export const sessionValidationSchema = z.object({
  type: z.literal('validation'),
  name: z.string().min(1),
  command: z.string().nullable().optional(),
  result: z.enum(['pass', 'fail']),
  /** session/2: the command's exit status. */
  exitCode: z.number().int().nullable().optional(),
  /** session/2: test, typecheck, lint, build or other. */
  kind: z.enum(VALIDATION_KINDS).optional(),
  at: timestamp.nullable().optional(),
});

export const sessionEndSchema = z.object({
  type: z.literal('end'),
  at: timestamp.optional(),
  outcome: z.enum(['success', 'failure', 'abandoned']).optional(),
});

export const sessionRecordSchema = z.discriminatedUnion('type', [sessionStepSchema, sessionRetrySchema, sessionValidationSchema, sessionEndSchema]);

export type SessionHeader = z.infer<typeof sessionHeaderSchema>;
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${at}${issue.message}`;
}

const DEFAULT_PRICING = pricingFrom(undefined, BUILTIN_PRICES);

/** Record types whose content budgets and ledger proofs count. */
const COUNTED_TYPES: ReadonlySet<unknown> = new Set(['step', 'retry', 'validation']);

/**
 * The type of a record budgets or ledger proofs count, or null: a record of a
 * type the format does not define (a writer's own) counts for nothing either way.
 */
function countedType(value: unknown): string | null {
  return isRecord(value) && COUNTED_TYPES.has(value['type']) ? (value['type'] as string) : null;
}

/**
 * Read one session ledger. Cost is computed from each step's tokens at the
 * prices in `pricing` (the policy's, then the shipped table); a step whose
 * model has no price counts its stated `costUsd`, or is left unpriced.
 */
export function readSessionLedger(ledger: LedgerSource, pricing: Pricing = DEFAULT_PRICING, changedPaths: readonly string[] = []): LedgerReading {
  const reading = emptyReading();
  const known = knownPaths(changedPaths);
  const source = ledger.path;
  const problem = (line: number | null, message: string): void => {
    reading.problems.push({ source, line, message });
  };
  const { lines, badLines, unread } = readJsonLines(ledger.content, source, reading.problems);
  // Lines that are not JSON could be any record, including those budgets and ledger proofs count.
  const dropped = badLines.map((line) => `line ${line} is not valid JSON`);
  // A ledger ignored whole hides its session from budgets and ledger proofs; an empty file hides nothing.
  const ignored = (why: string): LedgerReading => {
    if (ledger.content.trim() !== '') reading.unread = why;
    return reading;
  };
  const first = lines[0];
  if (!first) {
    problem(null, 'session ledger has no header record; ledger ignored');
    return ignored('it has no header record');
  }
  if (isRecord(first.value) && 'proofgate' in first.value && !(SESSION_LEDGER_VERSIONS as readonly unknown[]).includes(first.value['proofgate'])) {
    const version = `unsupported session ledger version ${JSON.stringify(first.value['proofgate'])}`;
    problem(first.line, `${version} (expected one of ${SESSION_LEDGER_VERSIONS.map((v) => `"${v}"`).join(', ')}); ledger ignored`);
    return ignored(`${version} on line ${first.line}`);
  }
  const header = sessionHeaderSchema.safeParse(first.value);
  if (!header.success) {
    const why = `first record is not a valid session ledger header (${firstIssue(header.error)})`;
    problem(first.line, `${why}; ledger ignored`);
    return ignored(`its ${why}`);
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
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    costUsd: 0,
    cost: { prices: [], statedUsd: 0, unpriced: [] },
    retries: 0,
    validations: [],
    files: [],
  };
  const files = new Set<string>();
  const claimed = new Set<string>();
  const origins = new Map<string, PriceOrigin>();
  const unpriced = new Map<string, { steps: number; tokens: number }>();
  let ended = false;

  for (const { line, value } of lines.slice(1)) {
    if (ended) {
      problem(line, 'record after the end record; ignored');
      const type = countedType(value);
      if (type) dropped.push(`line ${line} holds a ${type} record after the end record`);
      continue;
    }
    if (isRecord(value) && 'proofgate' in value) {
      problem(line, 'a second header record; ignored');
      // A counted record cannot escape the count by carrying a header's key.
      const type = countedType(value);
      if (type) dropped.push(`line ${line} holds a ${type} record with a header's \`proofgate\` key`);
      continue;
    }
    const parsed = sessionRecordSchema.safeParse(value);
    if (!parsed.success) {
      problem(line, `invalid session record (${firstIssue(parsed.error)}); ignored`);
      const type = countedType(value);
      if (type) dropped.push(`line ${line} holds a ${type} record that is not valid (${firstIssue(parsed.error)})`);
      continue;
    }
    const rec = parsed.data;
    switch (rec.type) {
      case 'step': {
        const model = rec.model ? normaliseModel(rec.model) : null;
        summary.steps.push({ role: rec.role, model });
        const tokens = {
          input: rec.tokens?.input ?? 0,
          output: rec.tokens?.output ?? 0,
          cacheRead: rec.tokens?.cacheRead ?? 0,
          cacheWrite: rec.tokens?.cacheWrite ?? 0,
        };
        summary.tokens.input += tokens.input;
        summary.tokens.output += tokens.output;
        summary.tokens.cacheRead += tokens.cacheRead;
        summary.tokens.cacheWrite += tokens.cacheWrite;
        const priced = model && rec.tokens ? pricing.lookup(model) : null;
        if (priced) {
          // Tokens at known prices, not the ledger's own figure: the ledger is the gated party's claim.
          summary.costUsd += costOf(tokens, priced.price);
          origins.set(`${priced.origin.date}\u0000${priced.origin.source}`, priced.origin);
        } else if (rec.costUsd !== undefined) {
          summary.costUsd += rec.costUsd;
          summary.cost.statedUsd += rec.costUsd;
        } else if (rec.tokens) {
          const key = model ?? '(no model)';
          const entry = unpriced.get(key) ?? { steps: 0, tokens: 0 };
          entry.steps += 1;
          entry.tokens += tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite;
          unpriced.set(key, entry);
        }
        for (const written of rec.files ?? []) {
          // As the changed files it names (paths.ts): `./src/a.ts` is `src/a.ts`, an ambiguous path counts for each it could be.
          const named = claimedPaths(written, known);
          if (named.ambiguous) problem(line, `file path ${JSON.stringify(written)} ${named.ambiguous}`);
          for (const path of named.paths) {
            files.add(path);
            const key = `${path}\u0000${model ?? ''}`;
            if (claimed.has(key)) continue;
            claimed.add(key);
            reading.claims.push({ path, agent, model, commitSha: null, source: `proofgate-session:${source}:${line}` });
          }
        }
        break;
      }
      case 'retry':
        summary.retries += 1;
        break;
      case 'validation':
        summary.validations.push({
          name: rec.name,
          result: rec.result,
          command: rec.command ?? null,
          at: rec.at ?? null,
          ...(rec.exitCode !== undefined && rec.exitCode !== null ? { exitCode: rec.exitCode } : {}),
          ...(rec.kind ? { kind: rec.kind } : {}),
        });
        break;
      case 'end':
        ended = true;
        break;
    }
  }
  if (!ended && unread === null) problem(null, 'session ledger has no end record; it may be incomplete or truncated');
  if (unread !== null) summary.unread = unread;
  else if (dropped.length > 0) summary.unread = dropped.length === 1 ? dropped[0] : `${dropped[0]}, and ${dropped.length - 1} more lines were not read`;
  summary.files = [...files].sort();
  // Floating-point sums of cents should read as cents.
  summary.costUsd = Math.round(summary.costUsd * 1e6) / 1e6;
  summary.cost.statedUsd = Math.round(summary.cost.statedUsd * 1e6) / 1e6;
  summary.cost.prices = [...origins.values()];
  summary.cost.unpriced = [...unpriced].map(([model, u]) => ({ model, steps: u.steps, tokens: u.tokens }));
  reading.sessions.push(summary);
  return reading;
}
