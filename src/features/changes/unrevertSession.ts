import * as vscode from 'vscode';
import { quotedTitle } from '../../present/sessionTitle';
import type { CommandContext } from '../../app/commands/context';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';

/** Undo Revert: OpenCode puts back the files and turns the last revert took back. */
export function registerUnrevertSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.unrevertSession',
    title: vscode.l10n.t('Undo the Revert of an OpenCode Session'),
    failure: 'Undoing the revert',
    async run(target) {
      const { connection, record } = target;
      if (!record.info.revert) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not reverted.', quotedTitle(record.info)));
        return false;
      }
      if (record.status.type !== 'idle') {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} is working: wait until it is idle, then undo the revert.', quotedTitle(record.info)));
        return false;
      }
      await target.connection.api.unrevert(record.info);
      ctx.changes.forget(connection, record.info.id);
      await connection.refreshSession(record.info.id);
      return true;
    },
  });
}
