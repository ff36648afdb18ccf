/**
 * Model prices: what a session ledger's tokens cost. The table shipped here is
 * dated and names its source; a policy's `pricing:` replaces entries (or adds
 * models) with its own date and source. Every cost figure carries the date and
 * source of the prices it was computed from, because prices change.
 */
import { normaliseModel } from './models.js';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Reading a cached prompt; defaults to `input` when a table leaves it out. */
  cacheRead?: number;
  /** Writing a prompt to the cache; defaults to `input`. */
  cacheWrite?: number;
}

export interface PriceTable {
  /** The day the prices were read (YYYY-MM-DD). */
  date: string;
  /** Where they were read. */
  source: string;
  /** Normalised model id → price. */
  models: Record<string, ModelPrice>;
}

/** Where a price came from, printed next to every cost. */
export interface PriceOrigin {
  date: string;
  source: string;
}

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

const CLAUDE_OPUS_4_5: ModelPrice = { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 };
const CLAUDE_OPUS_4: ModelPrice = { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 };
const CLAUDE_SONNET: ModelPrice = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const CLAUDE_HAIKU_4_5: ModelPrice = { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 };
const CLAUDE_HAIKU_3_5: ModelPrice = { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 };
// OpenAI bills no cache writes: a cached prompt costs `input` once, then `cacheRead`.
const GPT_5: ModelPrice = { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 };
const GPT_5_2: ModelPrice = { input: 1.75, output: 14, cacheRead: 0.175, cacheWrite: 1.75 };
const GPT_5_MINI: ModelPrice = { input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0.25 };

/**
 * List prices for standard (not batch, not long-context) requests, USD per
 * million tokens, as published by Anthropic and OpenAI and collected in the
 * models.dev catalogue. Keys are normalised model ids (docs/ledger.md, "Model ids").
 */
export const BUILTIN_PRICES: PriceTable = {
  date: '2026-06-12',
  source: 'models.dev (Anthropic and OpenAI list prices)',
  models: {
    'claude-opus-4-8': CLAUDE_OPUS_4_5,
    'claude-opus-4-7': CLAUDE_OPUS_4_5,
    'claude-opus-4-6': CLAUDE_OPUS_4_5,
    'claude-opus-4-5': CLAUDE_OPUS_4_5,
    'claude-opus-4-1': CLAUDE_OPUS_4,
    'claude-opus-4': CLAUDE_OPUS_4,
    'claude-opus-4-0': CLAUDE_OPUS_4,
    'claude-sonnet-4-6': CLAUDE_SONNET,
    'claude-sonnet-4-5': CLAUDE_SONNET,
    'claude-sonnet-4': CLAUDE_SONNET,
    'claude-sonnet-4-0': CLAUDE_SONNET,
    'claude-sonnet-3-7': CLAUDE_SONNET,
    'claude-haiku-4-5': CLAUDE_HAIKU_4_5,
    'claude-haiku-3-5': CLAUDE_HAIKU_3_5,
    'gpt-5': GPT_5,
    'gpt-5-codex': GPT_5,
    'gpt-5.1': GPT_5,
    'gpt-5.1-codex': GPT_5,
    'gpt-5.1-codex-max': GPT_5,
    'gpt-5.2': GPT_5_2,
    'gpt-5.2-codex': GPT_5_2,
    'gpt-5.3-codex': GPT_5_2,
    'gpt-5.4': { input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 2.5 },
    'gpt-5.4-mini': { input: 0.75, output: 4.5, cacheRead: 0.075, cacheWrite: 0.75 },
    'gpt-5.4-nano': { input: 0.2, output: 1.25, cacheRead: 0.02, cacheWrite: 0.2 },
    'gpt-5.5': { input: 5, output: 30, cacheRead: 0.5, cacheWrite: 5 },
    'gpt-5-mini': GPT_5_MINI,
    'gpt-5.1-codex-mini': GPT_5_MINI,
    'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005, cacheWrite: 0.05 },
  },
};

/** A price and the table it came from. */
export interface PriceLookup {
  price: ModelPrice;
  origin: PriceOrigin;
}

/** Prices to use: the policy's entries first, then the shipped table. */
export interface Pricing {
  lookup(model: string): PriceLookup | null;
}

/** Built once per (policy table, shipped table): every evaluation of a policy prices with the same tables. */
const pricingCache = new WeakMap<PriceTable, WeakMap<PriceTable, Pricing>>();
const builtinOnly = new WeakMap<PriceTable, Pricing>();

export function pricingFrom(override: PriceTable | undefined, builtin: PriceTable = BUILTIN_PRICES): Pricing {
  const byBuiltin = override ? pricingCache.get(override) : undefined;
  const cached = override ? byBuiltin?.get(builtin) : builtinOnly.get(builtin);
  if (cached) return cached;
  const pricing = buildPricing(override, builtin);
  if (!override) builtinOnly.set(builtin, pricing);
  else if (byBuiltin) byBuiltin.set(builtin, pricing);
  else pricingCache.set(override, new WeakMap([[builtin, pricing]]));
  return pricing;
}

function buildPricing(override: PriceTable | undefined, builtin: PriceTable): Pricing {
  // Keys are normalised as model ids are, so `Claude Opus 4.6` in a policy prices `claude-opus-4-6`.
  const tables = (override ? [override, builtin] : [builtin]).map((table) => ({
    origin: { date: table.date, source: table.source },
    models: new Map(Object.entries(table.models).map(([id, price]) => [normaliseModel(id) ?? id, price] as const)),
  }));
  return {
    lookup(model) {
      for (const table of tables) {
        const price = table.models.get(model);
        if (price) return { price, origin: table.origin };
      }
      return null;
    },
  };
}

/** USD for a step's tokens at a price. */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  const perToken = (perMillion: number) => perMillion / 1e6;
  return (
    tokens.input * perToken(price.input) +
    tokens.output * perToken(price.output) +
    tokens.cacheRead * perToken(price.cacheRead ?? price.input) +
    tokens.cacheWrite * perToken(price.cacheWrite ?? price.input)
  );
}

/** `prices of 2026-06-12 from …`: said next to every cost figure. */
export function describeOrigin(origin: PriceOrigin): string {
  return `prices of ${origin.date} from ${origin.source}`;
}
