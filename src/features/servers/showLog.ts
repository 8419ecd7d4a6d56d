import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';

export function registerShowLog({ log }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showLog', () => log.show());
}
