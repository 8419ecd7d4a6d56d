import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';

export function registerOpenSettings(_: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openSettings', () =>
    vscode.commands.executeCommand('workbench.action.openSettings', '@ext:opencode-sessions.opencode-sessions'),
  );
}
