import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import { quotedTitle } from '../present/sessionTitle';
import type { CommandContext } from './context';
import { registerSessionCommand } from './registerSessionCommand';
import { sessionClient } from './sessionTarget';

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
      const client = await sessionClient(target);
      await unwrap(client.session.abort({ sessionID: target.record.info.id }), vscode.l10n.t('Aborting the session'));
    },
  });
}
