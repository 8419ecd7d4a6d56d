import * as vscode from 'vscode';
import { showError, showWarning } from '../../app/notify';
import type { ActiveTarget } from '../../app/activeSession';
import { reachedInSentence } from '../../app/forecastWords';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { budgetLevel, CrossingTracker, type BudgetLevel } from '../../store/budget';
import { windowStart } from '../../store/budgetWindows';
import type { Forecast } from '../../store/forecast';
import { sessionKey } from '../../store/sessionKey';
import type { BudgetName } from '../../store/sessionStatus';
import { BUDGETS, type Figures } from './statusFigures';
import { budgetWhat } from './statusText';

/** One notification each time a budget moves up a level (80 %, then past 100 %), never one per event. */
export class BudgetAlerts {
  private readonly tracker = new CrossingTracker();
  /** What the warnings said, newest last (for tests). */
  readonly said: string[] = [];

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
      this.said.push(message);
      void showError(message);
      return;
    }
    // "At this pace the day budget is reached in ~25 min (at 16:40)."
    const when = pace && reachedInSentence(budgetName(pace.name), pace.forecast);
    const message = [vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget (80 % or more).', ...args), when]
      .filter(Boolean)
      .join(' ');
    this.said.push(message);
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
