import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/activeSession';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { budgetLevel, CrossingTracker, type BudgetLevel } from '../../store/budget';
import { windowStart } from '../../store/budgetWindows';
import { sessionKey } from '../../store/sessionKey';
import { BUDGETS, type Figures } from './statusFigures';
import { budgetWhat } from './statusText';

/** One notification each time a budget moves up a level (80 %, then past 100 %), never one per event. */
export class BudgetAlerts {
  private readonly tracker = new CrossingTracker();

  /** Every budget of the active session's figures; past 100 % the budget enforcer speaks (when something spends, not on picking a session). */
  checkAll(target: ActiveTarget, { spent, limits }: Figures): void {
    const now = Date.now();
    const keys = {
      session: `session\u0000${sessionKey(target.connection.config.id, target.record.info.id)}`,
      hour: 'hour',
      day: `day\u0000${windowStart('day', now)}`,
      week: `week\u0000${windowStart('week', now)}`,
    };
    for (const name of BUDGETS)
      this.check(keys[name], budgetLevel(spent[name], limits[name]), budgetWhat(name, target), spent[name], limits[name], true);
  }

  /** `overrunSaidElsewhere`: past 100 % the budget enforcer says it (when something spends), with what it stopped. */
  check(key: string, level: BudgetLevel, what: string, spent: number, budget: number, overrunSaidElsewhere = false): void {
    const crossed = this.tracker.update(key, level);
    if (!crossed || (crossed === 'error' && overrunSaidElsewhere)) return;
    const args = [messageSafe(what), formatCost(spent), formatCost(budget)];
    if (crossed === 'error')
      void vscode.window.showErrorMessage(vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget: over budget.', ...args));
    else void vscode.window.showWarningMessage(vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget (80 % or more).', ...args));
  }
}
