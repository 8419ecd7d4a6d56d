// The status of one session as agents and other tools read it: the one answer the OpenCode plugin tool,
// the VS Code language-model tool, the extension API and the loopback endpoint all give, so they can
// never disagree. Pure: the caller gathers the sessions and their finished steps, this does the arithmetic.
import { selfAndAncestors } from './ancestors';
import type { BudgetName } from './budget';
import type { SpendByWindow, WindowName } from './budgetWindows';
import { sumOfListSums, type ListSum } from './price/listSum';
import { addUsage, totalTokens, ZERO_USAGE, type Usage } from './usage';
import type { GoPlanStatus } from './goPlan';
import { forecastAll, paceOf, PACE_WINDOW_MS, type Forecast, type ForecastState, type Pace, type Spend } from './forecast';
import type { TimelineStatus } from './timeline/timelineTypes';

/** Token kinds and cost over some finished model steps; `turns` counts the steps. */
export interface UsageCounts extends Usage {
  turns: number;
  totalTokens: number;
  /**
   * USD, estimated: the steps OpenCode recorded at $0 (subscription, free models) at their model's list price,
   * from the server's catalog; 0 when no step was recorded at $0; null when some were and none has a list price.
   */
  listCost: number | null;
}

export interface BudgetStatus {
  /** USD spent against it. */
  used: number;
  /** USD. */
  limit: number;
  /** used ÷ limit × 100. */
  percent: number;
  /** USD left; 0 once over. */
  remaining: number;
  /** When the figure goes down or starts again (ISO 8601); null for the session budget, which never resets. */
  resetsAt: string | null;
}

/** A budget's forecast at the recent pace. */
export interface BudgetForecast {
  /** quiet: nothing spends; stopped: it spent recently, no longer; reached: at `reachedAt`; afterReset: not before it resets; over: already past it. */
  state: ForecastState;
  /** USD per hour over the last `paceMinutes` minutes (from its first reply to its last); 0 when quiet or stopped. */
  ratePerHour: number;
  /** When the budget is reached at this pace (ISO 8601); null unless `state` is `reached`. */
  reachedAt: string | null;
  paceMinutes: number;
}

/** session: the session asked about; root: the whole task tree (the one its session budget counts), answered for its root. */
export type StatusScope = 'session' | 'root';

/** A scope as a caller gave it: missing is `session`; anything but the two names is undefined (refused). */
export function statusScope(value: unknown): StatusScope | undefined {
  if (value === undefined || value === null) return 'session';
  return value === 'session' || value === 'root' ? value : undefined;
}

export interface SessionStatus {
  session: {
    id: string;
    parentId: string | null;
    /** The session the task tree starts from (itself for a top-level session). */
    rootId: string;
    title: string;
    agent: string | null;
    /** providerID/modelID */
    model: string | null;
    /** The server's name as the extension shows it. */
    server: string;
  };
  /** Busy: the calling step has no usage yet, so it is not in these figures. */
  inFlight: boolean;
  /** session: this session; root: the whole task tree, answered for its root. */
  scope: StatusScope;
  usage: {
    session: UsageCounts;
    /** Every descendant at any depth, each once. */
    subagents: UsageCounts & { sessions: number };
    total: UsageCounts;
    /** The last finished step of this session. */
    lastTurn: UsageCounts | null;
  };
  context: {
    /** Tokens of the newest reply with output: input + output + reasoning + cache read + cache write. */
    used: number;
    /** The model's context window, when known. */
    limit: number | null;
    percent: number | null;
    /** The context % at which compaction is suggested. */
    compactAt: number;
  };
  /** Where `listCost` comes from (null when the answer was computed without a catalog). */
  listPrice: {
    /** The providers whose list prices were used, as the catalog names them ("Anthropic"). */
    sources: string[];
    /** The listings used, `providerID/modelID`. */
    models: string[];
    /** Tokens recorded at $0 that no listing prices: "no list price". */
    unlistedTokens: number;
  } | null;
  /** Each in USD, null when that budget is off; null altogether where no budgets are known (the plugin on its own). */
  budgets: Record<BudgetName, BudgetStatus | null> | null;
  /** Each budget's forecast (null when that budget is off); null altogether where budgets are unknown. */
  forecast: Record<BudgetName, BudgetForecast | null> | null;
  /**
   * The hour, day and week budgets' forecasts at the pace of this session's server alone (`forecast` uses every
   * server's together): its rate per hour, and when each is reached if only it went on spending; quiet where it
   * does not spend. null where budgets are unknown.
   */
  serverForecast: Record<WindowName, BudgetForecast | null> | null;
  /** OpenCode Go's plan windows when a Go key is set; null otherwise (and from the plugin on its own). */
  plan: GoPlanStatus | null;
  /**
   * Where the time of the answered session and its sub-agents went (store/timeline/): from its first step to its
   * last (`wallMs`), some step running (`busyMs`), someone waiting for a permission, an answer, a retry, a budget
   * pause or a sub-agent while nothing else in the tree ran (`waitingMs`), nothing at all (`idleMs`), and the chain of sessions it waited on (`criticalPath`); null
   * where it was not computed.
   */
  timeline: TimelineStatus | null;
  /**
   * From VS Code: set while a budget paused the session (budget.onExceeded = pause): which budget, its limit then
   * and what was spent against it at the pause (USD), and when (ISO 8601); null when it is not paused. Absent
   * where pauses are unknown (the plugin on its own).
   */
  paused?: PauseStatus | null;
  /** Present only when the figures are the last known (the session's server is not connected). */
  /** Root sessions on every server VS Code shows that wait for the user, and unread ones (the extension only). */
  attention?: { waiting: number; unread: number };
  stale?: true;
  /** With `stale`: when the server was last connected (ISO 8601), null if it never was in this run. */
  liveAt?: string | null;
}

