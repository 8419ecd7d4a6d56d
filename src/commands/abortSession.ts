import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import type { CommandContext } from './context';
import { ensureOnline, reportFailure, sessionClient, titleOf } from './sessionClient';
import { sessionTarget } from './sessionTarget';

/** Stops the running turn. Only a busy session has one; the menu shows it only then. */
export function registerAbortSession(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.abortSession', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Abort OpenCode Session');
    if (!target || !ensureOnline(target)) return;
    if (target.record.status.type === 'idle') {
      void vscode.window.showInformationMessage(`${titleOf(target)} is not running anything.`);
      return;
    }
    try {
      const client = await sessionClient(target);
      await unwrap(client.session.abort({ sessionID: target.record.info.id }), 'Aborting the session');
    } catch (err) {
      reportFailure('Aborting the session', err);
    }
  });
}
