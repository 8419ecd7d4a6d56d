import * as vscode from 'vscode';
import type { CommandContext } from './context';
import { sessionTarget } from './sessionTarget';

/** Works offline too: the id is already known. */
export function registerCopySessionId(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.copySessionId', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Copy OpenCode Session ID');
    if (!target) return;
    await vscode.env.clipboard.writeText(target.record.info.id);
    vscode.window.setStatusBarMessage(`Copied ${target.record.info.id}`, 3000);
  });
}
