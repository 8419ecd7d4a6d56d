import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';

/** Reconnects every server, which re-fetches all sessions (the event stream replays nothing). */
export function registerRefresh({ registry }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.refresh', () => registry.reconnectAll());
}
