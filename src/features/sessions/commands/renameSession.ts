import * as vscode from 'vscode';
import { unwrap } from '../../../client/serverError';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import { sessionClient } from '../../../app/commands/sessionTarget';

/** Renames on the server; the tree follows from the `session.updated` event. A second argument skips the prompt. */
export function registerRenameSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    needs: 'rename',
    id: 'opencodeSessions.renameSession',
    title: vscode.l10n.t('Rename OpenCode Session'),
    failure: vscode.l10n.t('Renaming the session'),
    async run(target, given) {
      const title =
        typeof given === 'string'
          ? given
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Rename Session'),
              value: target.record.info.title,
              validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A title cannot be empty.')),
            });
      if (!title?.trim() || title === target.record.info.title) return;
      const client = await sessionClient(target);
      await unwrap(client.session.update({ sessionID: target.record.info.id, title: title.trim() }), vscode.l10n.t('Renaming the session'));
    },
  });
}
