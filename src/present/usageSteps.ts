// A session's per-step rows for the usage panel, from what the store holds of its messages: one row per
// `step-finish` part (one model call). Servers that folded several steps into one message overwrote the
// message's tokens with the last step's, so message tokens are used only when a message has no steps.
import type { AssistantUsage, SessionRecord } from '../store/sessionRecord';
import { totalTokens, type Usage } from '../store/usage';
import type { StepRow } from './usageRows';

export interface ExtractedSteps {
  steps: StepRow[];
  /** Step numbers after which a compaction happened. */
  compactions: number[];
}

interface Entry {
  id: string;
  created: number;
  compaction: boolean;
  assistant?: AssistantUsage;
}

/** Steps in message order; `contextLimit` gives a model's window for the context column. */
export function sessionSteps(record: SessionRecord, contextLimit: (providerID: string, modelID: string) => number | undefined = () => undefined): ExtractedSteps {
  const entries: Entry[] = [];
  for (const m of record.messages.values()) entries.push({ id: m.id, created: m.created, compaction: false, assistant: m });
  for (const [id, user] of record.userMessages) if (user.compaction) entries.push({ id, created: user.created, compaction: true });
  // Message ids sort by creation on the server; the time breaks no ties it gets wrong.
  entries.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const steps: StepRow[] = [];
  const compactions: number[] = [];
  for (const entry of entries) {
    const m = entry.assistant;
    if (!m) {
      if (steps.length > 0) compactions.push(steps.length);
      continue;
    }
    const limit = m.modelID && m.providerID ? contextLimit(m.providerID, m.modelID) : undefined;
    const finished = record.steps.get(m.id);
    const sources: Array<{ usage: Usage; source: StepRow['source'] }> = finished?.size
      ? [...finished.values()].map((usage) => ({ usage, source: 'step' }))
      : // A message still streaming (no completion, no tokens yet) is not a step yet.
        totalTokens(m.usage) + m.usage.cost > 0
        ? [{ usage: m.usage, source: 'message' }]
        : [];
    for (const { usage, source } of sources) {
      steps.push({
        n: steps.length + 1,
        messageID: m.id,
        time: m.created,
        model: m.modelID ?? '',
        ...usage,
        context: limit ? totalTokens(usage) / limit : undefined,
        source,
      });
    }
  }
  return { steps, compactions };
}
