import * as vscode from 'vscode';
import type { CommandContext } from '../../../app/commands/context';

export function registerClearFilter({ tree }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.clearFilter', () => tree.setOptions({ filter: undefined }));
}
