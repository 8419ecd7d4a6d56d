import * as vscode from 'vscode';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';

/** Re-reads one session from the server, without the full reconnect that Refresh does. */
export function registerRefreshSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.refreshSession',
    title: vscode.l10n.t('Refresh OpenCode Session'),
    failure: vscode.l10n.t('Refreshing the session'),
    run: (target) => target.connection.refreshSession(target.record.info.id),
  });
}
