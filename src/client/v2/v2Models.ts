// `GET /api/model`: `{location?, data: [{id, providerID, limit: {context, output}, cost?, …}]}` (recorded on
// 1.18.33 and the OpenCode 2 server). Only ids and numbers are read: each entry also carries its provider's
// settings, API key included, which must go no further.
import { isObject } from '../../store/parse';
import { modelKey, type ModelLimits } from '../../store/modelLimits';
import { dataOf } from './v2Request';

/** Every listed model's context limit, by `providerID/modelID`. */
export function readV2ModelLimits(answer: unknown): ModelLimits {
  const limits = new Map<string, number>();
  const list = dataOf(answer);
  for (const model of Array.isArray(list) ? (list as unknown[]) : []) {
    if (!isObject(model) || typeof model.id !== 'string' || typeof model.providerID !== 'string') continue;
    const context = isObject(model.limit) ? model.limit.context : undefined;
    if (typeof context === 'number' && Number.isFinite(context) && context > 0) limits.set(modelKey(model.providerID, model.id), context);
  }
  return limits;
}
