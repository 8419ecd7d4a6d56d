// Small values V2 events carry, read field by field like the V1 parser does: hostile or broken servers may
// send strings, NaN or negatives where OpenCode sends amounts.
import { amount, isObject, nonEmptyString } from '../../store/parse';
import type { ServerTokens } from '../../store/usage';

/** `{input, output, reasoning, cache: {read, write}}` (TokenUsage.Info in OpenCode's schema), every amount checked. */
export function serverTokens(value: Record<string, unknown>): ServerTokens {
  const cache = isObject(value.cache) ? value.cache : {};
  return {
    input: amount(value.input),
    output: amount(value.output),
    reasoning: amount(value.reasoning),
    cache: { read: amount(cache.read), write: amount(cache.write) },
  };
}

/**
 * An error as V2 sends it (`{type, message}`, recorded on 1.18.33's `step.failed`) or as V1 did
 * (`{name, data: {message}}`).
 */
export function v2Error(value: unknown): { name: string; message: string } {
  if (!isObject(value)) return { name: 'Error', message: 'Unknown error' };
  const name = nonEmptyString(value.name) ?? nonEmptyString(value.type) ?? 'Error';
  const data = isObject(value.data) ? value.data : {};
  return { name, message: nonEmptyString(value.message) ?? nonEmptyString(data.message) ?? name };
}
