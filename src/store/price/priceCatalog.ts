// OpenCode's model catalog as `GET /provider` serves it (1.18.33: `{all: Provider[], default, connected}`, every
// provider OpenCode knows from models.dev, offline too, and the ones configured in opencode.json), reduced to
// what list prices need: each model's prices in USD per million tokens and its context-size tiers. Options
// (which can hold API keys) are never read. A malformed provider, model or price is skipped, never fatal.
import { isObject } from '../parse';

/** USD per million tokens. */
export interface Prices {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Prices that apply once a step's prompt is larger than `size` tokens. */
export interface PriceTier extends Prices {
  size: number;
}

export interface ModelListing {
  providerID: string;
  providerName: string;
  modelID: string;
  family?: string;
  prices: Prices;
  /** `cost.tiers` of type "context". */
  tiers: PriceTier[];
  /** `cost.experimentalOver200K`: used above 200 000 prompt tokens when no tier applies. */
  over200K?: Prices;
}

export interface PriceCatalog {
  /** Provider ids in the server's order. */
  readonly providers: readonly string[];
  /** `providerID/modelID` → listing. */
  readonly models: ReadonlyMap<string, ModelListing>;
  /** modelID → its listings under every provider, in the server's order. */
  readonly byModel: ReadonlyMap<string, readonly ModelListing[]>;
}

export const EMPTY_CATALOG: PriceCatalog = { providers: [], models: new Map(), byModel: new Map() };

export function listingKey(providerID: string, modelID: string): string {
  return `${providerID}/${modelID}`;
}

/** Reads `GET /provider`'s answer; anything that is not one gives an empty catalog. */
export function parsePriceCatalog(answer: unknown): PriceCatalog {
  const all = isObject(answer) && Array.isArray(answer.all) ? answer.all : [];
  const providers: string[] = [];
  const models = new Map<string, ModelListing>();
  const byModel = new Map<string, ModelListing[]>();
  for (const provider of all) {
    if (!isObject(provider) || typeof provider.id !== 'string' || !provider.id || !isObject(provider.models)) continue;
    const providerName = typeof provider.name === 'string' && provider.name ? provider.name : provider.id;
    providers.push(provider.id);
    for (const [key, model] of Object.entries(provider.models)) {
      const listing = isObject(model)
        ? readListing(provider.id, providerName, typeof model.id === 'string' && model.id ? model.id : key, model)
        : undefined;
      if (!listing) continue;
      models.set(listingKey(listing.providerID, listing.modelID), listing);
      byModel.set(listing.modelID, [...(byModel.get(listing.modelID) ?? []), listing]);
    }
  }
  return { providers, models, byModel };
}

function readListing(providerID: string, providerName: string, modelID: string, model: Record<string, unknown>): ModelListing | undefined {
  const cost = model.cost;
  const prices = readPrices(cost);
  if (!prices || !isObject(cost)) return undefined;
  const tiers: PriceTier[] = [];
  for (const tier of Array.isArray(cost.tiers) ? cost.tiers : []) {
    const tierPrices = readPrices(tier);
    const size = isObject(tier) && isObject(tier.tier) && tier.tier.type === 'context' ? tier.tier.size : undefined;
    if (tierPrices && typeof size === 'number' && Number.isFinite(size) && size >= 0) tiers.push({ ...tierPrices, size });
  }
  const over200K = readPrices(cost.experimentalOver200K);
  const family = typeof model.family === 'string' && model.family ? model.family : undefined;
  return { providerID, providerName, modelID, family, prices, tiers, ...(over200K && { over200K }) };
}

/** `{input, output, cache: {read, write}}`; input and output are required, cache prices default to 0. */
function readPrices(value: unknown): Prices | undefined {
  if (!isObject(value)) return undefined;
  const input = price(value.input);
  const output = price(value.output);
  if (input === undefined || output === undefined) return undefined;
  const cache = isObject(value.cache) ? value.cache : {};
  const cacheRead = cache.read === undefined ? 0 : price(cache.read);
  const cacheWrite = cache.write === undefined ? 0 : price(cache.write);
  if (cacheRead === undefined || cacheWrite === undefined) return undefined;
  return { input, output, cacheRead, cacheWrite };
}

function price(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** True when any of its prices is above 0: a listing that can price a step. */
export function isPriced(listing: ModelListing): boolean {
  const all = [listing.prices, ...listing.tiers, ...(listing.over200K ? [listing.over200K] : [])];
  return all.some((p) => p.input > 0 || p.output > 0 || p.cacheRead > 0 || p.cacheWrite > 0);
}
