import * as vscode from 'vscode';
import type { CommandContext } from './context';
import { sessionTarget } from './sessionTarget';

/** Opens the usage panel on the tree row it was invoked on, else the active (or a picked) session. */
export function registerShowUsage(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showUsage', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Show Usage');
    if (!target || !ctx.usage) return;
    ctx.usage.show({ serverId: target.connection.config.id, sessionId: target.record.info.id });
  });
}
