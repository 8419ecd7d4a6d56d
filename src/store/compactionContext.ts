// The context a session carries after compaction. OpenCode's formula (contextUsage.ts: the newest reply's
// total tokens) then points at the summary reply, whose input is the whole history it summarised: it
// would read as high as before. What the next turn carries instead of that history is the summary itself,
// so "after" is the summary's output over the same limit.
import type { AssistantUsage } from './sessionRecord';

export function summaryTokens(messages: Iterable<AssistantUsage>): number | undefined {
  let newest: AssistantUsage | undefined;
  for (const m of messages) if (m.summary && (!newest || m.created > newest.created)) newest = m;
  return newest ? newest.usage.output + newest.usage.reasoning : undefined;
}
