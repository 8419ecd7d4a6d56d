// Budgets that act and speak: a budget past its limit aborts (budget.onExceeded = abort) or only announces
// (warn) what it covers, through the sessions' servers. The decision is store/budgetGuard.ts; this gathers the
// figures, acts, and says what the servers answered: a notification is shown after the aborts it reports
// were answered, and counts only those the server confirmed.
import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import { asServerError } from '../../client/serverError';
import { formatCost, formatLocalTime } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { quotedTitle } from '../../present/sessionTitle';
import { Disposable } from '../../app/disposable';
import type { SessionsModel } from '../../app/sessionsModel';
import { budgetLimits } from '../../app/settings/budgetLimits';
import { BudgetGuard, GUARD_CHECK_MS, type BudgetMode, type TreeOver, type WindowCrossing } from '../../store/budgetGuard';
import type { SpendByWindow } from '../../store/budgetWindows';
import { guardedSessions } from '../../store/guardedSessions';
import type { Logger } from '../../client/logger';
import type { SpendWindows } from '../../app/spendWindows';

interface Where {
  connection: ServerConnection;
  id: string;
}

/** What the server answered to one abort: `undefined` when it stopped the session, else its reason. */
type AbortResult = { key: string; where: Where; failure?: string };

export class BudgetEnforcer extends Disposable {
  private readonly guard = new BudgetGuard();
  /** The budget's one timer: at most one check per GUARD_CHECK_MS, however much is spent meanwhile. */
  private readonly checkTimer = this.ownTimer();
  /** What the notifications said, newest last (for tests). */
  readonly notices: string[] = [];
  /** How many times the budgets were checked: a test waits for a check, not a time. */
  checks = 0;

  constructor(
    private readonly sessions: SessionsModel,
    private readonly spend: SpendWindows,
    private readonly log: Logger,
  ) {
    super();
    this.register(sessions.onDidChange((change) => (change.servers || change.sessions.size) && this.schedule()));
    this.register(spend.onDidLoad(() => this.schedule()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('opencodeSessions.budget') && this.schedule()));
    this.schedule();
  }

  private schedule(): void {
    if (!this.checkTimer.pending) this.checkTimer.set(() => this.check(), GUARD_CHECK_MS);
  }

  private check(): void {
    this.checks += 1;
    const mode: BudgetMode = vscode.workspace.getConfiguration('opencodeSessions').get('budget.onExceeded') === 'abort' ? 'abort' : 'warn';
    const limits = budgetLimits();
    if (!Object.values(limits).some((l) => l > 0)) return;
    const windows = this.spend.current(limits.week > 0);
    const connections = new Map(this.sessions.connections.map((c) => [c.config.id, c]));
    const { sessions, treeCost, where: found } = guardedSessions([...connections.values()].map((c) => ({ serverId: c.config.id, sessions: c.sessions })));
    const where = new Map<string, Where>();
    for (const [key, { serverId, id }] of found) where.set(key, { connection: connections.get(serverId)!, id });
    const decision = this.guard.decide({
      mode,
      limits,
      windows: { hour: windows.hour.used, day: windows.day.used, week: windows.week.used },
      windowsLoading: this.spend.loading,
      treeCost,
      sessions,
    });
    if (!decision.abort.length && !decision.crossed.length && !decision.trees.length) return;
    void this.act(mode, decision.abort, decision.crossed, decision.trees, windows, where);
  }

  /** Sends the aborts, then says what each budget did, from what the servers answered. */
  private async act(mode: BudgetMode, keys: string[], crossed: WindowCrossing[], trees: TreeOver[], windows: SpendByWindow, where: Map<string, Where>): Promise<void> {
    const results = new Map((await Promise.all(keys.map((key) => this.abort(key, where.get(key)!)))).map((r) => [r.key, r]));
    for (const tree of trees) {
      const root = where.get(tree.rootKey);
      if (root) this.announceTree(mode, tree, root, tree.abort.map((k) => results.get(k)!));
    }
    const inTrees = new Set(trees.flatMap((t) => t.abort));
    const rest = keys.filter((k) => !inTrees.has(k)).map((k) => results.get(k)!);
    if (crossed.length) this.announceWindows(mode, crossed, windows, rest);
    else {
      // Sessions that started while a window stays over: its crossing was announced; only failures are news.
      const failed = rest.filter((r) => r.failure !== undefined);
      if (failed.length) this.show(vscode.l10n.t('OpenCode: {0}', failures(failed)), []);
    }
  }

