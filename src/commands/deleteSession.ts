import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import type { CommandContext } from './context';
import { ensureOnline, reportFailure, sessionClient, titleOf } from './sessionClient';
import { sessionTarget } from './sessionTarget';

/**
 * Deletes a session after a modal confirmation that says how many sub-agent sessions go with it (the
 * server deletes them too). A second argument `true` confirms without asking (scripts and tests).
 */
export function registerDeleteSession(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.deleteSession', async (node?: unknown, confirmed?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Delete OpenCode Session');
    if (!target || !ensureOnline(target)) return;
    const descendants = target.connection.store.descendantsOf(target.record.info.id).length;
    if (confirmed !== true) {
      const also = descendants ? ` and its ${descendants} child session${descendants === 1 ? '' : 's'}` : '';
      const answer = await vscode.window.showWarningMessage(
        `Delete ${titleOf(target)}${also}?`,
        { modal: true, detail: 'This deletes it on the server, for every client. It cannot be undone.' },
        'Delete',
      );
      if (answer !== 'Delete') return;
    }
    try {
      const client = await sessionClient(target);
      await unwrap(client.session.delete({ sessionID: target.record.info.id }), 'Deleting the session');
    } catch (err) {
      reportFailure('Deleting the session', err);
    }
  });
}
