// The context a session carries after compaction, by OpenCode's formula (contextUsage.ts: the newest reply's
// total tokens over the model's limit), applied to the newest summary: the notification after Compact and the
// tooltip's Context row then give the same figure.
import type { AssistantUsage } from './sessionRecord';
import { totalTokens } from './usage';

export function summaryTokens(messages: Iterable<AssistantUsage>): number | undefined {
  let newest: AssistantUsage | undefined;
  for (const m of messages) if (m.summary && (!newest || m.created > newest.created)) newest = m;
  return newest ? totalTokens(newest.usage) : undefined;
}
