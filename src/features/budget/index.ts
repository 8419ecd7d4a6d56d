// Budgets that act: past a limit, abort what it covers (budget.onExceeded = abort) or announce it (warn), and
// Raise Budget…, which notifications offer.
import type { App } from '../../app';
import { BudgetEnforcer } from './budgetEnforcer';
import { registerRaiseBudget } from './raiseBudget';
import { SessionAborter } from './sessionAborter';

export function registerBudget(app: App): { budgetEnforcer: BudgetEnforcer } {
  const budgetEnforcer = new BudgetEnforcer(app.sessions, app.spend, new SessionAborter(app.log));
  app.extension.subscriptions.push(budgetEnforcer, registerRaiseBudget());
  return { budgetEnforcer };
}
