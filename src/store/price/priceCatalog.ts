// OpenCode's model catalog reduced to what list prices need: each model's prices in USD per million tokens and
// its context-size tiers, under every provider that lists it. The client reads it from the server (V1's
// `GET /provider`: v1/catalogs.ts).

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

export function listingKey(providerID: string, modelID: string): string {
  return `${providerID}/${modelID}`;
}

/** True when any of its prices is above 0: a listing that can price a step. */
export function isPriced(listing: ModelListing): boolean {
  const all = [listing.prices, ...listing.tiers, ...(listing.over200K ? [listing.over200K] : [])];
  return all.some((p) => p.input > 0 || p.output > 0 || p.cacheRead > 0 || p.cacheWrite > 0);
}
