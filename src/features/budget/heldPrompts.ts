// A pause holds until the user lifts it (issue 73): a prompt from another client (the TUI, a script, another
// window's server) to a paused session while its budget still holds is stopped at once and the pause stays. The
// pause's notice says prompts are stopped, so a stop is logged, not shown again (issue 77: two warnings for one
// pause); a window that did not show that notice (a pause from before a reload) says it once per paused tree, and a
// stop the server refused is always said. Where the project's OpenCode plugin runs, the server refuses the prompt's
// model request itself (src/plugin/pauseGate.ts) and this stop finds the run ended. Elsewhere (a kubeopencode Agent
// runs no plugin) the stop lands 0.3–1.6 s after the prompt (measured, docs/features.md): a reply still streaming is
// recorded at $0 (ours: measured on 1.18.33, no step-finish), one complete sooner is recorded and counted.
import * as vscode from 'vscode';
import type { BudgetPauses, PausesChange } from '../../app/budgets/budgetPauses';
import { showWarning } from '../../app/host/notify';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { SpendWindows } from '../../app/budgets/spendWindows';
import { Disposable } from '../../base/disposable';
import type { Logger } from '../../base/logger';
import { asServerError } from '../../client/serverApi';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { quotedTitle } from '../../present/sessionTitle';
import type { PausedSession } from '../../store/pausedSession';
import { sessionKey } from '../../store/sessionKey';
import { budgetWindowName } from './budgetNotices';
import { budgetHolds } from './pauseSpend';
import { runCommand } from '../../app/commands/commandTable';

export class HeldPrompts extends Disposable {
  /** Paused trees (root keys) this window told of (their pause's notice, or a stop's): once until their pauses end. */
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

  /** The pause notice of these trees (root keys) was shown: it says that prompts from other clients are stopped. */
  toldOf(roots: Iterable<string>): void {
    for (const root of roots) this.told.add(root);
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
    } else
      this.log.info(
        `${pause.serverId}: ${pause.sessionId} was prompted while paused; its run had ended (refused by the plugin, or answered before the stop).`,
      );
    const root = sessionKey(pause.serverId, pause.rootId);
    if (this.told.has(root) && failure === undefined) return;
    this.told.add(root);
    this.say(pause, failure);
  }

  /** “X”, paused by its $1.80 session budget, was prompted from another client: the prompt was stopped (or not, and why). */
  private say(pause: PausedSession, failure: string | undefined): void {
    const connection = this.sessions.connection(pause.serverId);
    const root = connection?.sessions.get(pause.rootId);
    const title = root ? quotedTitle(root.info) : `“${messageSafe(pause.rootId)}”`;
    const message = [
      pause.budget === 'session'
        ? vscode.l10n.t(
            'OpenCode: {0}, paused by its {1} session budget, was prompted from another client.',
            title,
            formatCost(pause.limit),
          )
        : vscode.l10n.t(
            'OpenCode: {0}, paused by the {1} {2}, was prompted from another client.',
            title,
            formatCost(pause.limit),
            budgetWindowName(pause.budget),
          ),
      failure === undefined
        ? vscode.l10n.t('The prompt was stopped; it stays paused until you raise the budget or resume it.')
        : vscode.l10n.t('The server did not stop the prompt: {0}', messageSafe(failure)),
    ].join(' ');
    // The pause notice's buttons: this notice stands in for it. Resume Without Raising is on the session's row.
    const actions: Array<[string, () => Thenable<unknown>]> = [
      [vscode.l10n.t('Raise and Resume…'), () => runCommand('opencodeSessions.raiseBudgetAndResume', pause.budget)],
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
