// OpenCode 1.x's model catalogs: the context limits in `GET /config/providers` and the prices in `GET /provider`
// (1.18.33: `{all: Provider[], default, connected}`, every provider OpenCode knows from models.dev, offline too,
// and the ones configured in opencode.json). Only ids and numbers are kept: both answers also carry provider
// options such as API keys, which are never read and must go no further. A malformed provider, model or price
// is skipped, never fatal.
import { isObject } from '../../base/parse';
import { Slicer } from '../transport/slicer';
import { modelKey } from '../../store/modelLimits';
import { listingKey, type ModelListing, type PriceCatalog, type Prices, type PriceTier } from '../../store/price/priceCatalog';

export function parseModelLimits(response: unknown): Map<string, number> {
  const limits = new Map<string, number>();
  for (const _ of limitSteps(response, limits));
  return limits;
}

/** parseModelLimits with a turn of the event loop every few milliseconds (an answer may list any number of models). */
export async function readModelLimits(response: unknown): Promise<Map<string, number>> {
  const limits = new Map<string, number>();
  const slicer = new Slicer();
  for (const _ of limitSteps(response, limits)) await slicer.turn();
  return limits;
}

/** Reads the limits into `limits`, a step per model. */
function* limitSteps(response: unknown, limits: Map<string, number>): Generator<void> {
  const providers = isObject(response) && Array.isArray(response.providers) ? response.providers : [];
  for (const provider of providers) {
    if (!isObject(provider) || typeof provider.id !== 'string' || !isObject(provider.models)) continue;
    for (const [modelID, model] of Object.entries(provider.models)) {
      const context = isObject(model) && isObject(model.limit) ? model.limit.context : undefined;
      if (typeof context === 'number' && Number.isFinite(context) && context > 0) limits.set(modelKey(provider.id, modelID), context);
      yield;
    }
  }
}

/** Reads `GET /provider`'s answer; anything that is not one gives an empty catalog. */
export function parsePriceCatalog(answer: unknown): PriceCatalog {
  const catalog: CatalogDraft = { providers: [], models: new Map(), byModel: new Map() };
  for (const _ of catalogSteps(answer, catalog));
  return catalog;
}

/** parsePriceCatalog with a turn of the event loop every few milliseconds (an answer may list any number of models). */
export async function readPriceCatalog(answer: unknown): Promise<PriceCatalog> {
  const catalog: CatalogDraft = { providers: [], models: new Map(), byModel: new Map() };
  const slicer = new Slicer();
  for (const _ of catalogSteps(answer, catalog)) await slicer.turn();
  return catalog;
}

/** A catalog being read (PriceCatalog's lists are read-only to its readers). */
interface CatalogDraft {
  providers: string[];
  models: Map<string, ModelListing>;
  byModel: Map<string, ModelListing[]>;
}

/** Reads the catalog into `catalog`, a step per model. */
function* catalogSteps(answer: unknown, { providers, models, byModel }: CatalogDraft): Generator<void> {
  const all = isObject(answer) && Array.isArray(answer.all) ? answer.all : [];
  for (const provider of all) {
    if (!isObject(provider) || typeof provider.id !== 'string' || !provider.id || !isObject(provider.models)) continue;
    const providerName = typeof provider.name === 'string' && provider.name ? provider.name : provider.id;
    providers.push(provider.id);
    for (const [key, model] of Object.entries(provider.models)) {
      yield;
      const listing = isObject(model)
        ? readListing(provider.id, providerName, typeof model.id === 'string' && model.id ? model.id : key, model)
        : undefined;
      if (!listing) continue;
      models.set(listingKey(listing.providerID, listing.modelID), listing);
      // Added to the model's list in place: a copy per listing was quadratic in a model's providers.
      const same = byModel.get(listing.modelID);
      if (same) same.push(listing);
      else byModel.set(listing.modelID, [listing]);
    }
  }
}

/** Context tiers read per listing: a step's prices are picked among them, so steps × tiers is what pricing costs. */
const MAX_TIERS = 64;

function readListing(providerID: string, providerName: string, modelID: string, model: Record<string, unknown>): ModelListing | undefined {
  const cost = model.cost;
  const prices = readPrices(cost);
  if (!prices || !isObject(cost)) return undefined;
  const tiers: PriceTier[] = [];
  // As many as V2's reader keeps (real listings have a tier or two): every step's prices are picked among them.
  for (const tier of Array.isArray(cost.tiers) ? cost.tiers.slice(0, MAX_TIERS) : []) {
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
