// A session's per-step rows for the usage panel: one per finished model step (see store/recordSteps.ts),
// numbered, with the step's context use over its model's window.
import { modelName } from './modelName';
import type { ListPricer } from '../store/price/listPricer';
import { recordSteps, type RecordStep } from '../store/recordSteps';
import type { SessionRecord } from '../store/sessionRecord';
import { totalTokens } from '../store/usage';
import { barStart } from '../store/timeline/timelineLanes';
import type { StepRow } from './usageRows';

export interface ExtractedSteps {
  steps: StepRow[];
  /** Step numbers after which a compaction happened. */
  compactions: number[];
}

/** A model's context window, when known. */
export type ContextLimit = (providerID: string, modelID: string) => number | undefined;

/** Steps in message order; `contextLimit` gives a model's window for the context column, `pricer` list prices. */
export function sessionSteps(record: SessionRecord, contextLimit: ContextLimit = () => undefined, pricer?: ListPricer): ExtractedSteps {
  const { steps, compactions } = recordSteps(record);
  return { steps: steps.map((step, i) => stepRow(step, i + 1, contextLimit, pricer, record.info.time.created)), compactions };
}

/**
 * One step as its row, numbered `n` (1-based). Its time is where the Timeline draws its bar (a step the server sent
 * no creation time for starts at its end, or its session's creation), so a range chosen there picks the same steps.
 */
export function stepRow(
  { message, usage, source, copied }: RecordStep,
  n: number,
  contextLimit: ContextLimit,
  pricer: ListPricer | undefined,
  sessionCreated: number,
): StepRow {
  const limit = message.modelID && message.providerID ? contextLimit(message.providerID, message.modelID) : undefined;
  const listed = pricer?.price(message.providerID, message.modelID, usage);
  const listCost = listed === undefined ? undefined : (listed?.cost ?? null);
  return {
    n,
    messageID: message.id,
    time: barStart(message, sessionCreated),
    model: modelName(message.providerID, message.modelID),
    ...usage,
    // A copy's context is the one the fork went on with.
    context: limit ? totalTokens(copied ?? usage) / limit : undefined,
    source,
    ...(listCost !== undefined && { listCost }),
    ...(copied && { copied }),
  };
}
