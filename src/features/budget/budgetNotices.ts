// What the budgets say: one notification per tree over its session budget and per window crossing, after the
// aborts it reports were answered, counting only those the server confirmed.
import * as vscode from 'vscode';
import { showWarning } from '../../app/host/notify';
import type { ServerConnection } from '../../client/serverConnection';
import { formatTimeOfDay } from '../../present/clock';
import { formatCost, formatLocalTime } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { quotedTitle } from '../../present/sessionTitle';
import type { BudgetMode, StopCause, TreeOver, WindowCrossing } from '../../store/budgetGuard';
import type { SpendByWindow } from '../../store/budgetWindows';
import { runCommand } from '../../app/commands/commandTable';

export interface Where {
  connection: ServerConnection;
  id: string;
}

/** What the server answered to one abort: `undefined` when it stopped the session, else its reason. */
/** `ranOut`: its run had ended when its pause began: nothing was stopped, its next prompt is what is held. */
export type AbortResult = { key: string; where: Where; failure?: string; ranOut?: true };

export class BudgetNotices {
  tree(mode: BudgetMode, tree: TreeOver, root: Where, results: AbortResult[]): void {
    const record = root.connection.sessions.get(root.id);
    const title = record ? quotedTitle(record.info) : `“${messageSafe(root.id)}”`;
    const server = messageSafe(root.connection.label);
    const over = vscode.l10n.t(
      'OpenCode: {0} on {1} is over its session budget of {2} by {3} ({4} spent with its sub-agents).',
      title,
      server,
      formatCost(tree.limit),
      formatCost(tree.used - tree.limit),
      formatCost(tree.used),
    );
    const said =
      mode === 'warn'
        ? vscode.l10n.t('It keeps running (opencodeSessions.budget.onExceeded is "warn").')
        : [stoppedText(results.filter((r) => r.failure === undefined).length), failures(results.filter((r) => r.failure !== undefined))]
            .filter(Boolean)
            .join(' ');
    const showSession = vscode.l10n.t('Show Session');
    this.show(`${over} ${said}`, [
      [showSession, () => runCommand('opencodeSessions.switchSession', { serverId: root.connection.config.id, sessionId: root.id })],
      [vscode.l10n.t('Raise Budget…'), () => runCommand('opencodeSessions.raiseBudget', 'session')],
    ]);
  }

  windows(mode: BudgetMode, crossed: WindowCrossing[], windows: SpendByWindow, results: AbortResult[]): void {
    const over = crossed
      .map((c) =>
        vscode.l10n.t(
          'the {0} of {1} is exceeded by {2} ({3} spent; it resets {4}).',
          budgetWindowName(c.budget),
          formatCost(c.limit),
          formatCost(c.used - c.limit),
          formatCost(c.used),
          formatLocalTime(windows[c.budget].resetsAt),
        ),
      )
      .join(' ');
    const said =
      mode === 'warn'
        ? vscode.l10n.t('Nothing is stopped (opencodeSessions.budget.onExceeded is "warn").')
        : [
            stoppedText(results.filter((r) => r.failure === undefined).length),
            failures(results.filter((r) => r.failure !== undefined)),
            vscode.l10n.t('Sessions that start while it stays over are stopped too.'),
          ]
            .filter(Boolean)
            .join(' ');
    // Raise Budget… asks which one when several crossed at once.
    const budget = crossed.length === 1 ? crossed[0].budget : undefined;
    this.show(vscode.l10n.t('OpenCode: {0}', `${over} ${said}`), [
      [vscode.l10n.t('Raise Budget…'), () => runCommand('opencodeSessions.raiseBudget', budget)],
    ]);
  }

