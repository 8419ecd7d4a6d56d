import * as vscode from 'vscode';
import { serverFor } from '../../app/commands/pickServer';
import type { CommandContext } from '../../app/commands/context';

export function registerReconnect({ registry }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.reconnect', async (node?: unknown) => {
    const connection = await serverFor(registry, node, vscode.l10n.t('Reconnect to OpenCode Server'));
    connection?.reconnect();
  });
}
