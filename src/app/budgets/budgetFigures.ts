// The active session's figures against the budgets: what it and the budget windows spent against their limits,
// the level that colours the status bar, each budget's forecast, and the all-sessions total. The windows and
// that total read every server, so they are recomputed at most once a second; the session's own figures each
// time they are asked for. The status bar shows them; the budget feature warns from them.
import type { ActiveTarget } from '../sessions/activeSession';
import { allServersTotal, type AllServers, type ClusterManager } from '../cluster';
import type { ServerRegistry } from '../servers/serverRegistry';
import { budgetLimits } from '../settings/budgetLimits';
import type { ServerPace, SpendWindows } from './spendWindows';
import { BUDGETS, budgetLevel, worstLevel, type BudgetLevel, type BudgetName } from '../../store/budget';
import { repliesOf } from '../../store/budgetWindows';
import { forecastAll, paceOf, type Forecast } from '../../store/forecast';

export const WIDE_EVERY_MS = 1000;

/** What the figures read: every server and cluster Agent, and the budget windows. */
export interface FigureSources {
  registry: ServerRegistry;
  spend: SpendWindows;
  cluster?: ClusterManager;
}

export interface Figures {
  /** USD against each budget: the session with its sub-agents, and the hour, day and week windows. */
  spent: Record<BudgetName, number>;
  /** USD; 0 = off. */
  limits: Record<BudgetName, number>;
  level: BudgetLevel;
  allServers: AllServers;
  /** Each budget's forecast at the recent pace (null: off). */
  forecasts: Record<BudgetName, Forecast | null>;
  /** Each server's share of the windows' pace where more than one spends (the shares add up to that pace). */
  serverPaces: Array<Pick<ServerPace, 'label' | 'share'>>;
  /**
   * Which figures leave out sub-agents not read yet (OpenCode 2 listed by parent), so are "at least": the
   * session's Σ, the windows (a session active in them not read whole), every session (any tree not read whole).
   */
  partial: { session: boolean; windows: boolean; allServers: boolean };
}

export class WideFigures {
  private wide?: {
    at: number;
    windows: ReturnType<SpendWindows['current']>;
    pace: ReturnType<SpendWindows['pace']>;
    allServers: AllServers;
    partialWindows: boolean;
    partialAll: boolean;
  };

  constructor(private readonly sources: FigureSources) {}

  /** Forgets the once-a-second figures (a setting changed, or the windows finished reading). */
  stale(): void {
    this.wide = undefined;
  }

  /** How long until the wide figures may be read again (0: now). */
  wait(now = Date.now()): number {
    return this.wide ? Math.max(0, WIDE_EVERY_MS - (now - this.wide.at)) : 0;
  }

  /** The figures now; `tooOld(ms)` is told when the wide ones are older than a second's worth and will be in ms. */
  of(target: ActiveTarget, tooOld: (ms: number) => void): Figures {
    const limits = budgetLimits();
    const { windows, pace, allServers, partialWindows, partialAll } = this.wideFigures(limits.week > 0, tooOld);
    const inclusive = target.connection.sessions.inclusive(target.record.info.id);
    const spent: Record<BudgetName, number> = {
      session: inclusive.cost,
      hour: windows.hour.used,
      day: windows.day.used,
      week: windows.week.used,
    };
    const level = worstLevel(...BUDGETS.map((name) => budgetLevel(spent[name], limits[name])));
    const now = Date.now();
    const { connection, record } = target;
    const tree = [record, ...connection.sessions.descendantsOf(record.info.id)];
    const forecasts = forecastAll({
      limits,
      windows,
      pace: pace.all,
      session: { used: inclusive.cost, pace: paceOf(repliesOf(tree), now) },
    });
    const partial = { session: connection.sessions.partial(record.info.id), windows: partialWindows, allServers: partialAll };
    return { spent, limits, level, allServers, forecasts, serverPaces: pace.servers.length > 1 ? pace.servers : [], partial };
  }

  private wideFigures(wholeWeek: boolean, tooOld: (ms: number) => void): NonNullable<WideFigures['wide']> {
    const now = Date.now();
    const age = this.wide ? now - this.wide.at : Infinity;
    if (this.wide && age < WIDE_EVERY_MS) {
      tooOld(WIDE_EVERY_MS - age);
      return this.wide;
    }
    this.wide = {
      at: now,
      windows: this.sources.spend.current(wholeWeek, now),
      pace: this.sources.spend.pace(now),
      allServers: allServersTotal(this.sources.registry, this.sources.cluster),
      partialWindows: this.sources.spend.partial(wholeWeek, now),
      partialAll: this.sources.registry.all.some((c) => c.sessions.anyUnread),
    };
    return this.wide;
  }
}
