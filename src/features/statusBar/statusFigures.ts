// What the status bar reads: the active session, the servers and cluster, the budget windows, OpenCode Go's
// windows and what needs you. Its figures are app/budgets/budgetFigures.ts (the budget feature warns from the same).
import type { ActiveSession } from '../../app/sessions/activeSession';
import type { AttentionModel } from '../../app/sessions/attention';
import type { BudgetPauses } from '../../app/budgets/budgetPauses';
import type { FigureSources } from '../../app/budgets/budgetFigures';
import type { GoPlanModel } from '../../app/goPlan/goPlanModel';
import type { SessionsModel } from '../../app/sessions/sessionsModel';

/** What the status bar reads. */
export interface StatusSources extends FigureSources {
  active: ActiveSession;
  /** Each frame's report: the budget windows move only when a session spent (store/spendMoved.ts). */
  sessions: SessionsModel;
  /** OpenCode Go's windows (shown only with a key). */
  goPlan?: GoPlanModel;
  /** What needs you: the item counts the other sessions waiting for an answer. */
  attention?: Pick<AttentionModel, 'all' | 'onDidChange'>;
  /** Sessions a budget paused: the item says so and a click offers to raise the budget and resume. */
  budgetPauses?: Pick<BudgetPauses, 'of' | 'onDidChange'>;
}
