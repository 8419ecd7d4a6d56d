// What the status bar reads: the active session, the servers and cluster, the budget windows, OpenCode Go's
// windows and what marks sessions (paused, waiting). Its figures are app/budgets/budgetFigures.ts (the budget
// feature warns from the same).
import type { ActiveSession } from '../../app/sessions/activeSession';
import type { SessionDecorations } from '../../app/sessions/sessionDecorations';
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
  /** What marks sessions: the item says a pause (a click offers to raise and resume) and counts others waiting. */
  decorations?: Pick<SessionDecorations, 'of' | 'roots' | 'onDidChange'>;
}
