import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import type { CommandContext } from './context';
import { ensureOnline, reportFailure, sessionClient, titleOf } from './sessionClient';
import { sessionTarget } from './sessionTarget';

/** Share (or reuse the existing share) and copy the link; and Stop Sharing. */
export function registerShareSession(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.shareSession', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Share OpenCode Session');
    if (!target || !ensureOnline(target)) return;
    try {
      let url = target.record.info.share?.url;
      if (!url) {
        const client = await sessionClient(target);
        url = (await unwrap(client.session.share({ sessionID: target.record.info.id }), 'Sharing the session')).share?.url;
      }
      if (!url) throw new Error('the server shared the session but returned no link');
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(`Copied the share link of ${titleOf(target)}.`, 'Open').then((choice) => {
        if (choice === 'Open') void vscode.env.openExternal(vscode.Uri.parse(url));
      });
      return url;
    } catch (err) {
      reportFailure('Sharing the session', err);
      return undefined;
    }
  });
}

export function registerUnshareSession(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.unshareSession', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Stop Sharing OpenCode Session');
    if (!target || !ensureOnline(target)) return;
    try {
      const client = await sessionClient(target);
      await unwrap(client.session.unshare({ sessionID: target.record.info.id }), 'Stopping the share');
      vscode.window.setStatusBarMessage(`Stopped sharing ${titleOf(target)}`, 3000);
    } catch (err) {
      reportFailure('Stopping the share', err);
    }
  });
}
