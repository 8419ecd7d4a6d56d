import * as vscode from 'vscode';
import type { CommandContext } from './context';
import { ensureOnline, reportFailure } from './sessionClient';
import { sessionTarget } from './sessionTarget';

/** Re-reads one session from the server, without the full reconnect that Refresh does. */
export function registerRefreshSession(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.refreshSession', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Refresh OpenCode Session');
    if (!target || !ensureOnline(target)) return;
    try {
      await target.connection.refreshSession(target.record.info.id);
    } catch (err) {
      reportFailure('Refreshing the session', err);
    }
  });
}
