// Burn rate and forecast: when a budget is reached if spending goes on at its recent pace. Pure, from the same
// replies (time OpenCode recorded, cost) the budgets sum, so the status bar, the notifications and every
// session_status answer the same time for the same replies, whenever they are asked.
//
// The pace is measured over the last PACE_WINDOW_MS: from the first costed reply in it to the last one, the
// cost of every reply after the first divided by that span (n replies make n − 1 intervals). A forecast is
// anchored at the last reply, not at "now", so it does not drift between two readers.

/** The recent window the pace is measured over: the tooltip names it. */
export const PACE_WINDOW_MS = 15 * 60_000;
/** A span shorter than this (replies of one burst) is counted as this long: no absurd rate from two replies 1 ms apart. */
const MIN_SPAN_MS = 10_000;
/** Spending counts as stopped after this many typical intervals without a reply, and never sooner than STOP_MIN_MS. */
const STOP_INTERVALS = 3;
const STOP_MIN_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface Spend {
  /** When OpenCode recorded the reply (ms). */
  created: number;
  /** USD. */
  cost: number;
}

export interface Pace {
  /** USD per hour between the first and the last costed reply of the window. */
  ratePerHour: number;
  /** The first and last costed replies counted (ms). */
  from: number;
  last: number;
  replies: number;
  /** Set when no reply came for longer than the pace makes likely: spending stopped (ms of the last reply). */
  stoppedAt?: number;
}

/**
 * The pace at `now`, or undefined when fewer than two replies with a cost fall in the window (nothing spends,
 * or too little to tell a pace).
 */
export function paceOf(replies: Iterable<Spend>, now: number, windowMs = PACE_WINDOW_MS): Pace | undefined {
  const since = now - windowMs;
  const times: Spend[] = [];
  for (const r of replies) if (r.cost > 0 && r.created >= since && r.created <= now) times.push(r);
  if (times.length < 2) return undefined;
  times.sort((a, b) => a.created - b.created);
  const from = times[0].created;
  const last = times[times.length - 1].created;
  const after = times.slice(1).reduce((sum, r) => sum + r.cost, 0);
  const span = Math.max(last - from, MIN_SPAN_MS);
  const interval = span / (times.length - 1);
  const stopped = now - last > Math.max(STOP_INTERVALS * interval, STOP_MIN_MS);
  return {
    ratePerHour: (after / span) * HOUR_MS,
    from,
    last,
    replies: times.length,
    ...(stopped && { stoppedAt: last }),
  };
}

/**
 * Each part's share of `all`, the pace of every part's replies together: all's rate split by what each part spent
 * in the window, so the shares add up to it (each part's own pace does not: its span is its own, and a part that
 * stopped spent inside all's span). Zeros when `all` is undefined or stopped.
 */
export function paceShares(all: Pace | undefined, parts: ReadonlyArray<Iterable<Spend>>, now: number, windowMs = PACE_WINDOW_MS): number[] {
  const since = now - windowMs;
  const spent = parts.map((replies) => {
    let sum = 0;
    for (const r of replies) if (r.cost > 0 && r.created >= since && r.created <= now) sum += r.cost;
    return sum;
  });
  const total = spent.reduce((a, b) => a + b, 0);
  if (!all || all.stoppedAt !== undefined || !(total > 0)) return spent.map(() => 0);
  return spent.map((sum) => (all.ratePerHour * sum) / total);
}

/**
 * quiet: nothing spends (or too little to tell); stopped: it spent recently, no longer; reached: the budget is
 * reached at `reachedAt` at this pace; afterReset: not before the window resets; over: already past it.
 */
export type ForecastState = 'quiet' | 'stopped' | 'reached' | 'afterReset' | 'over';

export interface Forecast {
  state: ForecastState;
  /** USD per hour at the recent pace; 0 when quiet or stopped. */
  ratePerHour: number;
  /** When the budget is reached at this pace (ms); null unless `reached`. */
  reachedAt: number | null;
}

/** The forecast of one budget (`resetsAt` null for one that never resets); null when the budget is off. */
export function forecastBudget(pace: Pace | undefined, budget: { used: number; limit: number; resetsAt: number | null }): Forecast | null {
  const { used, limit, resetsAt } = budget;
  if (!(limit > 0)) return null;
  if (used >= limit) return { state: 'over', ratePerHour: pace && !pace.stoppedAt ? pace.ratePerHour : 0, reachedAt: null };
  if (!pace || !(pace.ratePerHour > 0)) return { state: 'quiet', ratePerHour: 0, reachedAt: null };
  if (pace.stoppedAt !== undefined) return { state: 'stopped', ratePerHour: 0, reachedAt: null };
  // Anchored at the last reply, so every reader gets the same time; one already behind `now` (replies slowed
  // without stopping) stays as it is, and the words say "now" for it (app/budgets/forecastWords.ts).
  const reachedAt = Math.round(pace.last + ((limit - used) / pace.ratePerHour) * HOUR_MS);
  if (resetsAt !== null && reachedAt >= resetsAt) return { state: 'afterReset', ratePerHour: pace.ratePerHour, reachedAt: null };
  return { state: 'reached', ratePerHour: pace.ratePerHour, reachedAt };
}

export type ForecastBudget = 'session' | 'hour' | 'day' | 'week';

export interface ForecastInput {
  /** USD; 0 = off. */
  limits: Record<ForecastBudget, number>;
  /** What each window holds now and when it resets (store/budgetWindows.ts). */
  windows: Record<Exclude<ForecastBudget, 'session'>, { used: number; resetsAt: number }>;
  /** The pace of every server's replies together: the hour, day and week budgets cover them all. */
  pace: Pace | undefined;
  /** The session budget's task tree: what it spent and its own pace; absent where no session is in view. */
  session?: { used: number; pace: Pace | undefined };
}

/** Every budget's forecast; each null when that budget is off (the session's too when no session is given). */
export function forecastAll(input: ForecastInput): Record<ForecastBudget, Forecast | null> {
  const window = (name: Exclude<ForecastBudget, 'session'>) =>
    forecastBudget(input.pace, { ...input.windows[name], limit: input.limits[name] });
  return {
    session: input.session
      ? forecastBudget(input.session.pace, { used: input.session.used, limit: input.limits.session, resetsAt: null })
      : null,
    hour: window('hour'),
    day: window('day'),
    week: window('week'),
  };
}
