// Reads the models' context limits out of `GET /config/providers`. Only ids and numbers are kept:
// that answer also carries provider options such as API keys, which must go no further.
import { isObject } from './parse';

export type ModelLimits = ReadonlyMap<string, number>;

export function modelKey(providerID: string, modelID: string): string {
  return `${providerID}/${modelID}`;
}

export function parseModelLimits(response: unknown): Map<string, number> {
  const limits = new Map<string, number>();
  const providers = isObject(response) && Array.isArray(response.providers) ? response.providers : [];
  for (const provider of providers) {
    if (!isObject(provider) || typeof provider.id !== 'string' || !isObject(provider.models)) continue;
    for (const [modelID, model] of Object.entries(provider.models)) {
      const context = isObject(model) && isObject(model.limit) ? model.limit.context : undefined;
      if (typeof context === 'number' && Number.isFinite(context) && context > 0) limits.set(modelKey(provider.id, modelID), context);
    }
  }
  return limits;
}
