// What counts against a pause's budget now, and whether that budget still holds the pause: the one reading of both
// that Raise Budget and Resume…, a budget raised in Settings and a prompt from another client share.
import type { SpendWindows } from '../../app/budgets/spendWindows';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import { budgetLimits } from '../../app/settings/budgetLimits';
import type { PausedSession } from '../../store/pausedSession';
import { budgetMode } from './budgetMode';

/** Its tree's spend (the session budget), or its window's. */
export function spentAgainst(pause: PausedSession, sessions: SessionsModel, spend: SpendWindows): number {
  if (pause.budget !== 'session') return spend.current(true)[pause.budget].used;
  const connection = sessions.connection(pause.serverId);
  return connection?.sessions.get(pause.rootId) ? connection.sessions.inclusive(pause.rootId).cost : pause.spent;
}

/**
 * Whether the pause's budget still holds it: budgets still pause, its budget is set and what counts against it is
 * still past the limit (as the guard stops at). Raised past the spend, turned off, its window rolled over: it holds no more.
 */
export function budgetHolds(pause: PausedSession, sessions: SessionsModel, spend: SpendWindows): boolean {
  const limit = budgetLimits()[pause.budget];
  return budgetMode() === 'pause' && limit > 0 && spentAgainst(pause, sessions, spend) > limit;
}
