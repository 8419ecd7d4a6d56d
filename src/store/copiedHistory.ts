// A fork's copied history is not spending: the one place that says which of a session's messages are copies, and
// what its own figures are without them. Every figure (a row's own and Σ, the windows, budgets, trends, steps, the
// Timeline, exports, session_status) reads a message or a step through here.
//
// OpenCode 1.x (1.18.33, measured: ../shared/reference/opencode-server.md "Forks and share") forks by copying every
// message with the original's cost, tokens and `time.created`, all older than the fork's own `time.created`, and
// its record's totals sum them: a message created before its session was is a copy, and the record's totals less
// the copies are what the fork spent. OpenCode 2 (../shared/reference/opencode2-server.md "Recorded from the real
// servers") copies the messages up to the fork's boundary, each keeping the parent's cost and tokens, into a session
// whose record (marked by its `fork`) counts only what was spent after the fork: its copies are the messages up to
// the fork's point (its creation, when `session.forked` made it), and its totals stand as they are.
// A fork of a fork copies the copies too, and the original may be gone: neither changes a message's own times.
import type { SessionInfo } from './events';
import type { AssistantUsage, SessionRecord, SpentSum } from './sessionRecord';
import { addUsageInto, sameUsage, usageGrowth, ZERO_USAGE, type Usage } from './usage';

/** Whether a message created at `created` (ms; ≤ 0: not known) is a copy the session was forked with. */
export function isCopied(info: Pick<SessionInfo, 'time' | 'fork'>, created: number): boolean {
  if (!(created > 0)) return false;
  return info.fork ? created <= info.time.created : created < info.time.created;
}

/** Whether this message of the record's session is a copy (see isCopied). */
export function isCopiedMessage(record: Pick<SessionRecord, 'info'>, message: Pick<AssistantUsage, 'created'>): boolean {
  return isCopied(record.info, message.created);
}

/** The messages the session spent itself: every message but the copies it was forked with. */
export function* spentMessages(record: SessionRecord): Generator<AssistantUsage> {
  for (const message of record.messages.values()) if (!isCopiedMessage(record, message)) yield message;
}

/** The copies' usage summed afresh (the store keeps it as messages come and go; this when the rule itself moved). */
export function copiedUsage(record: SessionRecord): Usage {
  const sum = { ...ZERO_USAGE };
  for (const message of record.messages.values()) if (isCopiedMessage(record, message)) addUsageInto(sum, message.usage);
  return sum;
}

/**
 * The session's own figures. From the server's totals where it sends them: as they are for an OpenCode 2 fork
 * (its record counts what it spent), less the copies it holds for 1.x (whose record sums them; what is not read
 * yet cannot be taken off). Servers before 1.15 send no totals: the sum of the messages it spent itself.
 */
export function ownUsage(record: SessionRecord, serverTotals: Usage | undefined): Usage {
  if (!serverTotals) return { ...(record.spent ??= spentSum(record)).total };
  const copied = record.copied;
  if (record.info.fork || !copied) return serverTotals;
  // A fork seen made live was listed at $0 before its copies came: nothing of its own is below 0.
  return usageGrowth(copied, serverTotals);
}

/** The spent messages summed afresh, in the map's order. */
function spentSum(record: SessionRecord): SpentSum {
  const sum: SpentSum = { total: { ...ZERO_USAGE }, beforeLast: { ...ZERO_USAGE } };
  for (const message of spentMessages(record)) {
    sum.beforeLast = { ...sum.total };
    sum.lastId = message.id;
    addUsageInto(sum.total, message.usage);
  }
  return sum;
}

/**
 * Keeps the spent sum as a message `before` became `after` (either absent: added or removed). A message added or
 * the last one updated (a step streaming) adds to the sum before it, as summing afresh would, to the last bit; one
 * read again unchanged changes nothing. A session of thousands of messages then costs no pass over them per message
 * as it streams or is read again; anything else (an older message changed, one removed) sums afresh when next asked.
 */
function noteSpent(record: SessionRecord, before: AssistantUsage | undefined, after: AssistantUsage | undefined): void {
  const sum = record.spent;
  if (!sum) return;
  const was = before !== undefined && !isCopiedMessage(record, before);
  const is = after !== undefined && !isCopiedMessage(record, after);
  if (!was && !is) return;
  // Read again as it was (a reconnect feeds every held message again): the same values in the same order.
  if (was && is && sameUsage(before.usage, after.usage)) return;
  if (is && (before === undefined || (was && after.id === sum.lastId))) {
    if (before === undefined) {
      sum.beforeLast = sum.total;
      sum.lastId = after.id;
    }
    sum.total = { ...sum.beforeLast };
    addUsageInto(sum.total, after.usage);
    return;
  }
  record.spent = undefined;
}

/**
 * Keeps the record's sums after a message `before` became `after` in its map (either absent: added or removed), called
 * once the map holds `after`: the spent sum (noteSpent) and the copies' usage (`record.copied`, absent while the
 * session never held a copy). A long session's every message costs no pass over the others.
 */
export function noteMessage(record: SessionRecord, before: AssistantUsage | undefined, after: AssistantUsage | undefined): void {
  noteSpent(record, before, after);
  const was = before !== undefined && isCopiedMessage(record, before);
  const is = after !== undefined && isCopiedMessage(record, after);
  if (!was && !is) return;
  if (was && is && sameUsage(before.usage, after.usage)) return;
  const copied = (record.copied ??= { ...ZERO_USAGE });
  if (was) {
    const u = before.usage;
    copied.input -= u.input;
    copied.output -= u.output;
    copied.reasoning -= u.reasoning;
    copied.cacheRead -= u.cacheRead;
    copied.cacheWrite -= u.cacheWrite;
    copied.cost -= u.cost;
  }
  if (is) addUsageInto(copied, after.usage);
  // A copy gone (rare: copies are never updated): summed afresh, so no rounding is left behind.
  else record.copied = copiedUsage(record);
}
