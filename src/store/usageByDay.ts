// Tokens and cost per local day, from each assistant message's own `time.created`: what OpenCode
// recorded per day, not a session's whole total on its start day. Pure, for the panel's trend.
import type { SessionRecord } from './sessionRecord';
import { totalTokens } from './usage';
import { localDay } from './calendar';
import { spentMessages } from './copiedHistory';

export interface DayUsage {
  day: string;
  tokens: number;
  cost: number;
}

export interface UsageByDay {
  days: DayUsage[];
  /** Sessions whose messages are not all loaded yet: left out rather than guessed into a day. */
  pending: number;
  sessions: number;
}

/**
 * Sums assistant messages by local day over the sessions `isComplete` says hold every message; a fork's copies of
 * its original's messages are not its own (copiedHistory.ts).
 */
export function usageByDay(records: Iterable<SessionRecord>, isComplete: (record: SessionRecord) => boolean): UsageByDay {
  const days = new Map<string, DayUsage>();
  let pending = 0;
  let sessions = 0;
  for (const record of records) {
    sessions += 1;
    if (!isComplete(record)) {
      pending += 1;
      continue;
    }
    for (const message of spentMessages(record)) {
      const day = localDay(message.created);
      const d = days.get(day) ?? { day, tokens: 0, cost: 0 };
      d.tokens += totalTokens(message.usage);
      d.cost += message.usage.cost;
      days.set(day, d);
    }
  }
  return { days: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)), pending, sessions };
}