  private async abort(key: string, where: Where): Promise<AbortResult> {
    const { connection, id } = where;
    const record = connection.sessions.get(id);
    this.log.warn(`${connection.label}: aborting ${id}: a budget is exceeded (opencodeSessions.budget.onExceeded is "abort").`);
    try {
      if (!record) throw new Error('the session is no longer listed');
      await connection.api.abort(record.info);
      this.log.info(`${connection.label}: ${id} aborted (the server confirmed).`);
      return { key, where };
    } catch (err) {
      const failure = asServerError(err, 'Stopping the session').message;
      this.log.warn(`${connection.label}: ${id} was not aborted: ${failure}`);
      // Still over budget: the guard tries again when its tree next spends.
      this.guard.abortFailed(key);
      return { key, where, failure };
    }
  }

  private announceTree(mode: BudgetMode, tree: TreeOver, root: Where, results: AbortResult[]): void {
    const record = root.connection.sessions.get(root.id);
    const title = record ? quotedTitle(record.info) : `“${messageSafe(root.id)}”`;
    const server = messageSafe(root.connection.label);
    const over = vscode.l10n.t('OpenCode: {0} on {1} is over its session budget of {2} by {3} ({4} spent with its sub-agents).', title, server, formatCost(tree.limit), formatCost(tree.used - tree.limit), formatCost(tree.used));
    const said =
      mode === 'warn'
        ? vscode.l10n.t('It keeps running (opencodeSessions.budget.onExceeded is "warn").')
        : [stoppedText(results.filter((r) => r.failure === undefined).length), failures(results.filter((r) => r.failure !== undefined))].filter(Boolean).join(' ');
    const showSession = vscode.l10n.t('Show Session');
    this.show(`${over} ${said}`, [
      [showSession, () => vscode.commands.executeCommand('opencodeSessions.switchSession', { serverId: root.connection.config.id, sessionId: root.id })],
      [vscode.l10n.t('Raise Budget…'), () => vscode.commands.executeCommand('opencodeSessions.raiseBudget', 'session')],
    ]);
  }

  private announceWindows(mode: BudgetMode, crossed: WindowCrossing[], windows: SpendByWindow, results: AbortResult[]): void {
    const over = crossed
      .map((c) => vscode.l10n.t('the {0} of {1} is exceeded by {2} ({3} spent; it resets {4}).', windowName(c.budget), formatCost(c.limit), formatCost(c.used - c.limit), formatCost(c.used), formatLocalTime(windows[c.budget].resetsAt)))
      .join(' ');
    const said =
      mode === 'warn'
        ? vscode.l10n.t('Nothing is stopped (opencodeSessions.budget.onExceeded is "warn").')
        : [stoppedText(results.filter((r) => r.failure === undefined).length), failures(results.filter((r) => r.failure !== undefined)), vscode.l10n.t('Sessions that start while it stays over are stopped too.')].filter(Boolean).join(' ');
    // Raise Budget… asks which one when several crossed at once.
    const budget = crossed.length === 1 ? crossed[0].budget : undefined;
    this.show(vscode.l10n.t('OpenCode: {0}', `${over} ${said}`), [[vscode.l10n.t('Raise Budget…'), () => vscode.commands.executeCommand('opencodeSessions.raiseBudget', budget)]]);
  }

  private show(message: string, actions: Array<[string, () => Thenable<unknown>]>): void {
    this.notices.push(message);
    void vscode.window.showWarningMessage(message, ...actions.map(([title]) => title)).then((choice) => {
      void actions.find(([title]) => title === choice)?.[1]();
    });
  }
}

/** Counts only the aborts the server answered. */
function stoppedText(stopped: number): string {
  if (stopped === 0) return '';
  return stopped === 1 ? vscode.l10n.t('Stopped 1 session.') : vscode.l10n.t('Stopped {0} sessions.', stopped);
}

/** Each abort that failed, with the server's reason. */
function failures(failed: AbortResult[]): string {
  return failed
    .map(({ where, failure }) => {
      const record = where.connection.sessions.get(where.id);
      const title = record ? quotedTitle(record.info) : `“${messageSafe(where.id)}”`;
      return vscode.l10n.t('Could not stop {0} on {1}: {2}', title, messageSafe(where.connection.label), messageSafe(failure ?? ''));
    })
    .join(' ');
}

function windowName(budget: WindowCrossing['budget']): string {
  switch (budget) {
    case 'hour':
      return vscode.l10n.t('hourly budget');
    case 'day':
      return vscode.l10n.t('daily budget');
    case 'week':
      return vscode.l10n.t('weekly budget');
  }
}
