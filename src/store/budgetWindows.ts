// The spending windows budgets are measured over, in the user's local time: the last 60 minutes (rolling),
// the day since local midnight and the week since Monday 00:00. Each reply counts at the time OpenCode
// recorded it.
import { startOfDay } from './calendar';
import { spentMessages } from './copiedHistory';
import type { ListPricer } from './price/listPricer';
import type { SessionRecord } from './sessionRecord';
import { replyCost, type SpendReader } from './spendLedger';

export type WindowName = 'hour' | 'day' | 'week';

export interface WindowSpend {
  /** USD spent in the window. */
  used: number;
  /** When the window's figure next goes down or starts again from 0 (ms). */
  resetsAt: number;
}

export type SpendByWindow = Record<WindowName, WindowSpend>;

const HOUR_MS = 3_600_000;

/** Local Monday 00:00 of the week `ms` falls in. */
export function startOfWeek(ms: number): number {
  const d = new Date(startOfDay(ms));
  const sinceMonday = (d.getDay() + 6) % 7;
  d.setDate(d.getDate() - sinceMonday);
  return d.getTime();
}

/** The start of the window at `now` (the hour window: 60 minutes before). */
export function windowStart(name: WindowName, now: number): number {
  if (name === 'hour') return now - HOUR_MS;
  return name === 'day' ? startOfDay(now) : startOfWeek(now);
}

/**
 * The start of the longest window at `now`: the week's, or the rolling hour's early on a Monday. Replies before it
 * count toward no budget or window (the pace's 15 minutes lie within the hour).
 */
export function earliestWindowStart(now: number): number {
  return Math.min(windowStart('week', now), windowStart('hour', now));
}

/**
 * What each window holds at `now`. The day and week reset at the next local midnight or Monday; the rolling
 * hour first goes down when its oldest counted reply leaves it (in an hour when it holds none).
 */
export function spendByWindow(replies: Iterable<{ created: number; cost: number }>, now: number): SpendByWindow {
  const starts = startsAt(now);
  const used = { hour: 0, day: 0, week: 0 };
  let oldestInHour = Infinity;
  for (const { created, cost } of replies) {
    if (created > now) continue;
    if (created >= starts.week) used.week += cost;
    if (created >= starts.day) used.day += cost;
    if (created >= starts.hour) {
      used.hour += cost;
      if (cost > 0) oldestInHour = Math.min(oldestInHour, created);
    }
  }
  return windowsOf(starts, used, oldestInHour, now);
}

/**
 * What each window holds at `now`, as spendByWindow says it, from the replies the stores' ledgers keep (each with
 * its server's pricer, or undefined: costs as recorded): the week's minutes summed, not every session.
 */
export function ledgerWindows(ledgers: Iterable<{ ledger: SpendReader; pricer: ListPricer | undefined }>, now: number): SpendByWindow {
  const starts = startsAt(now);
  const used = { hour: 0, day: 0, week: 0 };
  let oldestInHour = Infinity;
  for (const { ledger, pricer } of ledgers) {
    used.week += ledger.sum(starts.week, now, pricer).cost;
    used.day += ledger.sum(starts.day, now, pricer).cost;
    const hour = ledger.sum(starts.hour, now, pricer, starts.hour);
    used.hour += hour.cost;
    oldestInHour = Math.min(oldestInHour, hour.oldest);
  }
  return windowsOf(starts, used, oldestInHour, now);
}

const startsAt = (now: number): Record<WindowName, number> => ({
  hour: windowStart('hour', now),
  day: windowStart('day', now),
  week: windowStart('week', now),
});

/** The day and week reset at the next local midnight or Monday; the rolling hour as its oldest counted reply leaves. */
function windowsOf(starts: Record<WindowName, number>, used: Record<WindowName, number>, oldestInHour: number, now: number): SpendByWindow {
  const nextDay = new Date(starts.day);
  nextDay.setDate(nextDay.getDate() + 1);
  const nextWeek = new Date(starts.week);
  nextWeek.setDate(nextWeek.getDate() + 7);
  return {
    hour: { used: used.hour, resetsAt: (Number.isFinite(oldestInHour) ? oldestInHour : now) + HOUR_MS },
    day: { used: used.day, resetsAt: nextDay.getTime() },
    week: { used: used.week, resetsAt: nextWeek.getTime() },
  };
}

/**
 * Every reply of these sessions with its cost, at the time OpenCode recorded it. A session's `time.updated`
 * says nothing about when its cost was spent (a session from last week touched today would count whole), so
 * windows sum replies; deleted sessions drop out, as their messages are gone from the server too. A fork's copies
 * of its original's replies are not its own (copiedHistory.ts): the original's were counted, once.
 */
export function* repliesOf(records: Iterable<SessionRecord>, listPrices?: ListPricer): Generator<{ created: number; cost: number }> {
  for (const record of records) {
    for (const message of spentMessages(record)) {
      // With `listPrices` (budget.countListPrice), a reply recorded at $0 counts at its model's list price.
      yield { created: message.created, cost: replyCost(message, listPrices) };
    }
  }
}