export interface PauseStatus {
  budget: BudgetName;
  limit: number;
  spent: number;
  at: string;
}

/** A pause as `session_status` says it (at in ISO 8601). */
export function pauseStatus(pause: { budget: BudgetName; limit: number; spent: number; at: number } | undefined): PauseStatus | null {
  return pause ? { budget: pause.budget, limit: pause.limit, spent: pause.spent, at: new Date(pause.at).toISOString() } : null;
}

export interface StatusSessionInput {
  id: string;
  parentId?: string;
  title: string;
  agent?: string;
  /** providerID/modelID */
  model?: string;
  busy: boolean;
  /** Finished steps (`step-finish` parts), oldest first. */
  steps: readonly Usage[];
  /** Each step's list price, in the same order; absent where no catalog is known. */
  stepLists?: readonly ListSum[];
  /** Tokens of the newest reply with output, and its model's context window. */
  context?: { tokens: number; limit?: number };
  /** Each reply's time and cost, as the budgets count them: the session budget's pace. */
  spend?: readonly Spend[];
}

export interface SessionStatusInput {
  sessionId: string;
  server: string;
  /** Every session of the server that may be in the task tree (more does no harm). */
  sessions: readonly StatusSessionInput[];
  scope?: StatusScope;
  /** The compaction threshold as a fraction (0.9). */
  compactAt: number;
  /** Budget limits in USD (0 = off) and what each window holds; null: budgets unknown. */
  budgets: {
    limits: Record<BudgetName, number>;
    windows: SpendByWindow;
    /** Every server's replies together. */
    pace?: Pace;
    /** The replies of the session's server alone. */
    serverPace?: Pace;
  } | null;
  /** OpenCode Go's windows, when a key is set. */
  plan?: GoPlanStatus | null;
  /** The clock the forecasts are measured against (ms). */
  now?: number;
  /** Set when the sessions are the last known, not live: when their server was last connected (ms), if ever. */
  stale?: { liveAt: number | undefined };
  /** The timeline of a session's tree (it and its descendants), when the caller reads one at once (the extension and
   * the plugin build it in slices, treeTimeline.ts#treeTimelineStatus, and set `timeline` afterwards). */
  timelineOf?: (sessionId: string) => TimelineStatus | undefined;
}

/** The status, or undefined when the session is not among `sessions`. */
export function buildSessionStatus(input: SessionStatusInput): SessionStatus | undefined {
  const byId = new Map(input.sessions.map((s) => [s.id, s]));
  const asked = byId.get(input.sessionId);
  if (!asked) return undefined;
  const parentOf = (id: string) => {
    const parent = byId.get(id)?.parentId;
    return parent && byId.has(parent) ? parent : undefined;
  };
  let rootId = asked.id;
  for (const id of selfAndAncestors(asked.id, parentOf)) rootId = id;
  const scope = input.scope ?? 'session';
  const target = scope === 'root' ? byId.get(rootId)! : asked;
  const own = counts(target.steps, target.stepLists);
  const below = descendants(target.id, input.sessions);
  const subagents = below.reduce((sum, s) => addCounts(sum, counts(s.steps, s.stepLists)), counts([], []));
  const last = target.steps.at(-1);
  const priced = target.stepLists !== undefined;
  const tree = [byId.get(rootId)!, ...descendants(rootId, input.sessions)];
  const listed = sumOfListSums([target, ...below].flatMap((s) => s.stepLists ?? []));
  const context = target.context;
  const treeCost = tree.reduce((sum, s) => sum + counts(s.steps, undefined).cost, 0);
  return {
    session: {
      id: target.id,
      parentId: parentOf(target.id) ?? target.parentId ?? null,
      rootId,
      title: target.title,
      agent: target.agent ?? null,
      model: target.model ?? null,
      server: input.server,
    },
    inFlight: target.busy,
    scope,
    usage: {
      session: own,
      subagents: { ...subagents, sessions: below.length },
      total: addCounts(own, subagents),
      lastTurn: last ? counts([last], target.stepLists?.slice(-1)) : null,
    },
    context: {
      used: context?.tokens ?? 0,
      limit: context?.limit ?? null,
      percent: context?.limit ? round((100 * context.tokens) / context.limit) : null,
      compactAt: round(100 * input.compactAt),
    },
    listPrice: priced ? { sources: listed.sources, models: listed.listings, unlistedTokens: listed.unlistedTokens } : null,
    budgets: input.budgets && {
      session: budget(treeCost, input.budgets.limits.session, null),
      hour: windowBudget('hour', input.budgets),
      day: windowBudget('day', input.budgets),
      week: windowBudget('week', input.budgets),
    },
    forecast: input.budgets && forecasts(input.budgets, treeCost, tree, input.now ?? Date.now()),
    serverForecast: input.budgets && serverForecasts(input.budgets),
    plan: input.plan ?? null,
    timeline: input.timelineOf?.(target.id) ?? null,
    ...(input.stale && {
      stale: true as const,
      liveAt: input.stale.liveAt === undefined ? null : new Date(input.stale.liveAt).toISOString(),
    }),
  };
}

