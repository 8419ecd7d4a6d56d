// What one V2 step is in the store, alike live (v2/events.ts) and when a session's messages are read back
// (v2/messages.ts, v2/transcript.ts): on 2.x one assistant message is one step, named after the message.
import type { AssistantInfo, StoreEvent } from '../../store/events';
import type { Usage } from '../../store/usage';

/** What a step's start tells that its end does not: who ran it, on which model, since when. */
export interface StepLabels {
  created?: number;
  agent?: string;
  modelID?: string;
  providerID?: string;
}

/** The one step of a V2 assistant message, named alike live and when its messages are read back. */
export function stepPartID(messageID: string): string {
  return `${messageID}:step`;
}

/**
 * A compaction's own step (a summary message), named alike live and when the session's messages are read back:
 * the store keeps it once whichever arrives last.
 */
export function compactionSteps(sessionID: string, messageID: string, created: number, usage: Usage): StoreEvent[] {
  const tokens = {
    input: usage.input,
    output: usage.output,
    reasoning: usage.reasoning,
    cache: { read: usage.cacheRead, write: usage.cacheWrite },
  };
  return [
    {
      type: 'message.assistant',
      info: { id: messageID, sessionID, role: 'assistant', summary: true, cost: usage.cost, tokens, time: { created } },
    },
    { type: 'step.finished', sessionID, messageID, partID: `${messageID}:compaction`, usage },
  ];
}

export function assistant(
  id: string,
  sessionID: string,
  labels: StepLabels,
  completed: number | undefined,
  usage: { tokens: AssistantInfo['tokens']; cost: unknown } | undefined,
): AssistantInfo {
  const info: AssistantInfo = {
    id,
    sessionID,
    role: 'assistant',
    cost: typeof usage?.cost === 'number' ? usage.cost : 0,
    tokens: usage?.tokens ?? { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
  };
  if (labels.modelID) info.modelID = labels.modelID;
  if (labels.providerID) info.providerID = labels.providerID;
  if (labels.agent) info.agent = labels.agent;
  const created = labels.created ?? completed;
  if (created !== undefined || completed !== undefined) info.time = { created, completed };
  return info;
}
