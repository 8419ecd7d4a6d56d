import * as vscode from 'vscode';
import { CrossingTracker, type BudgetLevel } from '../../store/budget';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';

/** One notification each time a budget moves up a level (80 %, then past 100 %), never one per event. */
export class BudgetAlerts {
  private readonly tracker = new CrossingTracker();

  /** `overrunSaidElsewhere`: past 100 % the budget enforcer says it (when something spends), with what it stopped. */
  check(key: string, level: BudgetLevel, what: string, spent: number, budget: number, overrunSaidElsewhere = false): void {
    const crossed = this.tracker.update(key, level);
    if (!crossed || (crossed === 'error' && overrunSaidElsewhere)) return;
    const args = [messageSafe(what), formatCost(spent), formatCost(budget)];
    if (crossed === 'error') void vscode.window.showErrorMessage(vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget: over budget.', ...args));
    else void vscode.window.showWarningMessage(vscode.l10n.t('OpenCode: {0} has used {1} of its {2} budget (80 % or more).', ...args));
  }
}