function forecasts(
  budgets: NonNullable<SessionStatusInput['budgets']>,
  treeCost: number,
  tree: readonly StatusSessionInput[],
  now: number,
): Record<BudgetName, BudgetForecast | null> {
  const all = forecastAll({
    limits: budgets.limits,
    windows: budgets.windows,
    pace: budgets.pace,
    session: {
      used: treeCost,
      pace: paceOf(
        tree.flatMap((s) => s.spend ?? []),
        now,
      ),
    },
  });
  return { session: shown(all.session), hour: shown(all.hour), day: shown(all.day), week: shown(all.week) };
}

/** The window budgets at the pace of the session's server alone, against what every server spent in them. */
function serverForecasts(budgets: NonNullable<SessionStatusInput['budgets']>): Record<WindowName, BudgetForecast | null> {
  const all = forecastAll({ limits: budgets.limits, windows: budgets.windows, pace: budgets.serverPace });
  return { hour: shown(all.hour), day: shown(all.day), week: shown(all.week) };
}

function shown(f: Forecast | null): BudgetForecast | null {
  return (
    f && {
      state: f.state,
      ratePerHour: f.ratePerHour,
      reachedAt: f.reachedAt === null ? null : new Date(f.reachedAt).toISOString(),
      paceMinutes: PACE_WINDOW_MS / 60_000,
    }
  );
}

/** Every descendant of `id` at any depth, each once (malformed parent links cannot loop). */
function descendants(id: string, sessions: readonly StatusSessionInput[]): StatusSessionInput[] {
  const children = new Map<string, StatusSessionInput[]>();
  // Pushed, not copied: a root of 10 000 sub-agents copied its list per child (quadratic).
  for (const s of sessions) if (s.parentId) (children.get(s.parentId) ?? children.set(s.parentId, []).get(s.parentId)!).push(s);
  const found: StatusSessionInput[] = [];
  const seen = new Set([id]);
  // Depth first in the order listed, on a stack of our own: a chain of 10 000 overflowed the call stack.
  const stack = [...(children.get(id) ?? [])].reverse();
  for (let child = stack.pop(); child; child = stack.pop()) {
    if (seen.has(child.id)) continue;
    seen.add(child.id);
    found.push(child);
    const below = children.get(child.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
  }
  return found;
}

/** `lists`: each step's list price; without them the list cost is unknown (null) wherever a step was recorded at $0. */
function counts(steps: readonly Usage[], lists: readonly ListSum[] | undefined): UsageCounts {
  let sum: Usage = { ...ZERO_USAGE };
  for (const step of steps) sum = addUsage(sum, step);
  const zeroCostTokens = steps.reduce((n, step) => n + (step.cost === 0 ? totalTokens(step) : 0), 0);
  const list = sumOfListSums(lists ?? []);
  return { turns: steps.length, ...sum, totalTokens: totalTokens(sum), listCost: listCostOf(list.listCost, zeroCostTokens) };
}

function addCounts(a: UsageCounts, b: UsageCounts): UsageCounts {
  const sum = addUsage(a, b);
  const listCost = a.listCost === null ? b.listCost : b.listCost === null ? a.listCost : a.listCost + b.listCost;
  return { turns: a.turns + b.turns, ...sum, totalTokens: totalTokens(sum), listCost };
}

/** null when tokens were recorded at $0 and none of them has a list price. */
function listCostOf(listCost: number, zeroCostTokens: number): number | null {
  return listCost === 0 && zeroCostTokens > 0 ? null : listCost;
}

function windowBudget(name: WindowName, budgets: NonNullable<SessionStatusInput['budgets']>): BudgetStatus | null {
  const window = budgets.windows[name];
  return budget(window.used, budgets.limits[name], window.resetsAt);
}

function budget(used: number, limit: number, resetsAt: number | null): BudgetStatus | null {
  if (!(limit > 0)) return null;
  return {
    used,
    limit,
    percent: round((100 * used) / limit),
    remaining: Math.max(0, limit - used),
    resetsAt: resetsAt === null ? null : new Date(resetsAt).toISOString(),
  };
}

/** Percent figures to 0.1: as precise as a decision needs; USD and tokens stay exact. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
