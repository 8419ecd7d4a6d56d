import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';

/** Opens the usage panel on the tree row it was invoked on, else the active (or a picked) session. */
export function registerShowUsage(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.showUsage',
    title: vscode.l10n.t('Show Usage'),
    online: false,
    run: (target) => ctx.usage?.show({ serverId: target.connection.config.id, sessionId: target.record.info.id }),
  });
}
