// A step's cost at a listing's prices, by OpenCode's own formula, so that a list-price estimate is what OpenCode
// would have recorded had the model been priced. From `getUsage` in the opencode 1.18.33 binary this extension is
// tested with (the packaged JavaScript of packages/opencode/src/session/session.ts; the same rule, without tiers,
// is at anomalyco/opencode@008456f4dd08000a5bc3fdf13bc1df7046cd1d8e packages/opencode/src/session/session.ts):
//   prompt = the provider's input tokens (input + cache read + cache write, as OpenCode records them)
//   prices = the largest context tier with prompt > tier.size, else experimentalOver200K when prompt > 200 000,
//            else the base prices
//   cost   = (input·in + output·out + cacheRead·cacheRead + cacheWrite·cacheWrite + reasoning·out) / 1 000 000
// (reasoning at the output price). OpenCode sums in decimal arithmetic; here doubles, exact to far below a cent.
import type { Usage } from '../usage';
import type { ModelListing, Prices } from './priceCatalog';

const OVER_200K = 200_000;

/** The prices OpenCode applies to a step of this size. */
export function pricesFor(listing: ModelListing, usage: Usage): Prices {
  const prompt = usage.input + usage.cacheRead + usage.cacheWrite;
  let tier: (typeof listing.tiers)[number] | undefined;
  for (const t of listing.tiers) if (prompt > t.size && (!tier || t.size > tier.size)) tier = t;
  if (tier) return tier;
  if (listing.over200K && prompt > OVER_200K) return listing.over200K;
  return listing.prices;
}

/**
 * USD. `several`: the usage sums several steps never read one by one, whose sizes are unknown: priced at the
 * base prices (a tier decided on the sum would be wrong).
 */
export function stepCostAt(listing: ModelListing, usage: Usage, several = false): number {
  const p = several ? listing.prices : pricesFor(listing, usage);
  return (
    (usage.input * p.input +
      usage.output * p.output +
      usage.cacheRead * p.cacheRead +
      usage.cacheWrite * p.cacheWrite +
      usage.reasoning * p.output) /
    1_000_000
  );
}
