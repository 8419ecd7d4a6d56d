// The active session's budget warnings: one notification each time a budget its figures count moves up a
// level (80 %, then past 100 %), raised when something changes what they count (the session, what was spent,
// the windows read, a setting), never while anything draws. Past 100 % the enforcer speaks (budgetEnforcer.ts).
import * as vscode from 'vscode';
import type { ActiveSession, ActiveTarget } from '../../app/sessions/activeSession';
import { WideFigures, type FigureSources, type Figures } from '../../app/budgets/budgetFigures';
import { Disposable } from '../../base/disposable';
import { reachedInSentence } from '../../app/budgets/forecastWords';
import { showError, showWarning } from '../../app/host/notify';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import { budgetLimits } from '../../app/settings/budgetLimits';
import { affectsSetting } from '../../app/settings/settingAccess';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { sessionTitle } from '../../present/sessionTitle';
import { BUDGETS, budgetLevel, CrossingTracker, type BudgetLevel, type BudgetName } from '../../store/budget';
import { windowStart } from '../../store/budgetWindows';
import type { Forecast } from '../../store/forecast';
import { sessionKey } from '../../store/sessionKey';
import { SpendWatch } from '../../store/spendMoved';
import type { ServerConnection } from '../../client/serverConnection';

export interface WarningSources extends FigureSources {
  active: ActiveSession;
  sessions: SessionsModel;
}

export class BudgetWarnings extends Disposable {
  private readonly alerts = new BudgetAlerts();
  private readonly wide: WideFigures;
  private readonly spent: SpendWatch<ServerConnection>;
  /** The budget windows' figures are at most a second old: a check that used older ones is followed by one with new ones. */
  private readonly wideTimer = this.ownTimer();

  constructor(private readonly sources: WarningSources) {
    super();
    this.wide = new WideFigures(sources);
    this.spent = new SpendWatch(sources.registry.all);
    this._register(sources.active.onDidChange(() => this.check()));
    this._register(sources.sessions.onDidChange((change) => this.spent.moved(change.sessions) && this.check()));
    this._register(sources.spend.onDidLoad(() => this.checkFresh()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, 'budget') && this.checkFresh()));
    this.check();
  }

  private checkFresh(): void {
    this.wide.stale();
    this.check();
  }

  private check(): void {
    const target = this.sources.active.get();
    // No budget set: nothing to warn of, and nothing read.
    if (!target || !Object.values(budgetLimits()).some((l) => l > 0)) return;
    const figures = this.wide.of(target, (ms) => {
      if (!this.wideTimer.pending) this.wideTimer.set(() => this.checkFresh(), ms);
    });
    this.alerts.checkAll(target, figures);
  }
}

/** One notification each time a budget moves up a level (80 %, then past 100 %), never one per event. */
class BudgetAlerts {
  private readonly tracker = new CrossingTracker();

  /** Every budget of the active session's figures; past 100 % the budget enforcer speaks (when something spends, not on picking a session). */
  checkAll(
    target: ActiveTarget,
    { spent, limits, forecasts }: Pick<Figures, 'spent' | 'limits'> & Partial<Pick<Figures, 'forecasts'>>,
  ): void {
    const now = Date.now();
    const keys = {
      session: `session\u0000${sessionKey(target.connection.config.id, target.record.info.id)}`,
      hour: 'hour',
      day: `day\u0000${windowStart('day', now)}`,
      week: `week\u0000${windowStart('week', now)}`,
    };
    for (const name of BUDGETS)
      this.check(keys[name], budgetLevel(spent[name], limits[name]), budgetWhat(name, target), spent[name], limits[name], true, {
        name,
        forecast: forecasts?.[name],
      });
  }

  /** `overrunSaidElsewhere`: past 100 % the budget enforcer says it (when something spends), with what it stopped. */
  check(
    key: string,
    level: BudgetLevel,
    what: string,
    spent: number,
    budget: number,
    overrunSaidElsewhere = false,
    pace?: { name: BudgetName; forecast: Forecast | null | undefined },
  ): void {
    const crossed = this.tracker.update(key, level);
    if (!crossed || (crossed === 'error' && overrunSaidElsewhere)) return;
    const args = [messageSafe(what), formatCost(spent), formatCost(budget)];
    if (crossed === 'error') {
      const message = vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget: over budget.', ...args);
      void showError(message);
      return;
    }
    // "At this pace the day budget is reached in ~25 min (at 16:40)."
    const when = pace && reachedInSentence(budgetName(pace.name), pace.forecast);
    const message = [vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget (80 % or more).', ...args), when]
      .filter(Boolean)
      .join(' ');
    void showWarning(message);
  }
}

function budgetName(name: BudgetName): string {
  switch (name) {
    case 'session':
      return vscode.l10n.t('session');
    case 'hour':
      return vscode.l10n.t('hourly');
    case 'day':
      return vscode.l10n.t('day');
    case 'week':
      return vscode.l10n.t('week');
  }
}

/** What a budget notification says has used it. */
function budgetWhat(name: BudgetName, target: ActiveTarget): string {
  switch (name) {
    case 'session':
      return `“${sessionTitle(target.record.info)}”`;
    case 'hour':
      return vscode.l10n.t('the last hour, across all servers,');
    case 'day':
      return vscode.l10n.t('today, across all servers,');
    case 'week':
      return vscode.l10n.t('this week, across all servers,');
  }
}
