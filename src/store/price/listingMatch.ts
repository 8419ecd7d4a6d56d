// Which priced listing stands for a model OpenCode recorded at cost 0: the same model at its original
// provider (a Copilot- or sign-in-served Claude model → that model at Anthropic; a Zen free model → its priced
// listing). Found in the server's own catalog by model id, with a small table where ids differ. No listing is
// "no list price" (undefined), never 0 and never a guess from a similar name.
import { isPriced, listingKey, type ModelListing, type PriceCatalog } from './priceCatalog';

/**
 * Ids that differ between a serving provider and the origin: GitHub Copilot names Claude models with dots and
 * without dates. Only exact entries; each has a unit test.
 */
export const MODEL_ID_ALIASES: Readonly<Record<string, string>> = {
  'claude-sonnet-4': 'claude-sonnet-4-20250514',
  'claude-opus-4': 'claude-opus-4-20250514',
  'claude-sonnet-4.5': 'claude-sonnet-4-5',
  'claude-sonnet-4.6': 'claude-sonnet-4-6',
  'claude-opus-4.5': 'claude-opus-4-5',
  'claude-opus-4.6': 'claude-opus-4-6',
  'claude-opus-4.7': 'claude-opus-4-7',
  'claude-haiku-4.5': 'claude-haiku-4-5',
  'claude-3.7-sonnet': 'claude-3-7-sonnet-20250219',
  'claude-3.5-sonnet': 'claude-3-5-sonnet-20241022',
};

/** The provider a model family comes from, by the start of its id or family. */
const ORIGINS: ReadonlyArray<[RegExp, string]> = [
  [/^claude/, 'anthropic'],
  [/^(gpt|chatgpt|codex|o\d)(\b|-|$)/, 'openai'],
  [/^(gemini|gemma)/, 'google'],
  [/^grok/, 'xai'],
  [/^(mistral|codestral|devstral|magistral)/, 'mistral'],
  [/^deepseek/, 'deepseek'],
  [/^kimi/, 'moonshotai'],
  [/^glm/, 'zai'],
  [/^(qwen|qwq)/, 'alibaba'],
  [/^mimo/, 'xiaomi'],
  [/^minimax/i, 'minimax'],
];

export function originProvider(modelID: string, family?: string): string | undefined {
  for (const name of [modelID.toLowerCase(), family?.toLowerCase() ?? ''])
    for (const [pattern, provider] of ORIGINS) if (pattern.test(name)) return provider;
  return undefined;
}

/** The ids to look up, most specific first, each with the provider it names (a `vendor/model` id names one). */
function candidates(modelID: string): Array<{ id: string; vendor?: string }> {
  const found: Array<{ id: string; vendor?: string }> = [{ id: modelID }];
  const slash = modelID.indexOf('/');
  if (slash > 0) found.push({ id: modelID.slice(slash + 1), vendor: modelID.slice(0, slash) });
  for (const { id, vendor } of [...found]) {
    const alias = MODEL_ID_ALIASES[id];
    if (alias) found.push({ id: alias, vendor });
    const free = /^(.+?)(-free|:free)$/.exec(id);
    if (free) found.push({ id: free[1], vendor });
  }
  return found;
}

/** The listing whose prices stand in for `providerID/modelID`, recorded at 0; undefined: no list price. */
export function listingFor(catalog: PriceCatalog, providerID: string, modelID: string): ModelListing | undefined {
  const family = catalog.models.get(listingKey(providerID, modelID))?.family;
  const usable = (l: ModelListing | undefined): l is ModelListing => !!l && l.providerID !== providerID && isPriced(l);
  const ids = candidates(modelID);
  // Every id at the origin first, so an alias at Anthropic wins over a reseller listing the serving id.
  for (const { id, vendor } of ids) {
    const origin = vendor ?? originProvider(id, family);
    const atOrigin = origin ? catalog.models.get(listingKey(origin, id)) : undefined;
    if (usable(atOrigin)) return atOrigin;
  }
  for (const { id } of ids) {
    const elsewhere = catalog.byModel.get(id)?.find(usable);
    if (elsewhere) return elsewhere;
  }
  return undefined;
}
