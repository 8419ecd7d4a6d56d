import * as vscode from 'vscode';
import type { CommandContext } from './context';

export function registerShowLog({ log }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showLog', () => log.show());
}
