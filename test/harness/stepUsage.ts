// A scripted step's usage from what it should cost, kept under the size at which OpenCode compacts the session after
// it. A step over it makes OpenCode ask the model a compaction request the test did not script, answered at once by
// the model's fallback: money moved that no scripted turn spent (clusterPauseHolds' CI failure on 16483470).
import { DEFAULT_MODELS, type ModelSpec } from './opencodeServer';
import type { Usage } from './scriptedModel';

/** Output tokens a step is given at most: the rest of its price is input. */
const MAX_COMPLETION = 20_000;

/**
 * The usage of one step costing `usd` on `model` (alpha by default: $3 per million input, $15 per million output).
 * Throws for a step of at least the model's context less min(output, 32k) tokens: OpenCode 1.18 compacts after such a
 * step (168k on alpha). Source: ours, read in the 1.18.33 binary (the review of eb21b37e); not in the reference notes.
 */
export function usageCosting(usd: number, model: ModelSpec = DEFAULT_MODELS[0]): Usage {
  const perOutput = model.cost.output / 1e6;
  const perInput = model.cost.input / 1e6;
  const completion = Math.min(MAX_COMPLETION, model.limit.output, Math.floor(usd / perOutput));
  const usage = { prompt: Math.round((usd - completion * perOutput) / perInput), completion };
  const compactsAt = model.limit.context - Math.min(model.limit.output, 32_000);
  if (usage.prompt + usage.completion >= compactsAt)
    throw new Error(
      `a $${usd} step is ${usage.prompt + usage.completion} tokens on ${model.id}: OpenCode compacts after ${compactsAt}; spread it over steps`,
    );
  return usage;
}
