import * as vscode from 'vscode';
import { unwrap } from '../../../client/serverError';
import { quotedTitle } from '../../../present/sessionTitle';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import { sessionClient } from '../../../app/commands/sessionTarget';

/**
 * Deletes a session after a modal confirmation that says how many sub-agent sessions go with it (the
 * server deletes them too). A second argument `true` confirms without asking (scripts and tests).
 */
export function registerDeleteSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    needs: 'delete',
    id: 'opencodeSessions.deleteSession',
    title: vscode.l10n.t('Delete OpenCode Session'),
    failure: vscode.l10n.t('Deleting the session'),
    async run(target, confirmed) {
      const descendants = target.connection.sessions.descendantsOf(target.record.info.id).length;
      if (confirmed !== true) {
        const title = quotedTitle(target.record.info);
        const question =
          descendants === 0
            ? vscode.l10n.t('Delete {0}?', title)
            : descendants === 1
              ? vscode.l10n.t('Delete {0} and its child session?', title)
              : vscode.l10n.t('Delete {0} and its {1} child sessions?', title, descendants);
        const remove = vscode.l10n.t('Delete');
        const answer = await vscode.window.showWarningMessage(question, { modal: true, detail: vscode.l10n.t('This deletes it on the server, for every client. It cannot be undone.') }, remove);
        if (answer !== remove) return;
      }
      const client = await sessionClient(target);
      await unwrap(client.session.delete({ sessionID: target.record.info.id }), vscode.l10n.t('Deleting the session'));
    },
  });
}
