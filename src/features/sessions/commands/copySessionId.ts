import * as vscode from 'vscode';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';

/** Works offline too: the id is already known. */
export function registerCopySessionId(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.copySessionId',
    title: vscode.l10n.t('Copy OpenCode Session ID'),
    online: false,
    async run(target) {
      await vscode.env.clipboard.writeText(target.record.info.id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', target.record.info.id), 3000);
    },
  });
}
