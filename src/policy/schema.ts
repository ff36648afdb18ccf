/**
 * The routing policy's shape (`.github/proofgate.yml`). Objects are strict so a
 * misspelt key is an error, not a silently ignored setting.
 */
import { z } from 'zod';
import { proofSchemas } from '../proofs/registry.js';

const name = z
  .string()
  // No regex flags: JSON Schema patterns have none, and the generated schema must accept the same names.
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-", starting with a letter or digit');

const globList = z.array(z.string().min(1)).min(1);

/** Every proof kind's schema, from the registry: a kind is added there, not here. */
export const proofSchema = z.discriminatedUnion('kind', proofSchemas);

const appliesTo = z.enum(['agent', 'all']);

export const routeSchema = z
  .object({
    name,
    description: z.string().optional(),
    paths: globList.describe('Path globs (docs/policy.md#path-globs: `**`, `*`, `?`, `{a,b}`, `\\` escapes; everything else literal); a leading `!` excludes.'),
    tiers: z.array(name).optional().describe('Tiers whose models may touch these paths; omitted means any model.'),
    agents: z.array(name).optional().describe('Agents (canonical ids) that may touch these paths; omitted means any agent.'),
    require: z.array(name).default([]).describe('Proof names required.'),
    appliesTo: appliesTo.default('agent').describe('Gate only agent-authored changes (default) or every change.'),
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
    maxRetries: z.number().int().min(0).optional().describe('Retries one agent session may burn.'),
    maxFailedValidations: z.number().int().min(0).optional().describe('Failing validations one session may record.'),
    maxCostUsd: z.number().min(0).optional().describe('Cost in USD one session may spend.'),
    maxTokens: z.number().int().min(0).optional().describe('Tokens (input, cache writes and output; not cache reads) one session may spend.'),
    escalateTo: name.optional().describe('The tier to escalate to when a budget is breached.'),
    message: z.string().optional().describe('What to tell the author when a budget is breached.'),
  })
  .strict();

const perMillion = z.number().min(0);

export const modelPriceSchema = z
  .object({
    input: perMillion.describe('USD per million input tokens.'),
    output: perMillion.describe('USD per million output tokens.'),
    cacheRead: perMillion.optional().describe('USD per million prompt tokens read from the cache (default: input).'),
    cacheWrite: perMillion.optional().describe('USD per million prompt tokens written to the cache (default: input).'),
  })
  .strict();

export const pricingSchema = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date the prices were read as YYYY-MM-DD')
      .describe('The day these prices were read (YYYY-MM-DD); printed with every cost.'),
    source: z.string().min(1).describe('Where they were read (a URL or a contract name); printed with every cost.'),
    models: z
      .record(z.string().min(1, 'write the model id, as in `tiers`'), modelPriceSchema)
      .describe('Model id → price; ids are normalised as in tiers. These entries replace the shipped prices for those models.'),
  })
  .strict();

export const attributionSettingsSchema = z
  .object({
    unknownModel: z
      .union(
        [
          z.string().min(1),
          z
            .object({
              require: z.array(name).min(1).describe('Proofs the route needs on top of its own when an agent commit on it names no model.'),
            })
            .strict(),
        ],
        { error: 'use `deny`, `allow`, a tier name or `{ require: [proof, …] }`' },
      )
      .default('deny')
      .describe(
        'An agent commit that names no model, on routes that restrict tiers: `deny` refuses it, `allow` lets it through, a tier name assumes that tier, `{ require: [proof, …] }` lets it through once those proofs pass.',
      ),
    unattributed: z
      .enum(['human', 'unknown-agent'])
      .default('human')
      .describe('Whether commits with no AI evidence are treated as human (default) or as an unknown agent.'),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1),
    tiers: z.record(name, globList).default({}).describe('Tier name → globs over normalised model ids.'),
    proofs: z.record(name, proofSchema).default({}),
    routes: z.array(routeSchema).default([]),
    default: defaultRouteSchema.default({ require: [], appliesTo: 'agent' }).describe('What applies to files matched by no route.'),
    budgets: budgetSchema.default({}),
    pricing: pricingSchema.optional().describe('Model prices for session cost, replacing the shipped table for the models listed.'),
    attribution: attributionSettingsSchema.default({ unknownModel: 'deny', unattributed: 'human' }),
  })
  .strict();

export type { Proof, ProofKind } from '../proofs/registry.js';
export type Route = z.infer<typeof routeSchema>;
export type DefaultRoute = z.infer<typeof defaultRouteSchema>;
export type Budgets = z.infer<typeof budgetSchema>;
export type PricingSettings = z.infer<typeof pricingSchema>;
export type PolicyDocument = z.infer<typeof policySchema>;
