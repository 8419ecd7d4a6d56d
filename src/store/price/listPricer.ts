// Prices steps recorded at cost 0 from one server's catalog: each model's listing looked up once.
import { totalTokens, type Usage } from '../usage';
import { listingFor } from './listingMatch';
import { listingKey, type ModelListing, type PriceCatalog } from './priceCatalog';
import { stepCostAt } from './stepPrice';

export interface ListPrice {
  /** USD at the listing's prices. */
  cost: number;
  listing: ModelListing;
}

/**
 * A step's list price: for a step with tokens recorded at cost 0, what its listing charges; undefined when the
 * step has a recorded cost (that figure stands) or no tokens.
 */
export interface ListPricer {
  /** The listing for the model, or undefined when it has none ("no list price"). */
  listing(providerID: string, modelID: string): ModelListing | undefined;
  /** `null`: the step wants a list price (cost 0, tokens > 0) and its model has none. */
  price(providerID: string | undefined, modelID: string | undefined, usage: Usage, several?: boolean): ListPrice | null | undefined;
}

export function needsListPrice(usage: Usage): boolean {
  return usage.cost === 0 && totalTokens(usage) > 0;
}

export function listPricer(catalog: PriceCatalog): ListPricer {
  const found = new Map<string, ModelListing | undefined>();
  const listing = (providerID: string, modelID: string) => {
    const key = listingKey(providerID, modelID);
    if (!found.has(key)) found.set(key, listingFor(catalog, providerID, modelID));
    return found.get(key);
  };
  return {
    listing,
    price(providerID, modelID, usage, several) {
      if (!needsListPrice(usage)) return undefined;
      const match = providerID && modelID ? listing(providerID, modelID) : undefined;
      return match ? { cost: stepCostAt(match, usage, several), listing: match } : null;
    },
  };
}

/** A pricer that knows no listing: every zero-cost step is "no list price" (a V2 server, a catalog not read). */
export const NO_LIST_PRICES: ListPricer = {
  listing: () => undefined,
  price: (_p, _m, usage) => (needsListPrice(usage) ? null : undefined),
};
