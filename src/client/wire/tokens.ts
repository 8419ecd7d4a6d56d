// The token block every OpenCode answer carries the same way on both generations — sessions, assistant
// messages, `step-finish` parts (V1), `step.ended` and `usage.updated` (V2): `{input, output, reasoning,
// cache: {read, write}}`. The one reader of it: hostile or broken servers may send strings, NaN or negatives
// where OpenCode sends amounts, and those count as 0.
import { amount, isObject } from '../../base/parse';
import type { ServerTokens } from '../../store/usage';

export function serverTokens(value: unknown): ServerTokens {
  const tokens = isObject(value) ? value : {};
  const cache = isObject(tokens.cache) ? tokens.cache : {};
  return {
    input: amount(tokens.input),
    output: amount(tokens.output),
    reasoning: amount(tokens.reasoning),
    cache: { read: amount(cache.read), write: amount(cache.write) },
  };
}
