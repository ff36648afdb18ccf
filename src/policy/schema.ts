/**
 * The routing policy's shape (`.github/proofgate.yml`). Objects are strict so a
 * misspelt key is an error, not a silently ignored setting.
 */
import { z } from 'zod';

const name = z
  .string()
  // No regex flags: JSON Schema patterns have none, and the generated schema must accept the same names.
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-", starting with a letter or digit');

const globList = z.array(z.string().min(1)).min(1);

export const checkProofSchema = z
  .object({
    kind: z.literal('check'),
    /** Check-run or status name; a glob where `*` matches any text. */
    name: z.string().min(1),
    /** Which kind of signal may satisfy it. */
    source: z.enum(['any', 'check-run', 'status']).default('any'),
    /** Conclusions that count as proof. Neutral and skipped are not proof unless listed. */
    conclusions: z
      .array(z.enum(['success', 'neutral', 'skipped']))
      .min(1)
      .default(['success']),
    /** Pin: the GitHub App slug that must have produced the check run. */
    app: z.string().min(1).optional(),
    /** Pin: the login that must have created the commit status. */
    creator: z.string().min(1).optional(),
    description: z.string().optional(),
  })
  .strict();

export const reviewProofSchema = z
  .object({
    kind: z.literal('review'),
    /** Approvals needed. */
    count: z.number().int().min(1).max(20).default(1),
    /** Approvers who count; empty lists mean anyone (other rules still apply). */
    users: z.array(z.string().min(1)).default([]),
    /** Org teams as `org/team-slug`. */
    teams: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'write teams as org/team-slug')).default([]),
    /** Approvals made on an earlier commit than the head count only when true. */
    allowStale: z.boolean().default(false),
    /** Co-authors of agent commits (the human who drove the agent) may approve. */
    allowCoauthors: z.boolean().default(false),
    /** The PR author may approve their own PR. */
    allowAuthor: z.boolean().default(false),
    /** Bot accounts may approve. */
    allowBots: z.boolean().default(false),
    /** Only reviewers with write access count. */
    requireWriteAccess: z.boolean().default(false),
    description: z.string().optional(),
  })
  .strict();

export const ledgerProofSchema = z
  .object({
    kind: z.literal('ledger'),
    /** Validation name recorded in a session ledger; a glob. */
    validation: z.string().min(1),
    /**
     * A ledger is written by the party being gated. This proof counts only when
     * the policy says so explicitly.
     */
    trust: z.literal('self-reported', {
      error: 'a ledger validation is self-reported by the agent; set `trust: self-reported` to accept it',
    }),
    description: z.string().optional(),
  })
  .strict();

export const proofSchema = z.discriminatedUnion('kind', [checkProofSchema, reviewProofSchema, ledgerProofSchema]);

const appliesTo = z.enum(['agent', 'all']);

export const routeSchema = z
  .object({
    name,
    description: z.string().optional(),
    /** Path globs (picomatch); a leading `!` excludes. */
    paths: globList,
    /** Tiers whose models may touch these paths; omitted means any model. */
    tiers: z.array(name).optional(),
    /** Agents (canonical ids) that may touch these paths; omitted means any agent. */
    agents: z.array(name).optional(),
    /** Proof names required. */
    require: z.array(name).default([]),
    /** Gate only agent-authored changes (default) or every change. */
    appliesTo: appliesTo.default('agent'),
  })
  .strict();

export const defaultRouteSchema = z
  .object({
    tiers: z.array(name).optional(),
    agents: z.array(name).optional(),
    require: z.array(name).default([]),
    appliesTo: appliesTo.default('agent'),
  })
  .strict();

export const budgetSchema = z
  .object({
    /** Retries one agent session may burn. */
    maxRetries: z.number().int().min(0).optional(),
    /** Failing validations one session may record. */
    maxFailedValidations: z.number().int().min(0).optional(),
    /** Cost in USD one session may spend. */
    maxCostUsd: z.number().min(0).optional(),
    /** Tokens (input + output) one session may spend. */
    maxTokens: z.number().int().min(0).optional(),
    /** The tier to escalate to when a budget is breached. */
    escalateTo: name.optional(),
    /** What to tell the author when a budget is breached. */
    message: z.string().optional(),
  })
  .strict();

export const attributionSettingsSchema = z
  .object({
    /**
     * An agent commit that names no model: `deny` on routes that restrict tiers,
     * `allow` anywhere, or a tier name to assume.
     */
    unknownModel: z.string().min(1).default('deny'),
    /** Whether commits with no AI evidence are treated as human (default) or as an unknown agent. */
    unattributed: z.enum(['human', 'unknown-agent']).default('human'),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1),
    /** Tier name → globs over normalised model ids. */
    tiers: z.record(name, globList).default({}),
    proofs: z.record(name, proofSchema).default({}),
    routes: z.array(routeSchema).default([]),
    /** What applies to files matched by no route. */
    default: defaultRouteSchema.default({ require: [], appliesTo: 'agent' }),
    budgets: budgetSchema.default({}),
    attribution: attributionSettingsSchema.default({ unknownModel: 'deny', unattributed: 'human' }),
  })
  .strict();

export type CheckProof = z.infer<typeof checkProofSchema>;
export type ReviewProof = z.infer<typeof reviewProofSchema>;
export type LedgerProof = z.infer<typeof ledgerProofSchema>;
export type Proof = z.infer<typeof proofSchema>;
export type ProofKind = Proof['kind'];
export type Route = z.infer<typeof routeSchema>;
export type DefaultRoute = z.infer<typeof defaultRouteSchema>;
export type Budgets = z.infer<typeof budgetSchema>;
export type PolicyDocument = z.infer<typeof policySchema>;
