// `GET /api/model`: `{location?, data: [{id, providerID, limit: {context, output}, cost: [...], …}]}` (recorded
// on 1.18.33 and the OpenCode 2 server): the context limits and the list prices. Only ids and numbers are read:
// each entry also carries its provider's settings, API key included, which must go no further. A catalog is read on
// connect and may hold tens of thousands of models: in one pass, in slices.
import { isObject } from '../../base/parse';
import { modelKey, type ModelLimits } from '../../store/modelLimits';
import { listingKey, type ModelListing, type PriceCatalog, type Prices, type PriceTier } from '../../store/price/priceCatalog';
import { Slices } from '../../base/node/slices';
import { dataOf } from './records';

/** Price entries read per model: real ones hold a base price and a tier or two. */
const MAX_COSTS = 64;

/** Every listed model's context limit, by `providerID/modelID`. */
export async function readV2ModelLimits(answer: unknown): Promise<ModelLimits> {
  const limits = new Map<string, number>();
  const list = dataOf(answer);
  const slices = new Slices();
  for (const model of Array.isArray(list) ? (list as unknown[]) : []) {
    if (slices.due) await slices.yield();
    if (!isObject(model) || typeof model.id !== 'string' || typeof model.providerID !== 'string') continue;
    const context = isObject(model.limit) ? model.limit.context : undefined;
    if (typeof context === 'number' && Number.isFinite(context) && context > 0) limits.set(modelKey(model.providerID, model.id), context);
  }
  return limits;
}

/**
 * Every listed model's list prices (USD per million tokens): `cost: [{input, output, cache: {read, write},
 * tier?: {type: "context", size}}]` (packages/schema/src/model.ts, b6226260; recorded). The entry without a tier
 * is the base price; tiered entries apply above their context size. A model without a readable base price is
 * left out, never priced at 0.
 */
export async function readV2PriceCatalog(answer: unknown, providerNames: ReadonlyMap<string, string> = new Map()): Promise<PriceCatalog> {
  const providers = new Set<string>();
  const models = new Map<string, ModelListing>();
  const byModel = new Map<string, ModelListing[]>();
  const list = dataOf(answer);
  const slices = new Slices();
  for (const model of Array.isArray(list) ? (list as unknown[]) : []) {
    if (slices.due) await slices.yield();
    if (!isObject(model) || typeof model.id !== 'string' || !model.id || typeof model.providerID !== 'string' || !model.providerID)
      continue;
    const costs = Array.isArray(model.cost) ? model.cost.slice(0, MAX_COSTS).filter(isObject) : [];
    let base: Prices | undefined;
    for (const c of costs) if (c.tier === undefined && (base = prices(c))) break;
    if (!base) continue;
    const tiers: PriceTier[] = [];
    for (const c of costs) {
      const tier = isObject(c.tier) && c.tier.type === 'context' ? c.tier.size : undefined;
      const p = prices(c);
      if (p && typeof tier === 'number' && Number.isFinite(tier) && tier >= 0) tiers.push({ ...p, size: tier });
    }
    const listing: ModelListing = {
      providerID: model.providerID,
      providerName: providerNames.get(model.providerID) ?? model.providerID,
      modelID: model.id,
      ...(typeof model.family === 'string' && model.family && { family: model.family }),
      prices: base,
      tiers,
    };
    providers.add(listing.providerID);
    models.set(listingKey(listing.providerID, listing.modelID), listing);
    const same = byModel.get(listing.modelID);
    if (same) same.push(listing);
    else byModel.set(listing.modelID, [listing]);
  }
  return { providers: [...providers], models, byModel };
}

/**
 * `GET /api/provider`: `{data: [{id, name, package, settings, …}]}` (packages/schema/src/provider.ts, b6226260;
 * recorded): each provider's display name, by id. Only those two are read; `settings` holds its API key.
 */
export async function readV2ProviderNames(answer: unknown): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const list = dataOf(answer);
  const slices = new Slices();
  for (const provider of Array.isArray(list) ? (list as unknown[]) : []) {
    if (slices.due) await slices.yield();
    if (isObject(provider) && typeof provider.id === 'string' && typeof provider.name === 'string' && provider.name.trim())
      names.set(provider.id, provider.name.trim());
  }
  return names;
}

function prices(cost: Record<string, unknown>): Prices | undefined {
  const price = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const cache = isObject(cost.cache) ? cost.cache : {};
  const input = price(cost.input);
  const output = price(cost.output);
  if (input === undefined || output === undefined) return undefined;
  return { input, output, cacheRead: price(cache.read) ?? 0, cacheWrite: price(cache.write) ?? 0 };
}