  /**
   * What a pause did, once its sessions stopped: how many the servers confirmed (which one, when one), what was
   * spent against the budget and how much of it past the limit (the crossing step and whatever was in flight with
   * it) as of `at`, and how to go on. A notice is never changed once shown: a later pause for the same budget
   * (`again`: a session that started while it stays exceeded) is a notice of its own that says so, so it does not
   * read as the first one's figures rewritten (issue 77: "$1.85 spent, $0.046 past", then "$1.90 / $0.099").
   */
  paused(cause: StopCause, results: AbortResult[], spentNow: number, root: Where | undefined, when: { at: number; again: boolean }): void {
    const stopped = results.filter((r) => r.failure === undefined);
    const confirmed = stopped.length;
    const what = root ? sessionNamed(root) : budgetWindowName(cause.budget);
    const limit = formatCost(cause.limit);
    const reached =
      cause.budget === 'session'
        ? when.again
          ? vscode.l10n.t('OpenCode: {0} is still over its session budget of {1}.', what, limit)
          : vscode.l10n.t('OpenCode: {0} reached its session budget of {1}.', what, limit)
        : when.again
          ? vscode.l10n.t('OpenCode: the {0} of {1} is still exceeded.', what, limit)
          : vscode.l10n.t('OpenCode: the {0} of {1} is reached.', what, limit);
    const past = Math.max(0, spentNow - cause.limit);
    // A run that had ended was not stopped: what the pause holds is its next prompt.
    const held = confirmed > 0 && stopped.every((r) => r.ranOut);
    const said = [
      reached,
      held
        ? confirmed === 1
          ? vscode.l10n.t('Held {0}: its run had ended; its next prompt waits until the budget is raised.', sessionNamed(stopped[0].where))
          : vscode.l10n.t('Held {0} sessions: their runs had ended; their next prompts wait until the budget is raised.', confirmed)
        : confirmed === 1 && !root
          ? vscode.l10n.t('Paused {0} between model requests, its work kept.', sessionNamed(stopped[0].where))
          : confirmed === 1
            ? vscode.l10n.t('Paused 1 session between model requests, its work kept.')
            : confirmed > 1
              ? vscode.l10n.t('Paused {0} sessions between model requests, their work kept.', confirmed)
              : '',
      confirmed
        ? vscode.l10n.t('As of {0}: {1} spent, {2} past the budget.', formatTimeOfDay(when.at), formatCost(spentNow), formatCost(past))
        : '',
      // Said here, so that a prompt the pause stops later is no second notice (heldPrompts.ts).
      confirmed
        ? vscode.l10n.t('Prompts from other clients (the TUI, a script) are stopped too until you raise the budget or resume.')
        : '',
      failures(results.filter((r) => r.failure !== undefined)),
    ]
      .filter(Boolean)
      .join(' ');
    // Button labels short enough for a notification's row (issue 77: "Raise Budget and Resume…" was cut); the
    // commands keep their full names in the palette and on the row.
    const actions: Array<[string, () => Thenable<unknown>]> = [
      [vscode.l10n.t('Raise and Resume…'), () => runCommand('opencodeSessions.raiseBudgetAndResume', cause.budget)],
    ];
    if (root)
      actions.push([
        vscode.l10n.t('Show Session'),
        () => runCommand('opencodeSessions.switchSession', { serverId: root.connection.config.id, sessionId: root.id }),
      ]);
    this.show(said, actions);
  }

  show(message: string, actions: Array<[string, () => Thenable<unknown>]>): void {
    void showWarning(message, ...actions.map(([title]) => title)).then((choice) => {
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
export function failures(failed: AbortResult[]): string {
  return failed
    .map(({ where, failure }) => {
      const record = where.connection.sessions.get(where.id);
      const title = record ? quotedTitle(record.info) : `“${messageSafe(where.id)}”`;
      return vscode.l10n.t('Could not stop {0} on {1}: {2}', title, messageSafe(where.connection.label), messageSafe(failure ?? ''));
    })
    .join(' ');
}

/** “Title” on server, for a notification. */
function sessionNamed({ connection, id }: Where): string {
  const record = connection.sessions.get(id);
  const title = record ? quotedTitle(record.info) : `“${messageSafe(id)}”`;
  return vscode.l10n.t('{0} on {1}', title, messageSafe(connection.label));
}

/** A budget as a notice names it: “session budget”, “hourly budget”… */
export function budgetWindowName(budget: StopCause['budget']): string {
  switch (budget) {
    case 'session':
      return vscode.l10n.t('session budget');
    case 'hour':
      return vscode.l10n.t('hourly budget');
    case 'day':
      return vscode.l10n.t('daily budget');
    case 'week':
      return vscode.l10n.t('weekly budget');
  }
}
