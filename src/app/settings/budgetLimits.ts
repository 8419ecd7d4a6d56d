import * as vscode from 'vscode';
import type { BudgetName } from '../../store/sessionStatus';

/** The budgets in USD as the settings say (`0`, or anything unreadable, turns one off). */
export function budgetLimits(): Record<BudgetName, number> {
  const config = vscode.workspace.getConfiguration('opencodeSessions');
  const read = (key: string) => {
    const value = config.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
  };
  return { session: read('budget.perSession'), hour: read('budget.perHour'), day: read('budget.perDay'), week: read('budget.perWeek') };
}
