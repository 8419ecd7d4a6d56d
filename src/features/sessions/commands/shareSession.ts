import * as vscode from 'vscode';
import { unwrap } from '../../../client/serverError';
import { quotedTitle } from '../../../present/sessionTitle';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import { sessionClient } from '../../../app/commands/sessionTarget';

/** Share (or reuse the existing share) and copy the link; and Stop Sharing. */
export function registerShareSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    needs: 'share',
    id: 'opencodeSessions.shareSession',
    title: vscode.l10n.t('Share OpenCode Session'),
    failure: vscode.l10n.t('Sharing the session'),
    async run(target) {
      let url = target.record.info.share?.url;
      if (!url) {
        const client = await sessionClient(target);
        url = (await unwrap(client.session.share({ sessionID: target.record.info.id }), vscode.l10n.t('Sharing the session'))).share?.url;
      }
      if (!url) throw new Error('the server shared the session but returned no link');
      await vscode.env.clipboard.writeText(url);
      const link = url;
      const open = vscode.l10n.t('Open');
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the share link of {0}.', quotedTitle(target.record.info)), open).then((choice) => {
        if (choice === open) void vscode.env.openExternal(vscode.Uri.parse(link));
      });
      return url;
    },
  });
}

export function registerUnshareSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    needs: 'share',
    id: 'opencodeSessions.unshareSession',
    title: vscode.l10n.t('Stop Sharing OpenCode Session'),
    failure: vscode.l10n.t('Stopping the share'),
    async run(target) {
      const client = await sessionClient(target);
      await unwrap(client.session.unshare({ sessionID: target.record.info.id }), vscode.l10n.t('Stopping the share'));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Stopped sharing {0}', quotedTitle(target.record.info)), 3000);
    },
  });
}
