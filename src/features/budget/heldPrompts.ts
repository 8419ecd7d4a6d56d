// A pause holds until the user lifts it (issue 73): a prompt from another client (the TUI, a script, another
// window's server) to a paused session while its budget still holds is stopped at once and the pause stays; the
// window says so once per paused tree, with what the user can do. Where the project's OpenCode plugin runs, the
// server refuses the prompt's model request itself (src/plugin/pauseGate.ts) and this stop finds the run ended.
import * as vscode from 'vscode';
import type { BudgetPauses, PausesChange } from '../../app/budgets/budgetPauses';
import { showWarning } from '../../app/host/notify';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { SpendWindows } from '../../app/budgets/spendWindows';
import { Disposable } from '../../base/disposable';
import type { Logger } from '../../base/logger';
import { RecentList } from '../../base/recentList';
import { asServerError } from '../../client/serverApi';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { quotedTitle } from '../../present/sessionTitle';
import type { PausedSession } from '../../store/budgetPause';
import { sessionKey } from '../../store/sessionKey';
import { budgetWindowName } from './budgetNotices';
import { budgetHolds } from './pauseSpend';
import { runCommand } from '../../app/commands/commandTable';

export interface HeldStop {
  pause: PausedSession;
  /** Whether the run was still going when the stop was sent (false: it had ended, the plugin refused it). */
  sent: boolean;
  failure?: string;
}

export class HeldPrompts extends Disposable {
  /** The stops sent for prompts under a holding pause, newest last (for tests and the log). */
  readonly stops = new RecentList<HeldStop>();
  /** Paused trees (root keys) whose stopped prompt was said: once until their pauses end. */
  private readonly told = new Set<string>();

  constructor(
    private readonly pauses: BudgetPauses,
    private readonly sessions: SessionsModel,
    spend: SpendWindows,
    private readonly log: Logger,
  ) {
    super();
    pauses.holdWhile((pause) => budgetHolds(pause, sessions, spend));
    this._register(pauses.onDidChange((change) => this.changed(change)));
  }

  private changed(change: PausesChange): void {
    for (const pause of change.prompted ?? []) void this.stop(pause);
    // A tree none of whose pauses is held any more may be paused again later: that pause is said again.
    if (change.released.length) {
      const held = new Set(this.pauses.all().map((p) => sessionKey(p.serverId, p.rootId)));
      for (const root of [...this.told]) if (!held.has(root)) this.told.delete(root);
    }
  }

  private async stop(pause: PausedSession): Promise<void> {
    const connection = this.sessions.connection(pause.serverId);
    const record = connection?.sessions.get(pause.sessionId);
    const running = record !== undefined && record.status.type !== 'idle';
    let failure: string | undefined;
    if (connection && record && running) {
      this.log.warn(`${connection.label}: ${pause.sessionId} was prompted while its ${pause.budget} budget pause holds: stopping it.`);
      try {
        await connection.api.pause(record.info);
      } catch (err) {
        failure = asServerError(err, 'Stopping the prompt').message;
        this.log.warn(`${connection.label}: ${pause.sessionId}: the prompt was not stopped: ${failure}`);
      }
    } else this.log.info(`${pause.serverId}: ${pause.sessionId} was prompted while paused; its run had ended (refused by the plugin).`);
    this.stops.add({ pause, sent: running, ...(failure !== undefined && { failure }) });
    const root = sessionKey(pause.serverId, pause.rootId);
    if (this.told.has(root)) return;
    this.told.add(root);
    this.say(pause, failure);
  }

  /** “X” is paused by its $1.80 session budget: a prompt from another client was stopped. */
  private say(pause: PausedSession, failure: string | undefined): void {
    const connection = this.sessions.connection(pause.serverId);
    const root = connection?.sessions.get(pause.rootId);
    const title = root ? quotedTitle(root.info) : `“${messageSafe(pause.rootId)}”`;
    const message = [
      pause.budget === 'session'
        ? vscode.l10n.t(
            'OpenCode: {0} is paused by its {1} session budget: a prompt from another client was stopped.',
            title,
            formatCost(pause.limit),
          )
        : vscode.l10n.t(
            'OpenCode: {0} is paused by the {1} {2}: a prompt from another client was stopped.',
            title,
            formatCost(pause.limit),
            budgetWindowName(pause.budget),
          ),
      failure === undefined ? '' : vscode.l10n.t('The server did not stop it: {0}', messageSafe(failure)),
      vscode.l10n.t('It stays paused until you raise the budget or resume it.'),
    ]
      .filter(Boolean)
      .join(' ');
    const ref = { serverId: pause.serverId, sessionId: pause.sessionId };
    // Three buttons in a notification's row: labels of a word or two (issue 77: the full command names were cut).
    const actions: Array<[string, () => Thenable<unknown>]> = [
      [vscode.l10n.t('Raise and Resume…'), () => runCommand('opencodeSessions.raiseBudgetAndResume', pause.budget)],
      [vscode.l10n.t('Resume Anyway'), () => runCommand('opencodeSessions.resumeWithoutRaising', ref)],
      [
        vscode.l10n.t('Show Session'),
        () => runCommand('opencodeSessions.switchSession', { serverId: pause.serverId, sessionId: pause.rootId }),
      ],
    ];
    void showWarning(message, ...actions.map(([title]) => title)).then((choice) => {
      void actions.find(([title]) => title === choice)?.[1]();
    });
  }
}
