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
    title: 'Abort OpenCode Session',
    failure: 'Aborting the session',
    async run(target) {
      if (target.record.status.type === 'idle') {
        void vscode.window.showInformationMessage(`${quotedTitle(target.record.info)} is not running anything.`);
        return;
      }
      const client = await sessionClient(target);
      await unwrap(client.session.abort({ sessionID: target.record.info.id }), 'Aborting the session');
    },
  });
}
