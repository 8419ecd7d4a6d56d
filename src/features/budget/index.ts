// Budgets that act: past a limit, abort what it covers (budget.onExceeded = abort), pause it to resume once raised
// (pause) or announce it (warn); the active session's warnings as a budget fills; Raise Budget…, which
// notifications offer; and what the user does with paused sessions (Raise Budget and Resume…, Resume Without
// Raising, a budget raised or turned off in Settings).
import type { App } from '../../app';
import { BudgetEnforcer } from './budgetEnforcer';
import { BudgetWarnings } from './budgetWarnings';
import { HeldPrompts } from './heldPrompts';
import { PauseActions, registerPauseCommands } from './pauseCommands';
import { registerRaiseBudget } from './raiseBudget';
import { SessionAborter } from './sessionAborter';
import { SessionPauser } from './sessionPauser';

export function registerBudget(app: App): {
  budgetEnforcer: BudgetEnforcer;
  budgetPause: { actions: PauseActions };
} {
  const pauser = new SessionPauser(app.budgetPauses, app.sessions, app.log);
  const heldPrompts = new HeldPrompts(app.budgetPauses, app.sessions, app.spend, app.log);
  const budgetEnforcer = new BudgetEnforcer(app.sessions, app.spend, new SessionAborter(app.log), pauser, app.budgetPauses, heldPrompts);
  const budgetWarnings = new BudgetWarnings(app);
  const actions = new PauseActions({ pauses: app.budgetPauses, pauser, sessions: app.sessions, spend: app.spend, active: app.active });
  app.extension.subscriptions.push(
    budgetEnforcer,
    budgetWarnings,
    actions,
    heldPrompts,
    registerPauseCommands(actions),
    registerRaiseBudget(),
  );
  return { budgetEnforcer, budgetPause: { actions } };
}
