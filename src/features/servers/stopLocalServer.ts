import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';

/** Stops the server this extension started (from the view's menu, the server row, or the palette). */
export function registerStopLocalServer({ localServer }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.stopLocalServer', () => localServer.stop());
}
