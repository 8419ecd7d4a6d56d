// A session's finished model steps, from what the store holds of its messages: one per `step-finish` part.
// Servers that folded several steps into one message overwrote the message's tokens with the last step's, so
// a message's own tokens stand in only when it has no step-finish parts. The usage panel's rows and the
// session status both read steps from here.
import type { AssistantUsage, SessionRecord } from './sessionRecord';
import { totalTokens, type Usage } from './usage';
import { pushAll } from '../base/arrays';

export interface RecordStep {
  message: AssistantUsage;
  usage: Usage;
  source: 'step' | 'message';
}

export interface RecordSteps {
  steps: RecordStep[];
  /** Step counts after which a compaction happened. */
  compactions: number[];
}

export function recordSteps(record: SessionRecord): RecordSteps {
  const entries: Array<{ id: string; created: number; message?: AssistantUsage }> = [];
  for (const m of record.messages.values()) entries.push({ id: m.id, created: m.created, message: m });
  for (const [id, user] of record.userMessages) if (user.compaction) entries.push({ id, created: user.created });
  // Message ids sort by creation on the server; the time breaks no ties it gets wrong.
  entries.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const steps: RecordStep[] = [];
  const compactions: number[] = [];
  for (const { message } of entries) {
    if (!message) {
      if (steps.length > 0) compactions.push(steps.length);
      continue;
    }
    pushAll(steps, messageSteps(record, message));
  }
  return { steps, compactions };
}

/** One assistant message's steps: its step-finish parts, else the message itself once it has figures. */
export function messageSteps(record: SessionRecord, message: AssistantUsage): RecordStep[] {
  const finished = record.steps.get(message.id);
  if (finished?.size) return [...finished.values()].map((usage) => ({ message, usage, source: 'step' as const }));
  // A message still streaming (no completion, no tokens yet) is not a step yet.
  return totalTokens(message.usage) + message.usage.cost > 0 ? [{ message, usage: message.usage, source: 'message' }] : [];
}

/** The same steps in no particular order, without sorting: for sums, which a tree row redraws often. */
export function* unorderedSteps(record: SessionRecord): Generator<RecordStep> {
  for (const message of record.messages.values()) yield* messageSteps(record, message);
}
