// Budgets that act: past a limit, abort what it covers (budget.onExceeded = abort) or announce it (warn); the
// active session's warnings as a budget fills; and Raise Budget…, which notifications offer.
import type { App } from '../../app';
import { BudgetEnforcer } from './budgetEnforcer';
import { BudgetWarnings } from './budgetWarnings';
import { registerRaiseBudget } from './raiseBudget';
import { SessionAborter } from './sessionAborter';

export function registerBudget(app: App): { budgetEnforcer: BudgetEnforcer; budgetWarnings: BudgetWarnings } {
  const budgetEnforcer = new BudgetEnforcer(app.sessions, app.spend, new SessionAborter(app.log));
  const budgetWarnings = new BudgetWarnings(app);
  app.extension.subscriptions.push(budgetEnforcer, budgetWarnings, registerRaiseBudget());
  return { budgetEnforcer, budgetWarnings };
}
