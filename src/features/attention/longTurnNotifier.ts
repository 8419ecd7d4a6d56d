// A long turn that ends while you are elsewhere raises one calm notification naming its session, with Show: the
// turn of a root session (its sub-agents within it) that ran at least `opencodeSessions.notifyOnLongTurn` minutes
// (default 2; 0 turns it off), ending while VS Code's window is not focused; at most one per session a minute,
// shared with the request notifications.
import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import type { AttentionModel } from '../../app/sessions/attention';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import { readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { ServerConnection } from '../../client/serverConnection';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { sessionTitle } from '../../present/sessionTitle';
import { LongTurns } from './longTurns';
import { runCommand } from '../../app/commands/commandTable';

export class LongTurnNotifier extends Disposable {
  private readonly turns = new LongTurns();

  constructor(
    sessions: SessionsModel,
    private readonly attention: Pick<AttentionModel, 'mayNotify'>,
  ) {
    super();
    this._register(
      sessions.onDidChange(({ sessions: changes }) => {
        const now = Date.now();
        for (const [connection, { changed }] of changes)
          for (const { root, ms } of this.turns.check(connection.config.id, connection.sessions, changed, now))
            this.ended(connection, root, ms);
      }),
    );
  }

  private ended(connection: ServerConnection, root: string, ms: number): void {
    const minutes = readSetting<number>(SETTING.notifyOnLongTurn) ?? 2;
    if (!(minutes > 0) || ms < minutes * 60_000 || connection.state.kind !== 'online') return;
    if (vscode.window.state.focused) return;
    if (!this.attention.mayNotify(connection, root)) return;
    const record = connection.sessions.get(root);
    if (!record) return;
    const title = `“${messageSafe(sessionTitle(record.info))}”`;
    const took = ms < 60_000 ? vscode.l10n.t('{0} s', Math.round(ms / 1000)) : vscode.l10n.t('{0} min', Math.round(ms / 60_000));
    const cost = formatCost(connection.sessions.inclusive(root).cost);
    const message = record.lastError
      ? vscode.l10n.t('OpenCode: {0} stopped with an error after {1} ({2}, {3}).', title, took, cost, messageSafe(connection.label))
      : vscode.l10n.t('OpenCode: {0} finished after {1} ({2}, {3}).', title, took, cost, messageSafe(connection.label));
    const show = vscode.l10n.t('Show');
    void showInformation(message, show).then((choice) => {
      if (choice === show) void runCommand('opencodeSessions.switchSession', { serverId: connection.config.id, sessionId: root });
    });
  }
}
