import * as vscode from 'vscode';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';

/**
 * Opens the server's own web UI (served at its root URL; the browser asks for the password itself).
 * Its per-session route is internal to the web app and not a documented API, so this opens the root.
 */
export function registerOpenSessionInBrowser(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.openSessionInBrowser',
    title: vscode.l10n.t('Open OpenCode Session in Browser'),
    async run(target) {
      // A cluster Agent's in-cluster URL does not resolve here; its relay does.
      const { url } = await target.connection.endpoint();
      await vscode.env.openExternal(vscode.Uri.parse(url));
    },
  });
}
