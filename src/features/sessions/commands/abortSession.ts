import * as vscode from 'vscode';
import { quotedTitle } from '../../../present/sessionTitle';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';

/** Stops the running turn. Only a busy session has one; the menu shows it only then. */
export function registerAbortSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.abortSession',
    title: vscode.l10n.t('Abort OpenCode Session'),
    failure: vscode.l10n.t('Aborting the session'),
    async run(target) {
      if (target.record.status.type === 'idle') {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not running anything.', quotedTitle(target.record.info)));
        return;
      }
      await target.connection.api.abort(target.record.info);
    },
  });
}
