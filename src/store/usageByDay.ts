// Tokens and cost per local day, from each assistant message's own `time.created`: what OpenCode
// recorded per day, not a session's whole total on its start day. For the panel's trend: each session's figures per
// day are kept and made again only for the sessions the store's change log names (and those whose read completed), so
// a live frame costs the sessions it changed, not every message of every session.
import type { SessionReader } from './sessionReader';
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

type Sessions = Pick<SessionReader, 'all' | 'get' | 'size' | 'changeStamp' | 'changedSince'>;

/**
 * Sums assistant messages by local day over the sessions `isComplete` says hold every message; a fork's copies of
 * its original's messages are not its own (copiedHistory.ts). Each session's days are summed, then the sessions'.
 */
export class DayTrend {
  /** The change stamp of the last read (undefined: none yet, every session is read). */
  private stamp?: number;
  /** Each held session's figures per day; undefined while it is not complete. */
  private readonly of = new Map<SessionRecord, Map<string, DayUsage> | undefined>();
  private readonly pending = new Set<SessionRecord>();
  /** Each day's sessions and their figures that day. */
  private readonly byDay = new Map<string, Map<SessionRecord, DayUsage>>();
  private readonly totals = new Map<string, DayUsage>();

  constructor(
    private readonly sessions: Sessions,
    private readonly isComplete: (record: SessionRecord) => boolean,
  ) {}

  read(): UsageByDay {
    // Not base/slices.ts's runNow: the page's build reads this file's types, and has no setImmediate.
    const steps = this.reading();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /**
   * The same in steps (runSliced), one a session or a day: the first read sums every message of every session (100 000
   * sessions of 5 replies were one step of 5 s). What changes between the steps is read next time (its stamp is later).
   */
  *reading(): Generator<void, UsageByDay, void> {
    const touched = new Set<string>();
    // Taken before the steps: the store may change between them.
    const changed = [...(this.stamp === undefined ? this.sessions.all() : this.sessions.changedSince(this.stamp))];
    this.stamp = this.sessions.changeStamp;
    for (const record of changed) {
      this.take(record, touched);
      yield;
    }
    // A session removed is not in the log: the records held here outnumber the store's, and are swept once.
    if (this.of.size > this.sessions.size)
      for (const record of [...this.of.keys()]) if (this.sessions.get(record.info.id) !== record) this.put(record, undefined, touched);
    // A read completes after its last change: the sessions still pending are asked again (each a lookup).
    for (const record of [...this.pending])
      if (this.isComplete(record)) {
        this.take(record, touched);
        yield;
      }
    for (const day of touched) {
      this.sum(day);
      yield;
    }
    const days = [...this.totals.values()].sort((a, b) => (a.day < b.day ? -1 : 1)).map((d) => ({ ...d }));
    return { days, pending: this.pending.size, sessions: this.sessions.size };
  }

  private take(record: SessionRecord, touched: Set<string>): void {
    // Removed (or replaced) since the read listed it, between its steps: its days go, not counted for good.
    if (this.sessions.get(record.info.id) !== record) return this.put(record, undefined, touched);
    this.put(record, this.isComplete(record) ? sessionDays(record) : undefined, touched);
    if (!this.isComplete(record)) this.pending.add(record);
  }

  /** The session's days become `days` (undefined: none, or gone with `held` false). */
  private put(record: SessionRecord, days: Map<string, DayUsage> | undefined, touched: Set<string>): void {
    const before = this.of.get(record);
    for (const day of before?.keys() ?? [])
      if (!days?.has(day)) {
        this.byDay.get(day)?.delete(record);
        touched.add(day);
      }
    for (const [day, usage] of days ?? []) {
      let sessions = this.byDay.get(day);
      if (!sessions) this.byDay.set(day, (sessions = new Map<SessionRecord, DayUsage>()));
      // Set in place where it was: the day's sum keeps its order.
      sessions.set(record, usage);
      touched.add(day);
    }
    this.pending.delete(record);
    if (this.sessions.get(record.info.id) === record) this.of.set(record, days);
    else this.of.delete(record);
  }

  /** A day's figures summed again over its sessions (one addition each). */
  private sum(day: string): void {
    const sessions = this.byDay.get(day);
    if (!sessions?.size) {
      this.byDay.delete(day);
      this.totals.delete(day);
      return;
    }
    let tokens = 0;
    for (const usage of sessions.values()) tokens += usage.tokens;
    this.totals.set(day, { day, tokens, cost: exactSum([...sessions.values()].map((u) => u.cost)) });
  }
}

/** Once, over the sessions as they are now (a recount: the same sums DayTrend keeps). */
export function usageByDay(records: Iterable<SessionRecord>, isComplete: (record: SessionRecord) => boolean): UsageByDay {
  const byDay = new Map<string, DayUsage[]>();
  let pending = 0;
  let sessions = 0;
  for (const record of records) {
    sessions += 1;
    if (!isComplete(record)) pending += 1;
    else
      for (const usage of sessionDays(record).values()) {
        const usages = byDay.get(usage.day);
        if (usages) usages.push(usage);
        else byDay.set(usage.day, [usage]);
      }
  }
  const days = [...byDay].map(([day, usages]) => ({
    day,
    tokens: usages.reduce((sum, u) => sum + u.tokens, 0),
    cost: exactSum(usages.map((u) => u.cost)),
  }));
  return { days: days.sort((a, b) => (a.day < b.day ? -1 : 1)), pending, sessions };
}

/**
 * The correctly rounded sum (Shewchuk's partials, as Python's math.fsum): the same whatever the order, so a day's
 * sessions summed as they came equal a recount in the store's order, to the last bit.
 */
function exactSum(values: number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    if (!Number.isFinite(x)) return values.reduce((a, b) => a + b, 0);
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  if (!n) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo) break;
  }
  // Half-way cases: the partial below decides which way the sum rounds.
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** One session's spent messages summed per local day; the day worked out once per day crossed, not per message. */
function sessionDays(record: SessionRecord): Map<string, DayUsage> {
  const days = new Map<string, DayUsage>();
  let bounds = { start: Infinity, end: -Infinity, usage: undefined as DayUsage | undefined };
  for (const message of spentMessages(record)) {
    const at = message.created;
    if (!(at >= bounds.start && at < bounds.end)) {
      const day = localDay(at);
      let usage = days.get(day);
      if (!usage) days.set(day, (usage = { day, tokens: 0, cost: 0 }));
      bounds = { ...dayBounds(at), usage };
    }
    bounds.usage!.tokens += totalTokens(message.usage);
    bounds.usage!.cost += message.usage.cost;
  }
  return days;
}

/** The local day around `ms`, [start, end); empty for a time that is not a number (each such message asks again). */
function dayBounds(ms: number): { start: number; end: number } {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return { start: Infinity, end: -Infinity };
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return { start, end };
}
