import type * as vscode from 'vscode';
import { registerAddServer } from './addServer';
import type { CommandContext } from './context';
import { registerOpenSettings } from './openSettings';
import { registerRefresh } from './refresh';

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return [registerRefresh, registerAddServer, registerOpenSettings].map((register) => register(context));
}
