// OpenCode Go's plan windows as its usage endpoint answers them, and a forecast per window. Pure.
//
// The shape, from OpenCode's console (anomalyco/opencode, packages/console/app/src/routes/zen/go/v1/usage.ts at
// commit 025deac6f0f349a675832579b25452e9ca48ec65): 200 → `{workspaceID, userID, usage: {rolling, weekly,
// monthly}}`, each `{status: "ok" | "rate-limited", percent, resetsAt: ISO}`; 401 `AuthError` (missing or
// unknown key); 403 `EntitlementError` (no Go subscription). The windows are $12 per 5 hours (rolling), $30 per
// week and $60 per month of list price, account-wide: local spending is only part of it.

export type GoWindowName = 'rolling' | 'weekly' | 'monthly';
export const GO_WINDOWS: readonly GoWindowName[] = ['rolling', 'weekly', 'monthly'];
/** Each window's size in USD of list price: local spend on Go models converts to its percent. */
export const GO_WINDOW_USD: Record<GoWindowName, number> = { rolling: 12, weekly: 30, monthly: 60 };

export interface GoWindow {
  status: 'ok' | 'rate-limited';
  /** 0–100 (more past the limit). */
  percent: number;
  /** ms */
  resetsAt: number;
}

export interface GoUsage {
  workspaceID: string;
  userID: string;
  windows: Record<GoWindowName, GoWindow>;
}

/** The endpoint's 200 body, or an Error saying what is missing (the shape changed). */
export function parseGoUsage(body: unknown): GoUsage {
  const o = body as { workspaceID?: unknown; userID?: unknown; usage?: Record<string, unknown> } | null;
  if (!o || typeof o !== 'object' || !o.usage || typeof o.usage !== 'object') throw new Error('the answer has no "usage" object');
  const windows = {} as Record<GoWindowName, GoWindow>;
  for (const name of GO_WINDOWS) {
    const w = o.usage[name] as { status?: unknown; percent?: unknown; resetsAt?: unknown } | undefined;
    const resetsAt = typeof w?.resetsAt === 'string' ? Date.parse(w.resetsAt) : NaN;
    if (!w || typeof w.percent !== 'number' || !Number.isFinite(w.percent) || Number.isNaN(resetsAt))
      throw new Error(`the "${name}" window lacks a percent or a reset time`);
    windows[name] = { status: w.status === 'rate-limited' ? 'rate-limited' : 'ok', percent: w.percent, resetsAt };
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { workspaceID: text(o.workspaceID), userID: text(o.userID), windows };
}

/** One reading of a window's percent. */
export interface GoReading {
  at: number;
  percent: number;
}

export interface GoForecast {
  state: 'quiet' | 'reached' | 'afterReset' | 'over';
  /** Percentage points per hour. */
  percentPerHour: number;
  /** ms; null unless `reached`. */
  reachedAt: number | null;
  /** readings: the endpoint's percents rose between readings; localSpend: this machine's spend on Go models. */
  from: 'readings' | 'localSpend' | null;
}

const HOUR_MS = 3_600_000;
/** Readings older than this say nothing about the pace now. */
export const GO_READINGS_MS = 60 * 60_000;

/**
 * When the window reaches 100 % at its recent pace: the rise between the oldest and newest reading of the last
 * hour in the window's current period, else the local spend on Go models (USD per hour) as a share of the window.
 */
export function forecastGoWindow(
  window: GoWindow,
  readings: readonly GoReading[],
  localUsdPerHour: number,
  name: GoWindowName,
  now: number,
): GoForecast {
  if (window.percent >= 100 || window.status === 'rate-limited') return { state: 'over', percentPerHour: 0, reachedAt: null, from: null };
  const recent = readings.filter((r) => r.at >= now - GO_READINGS_MS && r.at <= now);
  let rate = 0;
  let from: GoForecast['from'] = null;
  let anchor = now;
  if (recent.length >= 2) {
    const first = recent[0];
    const last = recent[recent.length - 1];
    // A fall means the window moved on: the readings before it belong to the last period.
    if (last.percent > first.percent && last.at > first.at && recent.every((r, i) => i === 0 || r.percent >= recent[i - 1].percent)) {
      rate = ((last.percent - first.percent) / (last.at - first.at)) * HOUR_MS;
      from = 'readings';
      anchor = last.at;
    }
  }
  if (!from && localUsdPerHour > 0) {
    rate = (localUsdPerHour / GO_WINDOW_USD[name]) * 100;
    from = 'localSpend';
  }
  if (!(rate > 0)) return { state: 'quiet', percentPerHour: 0, reachedAt: null, from: null };
  const reachedAt = Math.max(now, Math.round(anchor + ((100 - window.percent) / rate) * HOUR_MS));
  if (reachedAt >= window.resetsAt) return { state: 'afterReset', percentPerHour: rate, reachedAt: null, from };
  return { state: 'reached', percentPerHour: rate, reachedAt, from };
}

/** The plan as session_status and getAPI(1) give it (JSON: times ISO 8601). */
export interface GoPlanStatus {
  name: 'OpenCode Go';
  /** The last figures read; null before the first answer. */
  windows: Record<GoWindowName, GoWindowStatus> | null;
  /** When `windows` were read; null before the first answer. */
  readAt: string | null;
  /** The last read failed: what happened and what to do (the windows are then the last known). */
  error: string | null;
}

export interface GoWindowStatus {
  status: 'ok' | 'rate-limited';
  percent: number;
  resetsAt: string;
  forecast: { state: GoForecast['state']; percentPerHour: number; reachedAt: string | null; from: GoForecast['from'] };
}

export function goPlanStatus(
  usage: GoUsage | undefined,
  readAt: number | undefined,
  error: string | undefined,
  forecasts: Partial<Record<GoWindowName, GoForecast>>,
): GoPlanStatus {
  const iso = (ms: number) => new Date(ms).toISOString();
  const windows = usage
    ? (Object.fromEntries(
        GO_WINDOWS.map((name) => {
          const w = usage.windows[name];
          const f = forecasts[name] ?? { state: 'quiet', percentPerHour: 0, reachedAt: null, from: null };
          return [
            name,
            {
              status: w.status,
              percent: w.percent,
              resetsAt: iso(w.resetsAt),
              forecast: {
                state: f.state,
                percentPerHour: f.percentPerHour,
                reachedAt: f.reachedAt === null ? null : iso(f.reachedAt),
                from: f.from,
              },
            },
          ];
        }),
      ) as Record<GoWindowName, GoWindowStatus>)
    : null;
  return { name: 'OpenCode Go', windows, readAt: readAt === undefined ? null : iso(readAt), error: error ?? null };
}
