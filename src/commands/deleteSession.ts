import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import { quotedTitle } from '../present/sessionTitle';
import type { CommandContext } from './context';
import { registerSessionCommand } from './registerSessionCommand';
import { sessionClient } from './sessionTarget';

/**
 * Deletes a session after a modal confirmation that says how many sub-agent sessions go with it (the
 * server deletes them too). A second argument `true` confirms without asking (scripts and tests).
 */
export function registerDeleteSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.deleteSession',
    title: 'Delete OpenCode Session',
    failure: 'Deleting the session',
    async run(target, confirmed) {
      const descendants = target.connection.sessions.descendantsOf(target.record.info.id).length;
      if (confirmed !== true) {
        const also = descendants ? ` and its ${descendants} child session${descendants === 1 ? '' : 's'}` : '';
        const answer = await vscode.window.showWarningMessage(
          `Delete ${quotedTitle(target.record.info)}${also}?`,
          { modal: true, detail: 'This deletes it on the server, for every client. It cannot be undone.' },
          'Delete',
        );
        if (answer !== 'Delete') return;
      }
      const client = await sessionClient(target);
      await unwrap(client.session.delete({ sessionID: target.record.info.id }), 'Deleting the session');
    },
  });
}
